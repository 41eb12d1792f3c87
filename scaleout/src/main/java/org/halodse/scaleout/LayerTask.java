package org.halodse.scaleout;

import com.fasterxml.jackson.core.type.TypeReference;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import org.apache.spark.api.java.function.Function;
import org.apache.spark.broadcast.Broadcast;
import org.halodse.objectives.model.LinearLayer;
import org.halodse.objectives.model.ModelCatalog;
import org.halodse.objectives.model.ModelSource;
import org.halodse.objectives.profile.LayerProfile;
import org.halodse.objectives.profile.ProfileCache;
import org.halodse.objectives.profile.Profiler;
import org.halodse.objectives.quant.QuantOption;
import scala.Tuple2;

/**
 * One profile task, run on an executor: opens the model from its reference itself (the weights are
 * never shipped), takes layer {@code index} and computes its table with the same
 * {@link Profiler#layer} the plain path calls. The table goes back as the profile cache's JSON,
 * which round-trips every double exactly (the plain path reads the same JSON from its cache).
 */
final class LayerTask implements Function<Integer, Tuple2<Integer, String>> {
    private static final long serialVersionUID = 1L;

    private final String modelRef;
    private final List<String> layerNames;
    private final double[] delayPs;
    private final long sampleAbove;
    private final int sampleRows;
    private final long seed;
    private final boolean refine;
    private final String optionsJson;
    private final Broadcast<StatsTable> stats;

    LayerTask(String modelRef, List<String> layerNames, double[] delayPs, Profiler.Settings s, String optionsJson, Broadcast<StatsTable> stats) {
        this.modelRef = modelRef;
        this.layerNames = List.copyOf(layerNames);
        this.delayPs = delayPs.clone();
        this.sampleAbove = s.sampleAbove();
        this.sampleRows = s.sampleRows();
        this.seed = s.seed();
        this.refine = s.refine();
        this.optionsJson = optionsJson;
        this.stats = stats;
    }

    @Override
    public Tuple2<Integer, String> call(Integer index) {
        ModelSource model = ModelCatalog.resolve(modelRef);
        List<LinearLayer> layers = model.layers();
        // the driver's layers are the model's, or a prefix of them (benchmarks profile some blocks)
        if (index >= layers.size() || !layers.get(index).name().equals(layerNames.get(index))) {
            throw new IllegalStateException(modelRef + ": the executor sees another model (" + layers.size() + " layers, layer " + index + " '"
                + (index < layers.size() ? layers.get(index).name() : "-") + "') than the driver (" + layerNames.size() + " layers, '" + layerNames.get(index) + "')");
        }
        List<QuantOption> options;
        try {
            options = ProfileCache.JSON.readValue(optionsJson, new TypeReference<List<QuantOption>>() {});
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        double[] d = delayPs;
        // one thread: the task is the unit of parallelism (Profiler.layer uses no pool anyway)
        Profiler p = new Profiler(w -> d[w + 128], new Profiler.Settings(sampleAbove, sampleRows, seed, 1, refine));
        LayerProfile table = p.layer(layers.get(index), stats.value(), options);
        return new Tuple2<>(index, ProfileCache.toJson(table, false));
    }
}
