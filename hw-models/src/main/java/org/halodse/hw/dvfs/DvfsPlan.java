package org.halodse.hw.dvfs;

import java.math.BigInteger;

/** A level per group, its total time (ps), energy (fJ), switches, distinct levels and objective. */
public record DvfsPlan(int[] levels, long timePs, long energyFj, int switches, int distinctLevels,
                       BigInteger objective, boolean feasible, String method) {
    /** Feasible first, then lower objective. */
    public boolean betterThan(DvfsPlan o) {
        if (o == null) return true;
        if (feasible != o.feasible) return feasible;
        return objective.compareTo(o.objective) < 0;
    }
}
