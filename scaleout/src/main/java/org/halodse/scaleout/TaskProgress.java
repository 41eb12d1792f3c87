package org.halodse.scaleout;

import java.util.BitSet;
import java.util.function.IntFunction;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import org.halodse.objectives.profile.Profiler;

/**
 * Progress of a job from Spark's own events: a task counts once, when a first attempt of its
 * partition succeeds (a task re-run after an executor was lost is not counted twice).
 */
final class TaskProgress extends SparkListener implements AutoCloseable {
    private final JavaSparkContext jsc;
    private final int total;
    private final IntFunction<String> label;
    private final Profiler.Progress progress;
    private final BitSet done = new BitSet();

    private TaskProgress(JavaSparkContext jsc, int total, IntFunction<String> label, Profiler.Progress progress) {
        this.jsc = jsc;
        this.total = total;
        this.label = label;
        this.progress = progress;
    }

    /** Listens until closed; {@code label} names partition i. */
    static TaskProgress attach(JavaSparkContext jsc, int total, IntFunction<String> label, Profiler.Progress progress) {
        TaskProgress t = new TaskProgress(jsc, total, label, progress);
        jsc.sc().addSparkListener(t);
        return t;
    }

    @Override
    public void onTaskEnd(SparkListenerTaskEnd e) {
        if (progress == null || !e.taskInfo().successful()) return;
        int part = e.taskInfo().index();
        int count;
        synchronized (done) {
            if (done.get(part)) return;
            done.set(part);
            count = done.cardinality();
        }
        synchronized (progress) {
            progress.layerDone(count, total, label.apply(part));
        }
    }

    @Override
    public void close() {
        jsc.sc().removeSparkListener(this);
    }
}
