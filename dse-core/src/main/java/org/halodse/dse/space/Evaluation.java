package org.halodse.dse.space;

import java.util.Arrays;
import java.util.Map;

/**
 * The result of evaluating one candidate: its objective vector (all minimized), its total
 * constraint violation (0 = feasible) and free-form metadata.
 */
public record Evaluation(double[] objectives, double violation, Map<String, String> metadata) {
    public Evaluation {
        objectives = objectives.clone();
        if (!(violation >= 0)) throw new IllegalArgumentException("violation must be >= 0, got " + violation);
        for (double v : objectives) if (Double.isNaN(v)) throw new IllegalArgumentException("objective is NaN: " + Arrays.toString(objectives));
        metadata = metadata == null ? Map.of() : Map.copyOf(metadata);
    }

    public static Evaluation of(double... objectives) {
        return new Evaluation(objectives, 0.0, Map.of());
    }

    public boolean feasible() {
        return violation == 0.0;
    }

    public double objective(int i) {
        return objectives[i];
    }

    @Override
    public double[] objectives() {
        return objectives.clone();
    }

    /** The objective vector without a copy; callers must not modify it. */
    public double[] objectivesView() {
        return objectives;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Evaluation e && Arrays.equals(e.objectives, objectives)
            && Double.compare(e.violation, violation) == 0 && e.metadata.equals(metadata);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(objectives) * 31 + Double.hashCode(violation);
    }

    @Override
    public String toString() {
        return "Evaluation" + Arrays.toString(objectives) + (violation > 0 ? " violation " + violation : "");
    }
}
