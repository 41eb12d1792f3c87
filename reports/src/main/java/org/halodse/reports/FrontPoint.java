package org.halodse.reports;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A point of the Pareto front: its objective values (in the order of the report's objectives),
 * its validated metrics (e.g. {@code measuredFidelityLoss}, {@code proxyGap}) and its per-layer
 * decisions.
 */
public record FrontPoint(String id, double[] objectives, Map<String, Double> validated, List<LayerDecision> layers) {
    public FrontPoint {
        Objects.requireNonNull(id, "id");
        objectives = Objects.requireNonNull(objectives, "objectives").clone();
        validated = Arrays2.orderedCopy(validated);
        layers = layers == null ? List.of() : List.copyOf(layers);
    }

    @Override
    public double[] objectives() {
        return objectives.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof FrontPoint p && p.id.equals(id) && Arrays.equals(p.objectives, objectives)
                && p.validated.equals(validated) && p.layers.equals(layers);
    }

    @Override
    public int hashCode() {
        return Objects.hash(id, Arrays.hashCode(objectives), validated, layers);
    }

    @Override
    public String toString() {
        return "FrontPoint[id=" + id + ", objectives=" + Arrays.toString(objectives) + ", validated=" + validated + ", layers=" + layers.size() + "]";
    }
}
