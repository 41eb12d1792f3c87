package org.halodse.scaleout;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerExecutorRemoved;
import org.apache.spark.scheduler.SparkListenerTaskEnd;

/**
 * A Spark listener (installed with spark.extraListeners) that triggers a fault by progress, not
 * by wall time: when the first task of a job with at least {@link #MIN_TASKS} tasks succeeds, it
 * hands that task's executor id to {@link #onFirstTask} (once). Counts lost executors and failed
 * task attempts, so the test can check the fault did happen.
 */
public final class KillOnFirstTask extends SparkListener {
    static final int MIN_TASKS = 8;
    static volatile Consumer<String> onFirstTask;
    static final AtomicInteger fired = new AtomicInteger();
    static final AtomicInteger executorsRemoved = new AtomicInteger();
    static final AtomicInteger failedTasks = new AtomicInteger();
    private final java.util.Set<Integer> bigStages = java.util.concurrent.ConcurrentHashMap.newKeySet();

    @Override
    public void onStageSubmitted(org.apache.spark.scheduler.SparkListenerStageSubmitted s) {
        if (s.stageInfo().numTasks() >= MIN_TASKS) bigStages.add(s.stageInfo().stageId());
    }

    @Override
    public void onTaskEnd(SparkListenerTaskEnd e) {
        if (!e.taskInfo().successful()) {
            failedTasks.incrementAndGet();
            return;
        }
        Consumer<String> hook = onFirstTask;
        if (hook != null && bigStages.contains(e.stageId()) && fired.compareAndSet(0, 1)) {
            String exec = e.taskInfo().executorId();
            new Thread(() -> hook.accept(exec), "kill-worker").start();
        }
    }

    @Override
    public void onExecutorRemoved(SparkListenerExecutorRemoved e) {
        executorsRemoved.incrementAndGet();
    }
}
