package org.halodse.scaleout;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.broadcast.Broadcast;
import org.halodse.objectives.model.LinearLayer;
import org.halodse.objectives.profile.LayerProfile;
import org.halodse.objectives.profile.ModelProfile;
import org.halodse.objectives.profile.ProfileCache;
import org.halodse.objectives.profile.Profiler;
import org.halodse.studies.run.ProfileEngine;
import scala.Tuple2;

/**
 * The layer profile on Spark: one task per linear layer, each calling {@link Profiler#layer} on an
 * executor, the tables put back in layer order into the same {@link ModelProfile} the plain
 * {@link Profiler#run} builds. Tables do not depend on where or in which order layers ran, so the
 * profile is the plain one, bit for bit (but for {@code seconds}, the wall time).
 */
public final class DistributedProfiler {
    private DistributedProfiler() {
    }

    public static ModelProfile profile(SparkEngine engine, ProfileEngine.Job job, Profiler.Progress progress) {
        long t0 = System.nanoTime();
        List<LinearLayer> layers = job.layers();
        int n = layers.size();
        var jsc = engine.context();
        Broadcast<StatsTable> stats = jsc.broadcast(StatsTable.of(layers, job.stats()));
        List<String> names = new ArrayList<>();
        for (LinearLayer l : layers) names.add(l.name());
        LayerTask task = new LayerTask(job.modelRef(), names, job.delayPs(), job.settings(), ProfileCache.toJson(job.options(), false), stats);
        // largest layers first, so a big layer does not start last and leave the other slots idle
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < n; i++) order.add(i);
        order.sort(Comparator.comparingLong((Integer i) -> -layers.get(i).parameters()).thenComparing(i -> i));
        LayerProfile[] out = new LayerProfile[n];
        try (TaskProgress tp = TaskProgress.attach(jsc, n, i -> names.get(order.get(i)), progress)) {
            JavaRDD<Integer> idx = jsc.parallelize(order, Math.max(1, n));
            List<Tuple2<Integer, String>> tables;
            try {
                tables = idx.map(task).collect();
            } catch (RuntimeException e) {
                throw SparkEngine.unwrap(e);
            }
            for (Tuple2<Integer, String> t : tables) {
                try {
                    out[t._1()] = ProfileCache.JSON.readValue(t._2(), LayerProfile.class);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        } finally {
            stats.destroy();
        }
        double worst = 0;
        for (int v = -128; v <= 127; v++) worst = Math.max(worst, job.delayPs()[v + 128]);
        double secs = (System.nanoTime() - t0) / 1e9;
        return new ModelProfile(ModelProfile.FORMAT, job.key(), job.modelName(), job.synthetic(), job.stats().identity(), n, job.options().size(),
            List.copyOf(job.options()), worst, null, Math.round(secs * 1000) / 1000.0, List.of(out));
    }
}
