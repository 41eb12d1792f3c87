package org.halodse.dse.space;

import java.util.List;

/** A multi-objective problem over a design space. Implementations must be thread-safe and deterministic. */
public interface Problem {
    DesignSpace space();

    List<Objective> objectives();

    default List<Constraint> constraints() {
        return List.of();
    }

    /** The objective vector of {@code c}, all minimized. */
    double[] objectiveValues(Candidate c);

    /** Objectives plus the summed violation of {@link #constraints()}. */
    default Evaluation evaluate(Candidate c) {
        double[] f = objectiveValues(c);
        double v = 0;
        for (Constraint k : constraints()) {
            double x = k.violation(c, f);
            if (!(x >= 0)) throw new IllegalStateException("constraint " + k.name() + " returned " + x);
            v += x;
        }
        return new Evaluation(f, v, null);
    }
}
