package org.halodse.reports;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.halodse.dse.pareto.Knee;
import org.halodse.dse.pareto.Normalization;
import org.halodse.dse.space.Objective;

/**
 * Everything a Pareto report shows: the study, chip and model; the objectives; the front with its
 * validated metrics and per-layer decisions; the baselines; the hypervolume figure and its history
 * over the search; the characterized MAC; provenance (versions, seeds, hashes). {@code hypervolume}
 * and {@code mac} may be null when not measured.
 */
public record ParetoReport(String study, String chip, String model, boolean syntheticModel, List<Objective> objectives,
        List<FrontPoint> points, List<Baseline> baselines, HypervolumeFigure hypervolume, List<HypervolumeSample> history,
        WeightProfile mac, Map<String, String> provenance) {
    public ParetoReport {
        study = study == null ? "" : study;
        Objects.requireNonNull(chip, "chip");
        model = model == null ? "" : model;
        objectives = List.copyOf(Objects.requireNonNull(objectives, "objectives"));
        if (objectives.isEmpty()) throw new IllegalArgumentException("a report needs at least one objective");
        points = points == null ? List.of() : List.copyOf(points);
        baselines = baselines == null ? List.of() : List.copyOf(baselines);
        history = history == null ? List.of() : List.copyOf(history);
        provenance = Arrays2.orderedCopy(provenance);
        int m = objectives.size();
        for (FrontPoint p : points) {
            if (p.objectives().length != m) throw new IllegalArgumentException("point " + p.id() + " has " + p.objectives().length + " objective values, the report " + m);
        }
        for (Baseline b : baselines) {
            if (b.objectives().length != m) throw new IllegalArgumentException("baseline " + b.name() + " has " + b.objectives().length + " objective values, the report " + m);
        }
        if (hypervolume != null && hypervolume.referencePoint().length != m) {
            throw new IllegalArgumentException("hypervolume reference point of " + hypervolume.referencePoint().length + " objectives, the report " + m);
        }
    }

    /** Index of the objective named {@code name} (case-insensitive), or -1. */
    public int objectiveIndex(String name) {
        for (int i = 0; i < objectives.size(); i++) if (objectives.get(i).name().equalsIgnoreCase(name)) return i;
        return -1;
    }

    /** Index into {@link #points()} of the front's knee (dse-core's {@link Knee}), -1 when there are no points. */
    public int kneeIndex() {
        if (points.isEmpty()) return -1;
        List<double[]> f = new ArrayList<>();
        for (FrontPoint p : points) f.add(p.objectives());
        Normalization n;
        try {
            n = hypervolume != null ? hypervolume.normalization() : Normalization.of(f);
        } catch (IllegalArgumentException degenerateBounds) {
            n = Normalization.of(f);
        }
        return Knee.index(f, n);
    }
}
