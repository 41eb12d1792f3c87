package org.halodse.hw.dvfs;

import java.math.BigInteger;
import java.util.List;

/**
 * Choose one DVFS level per group of an execution order. Hard: no group faster than is safe; at
 * most {@code maxLevels} distinct levels; at most {@code maxSwitches} level changes (between
 * consecutive groups, and from {@code initialLevel} if >= 0). Soft: the energy-delay product,
 * or {@code timeWeight * T[ps] + energyWeight * E[fJ]}.
 *
 * <p>All planners (OptaPlanner, the DP, exhaustive enumeration) score on the same integer tables:
 * time in ps and energy in fJ per group and level, so their optima compare exactly.
 */
public final class DvfsProblem {
    public enum Objective { EDP, WEIGHTED }

    final int n, levels;
    final long[][] timePs, energyFj;
    final boolean[][] safe;
    final int[] pinned;
    final long switchPs, switchFj;
    final int maxLevels, maxSwitches, initialLevel;
    final Objective objective;
    final long timeWeight, energyWeight;
    final List<DvfsGroup> groups;

    /**
     * @param freqHz   per level: clock
     * @param dynScale per level: dynamic energy over nominal ((V/Vnom)^2)
     * @param staticW  per level: static power
     */
    public DvfsProblem(List<DvfsGroup> groups, double[] freqHz, double[] dynScale, double[] staticW,
                       double switchSeconds, double switchJ, int maxLevels, int maxSwitches, int initialLevel,
                       Objective objective, long timeWeight, long energyWeight) {
        this.groups = List.copyOf(groups);
        n = groups.size();
        levels = freqHz.length;
        if (levels > 16) throw new IllegalArgumentException("at most 16 levels");
        if (maxLevels < 1 || maxSwitches < 0) throw new IllegalArgumentException("maxLevels >= 1 and maxSwitches >= 0");
        timePs = new long[n][levels];
        energyFj = new long[n][levels];
        safe = new boolean[n][levels];
        pinned = new int[n];
        for (int g = 0; g < n; g++) {
            DvfsGroup gr = groups.get(g);
            pinned[g] = gr.pinnedLevel();
            for (int l = 0; l < levels; l++) {
                double t = Math.max(gr.cycles() / freqHz[l], gr.memorySeconds());
                timePs[g][l] = Math.round(t * 1e12);
                energyFj[g][l] = Math.round((gr.dynamicJ() * dynScale[l] + gr.fixedJ() + staticW[l] * t) * 1e15);
                safe[g][l] = freqHz[l] <= gr.safeFrequencyHz()[l] * (1 + 1e-9) && (pinned[g] < 0 || pinned[g] == l);
            }
        }
        switchPs = Math.round(switchSeconds * 1e12);
        switchFj = Math.round(switchJ * 1e15);
        this.maxLevels = maxLevels;
        this.maxSwitches = maxSwitches;
        this.initialLevel = initialLevel;
        this.objective = objective;
        this.timeWeight = timeWeight;
        this.energyWeight = energyWeight;
    }

    public int size() { return n; }

    public int levels() { return levels; }

    public List<DvfsGroup> groups() { return groups; }

    public boolean safe(int g, int l) { return safe[g][l]; }

    /** The objective of total time T (ps) and energy E (fJ). */
    public BigInteger objective(long t, long e) {
        return objective == Objective.EDP ? BigInteger.valueOf(t).multiply(BigInteger.valueOf(e))
            : BigInteger.valueOf(t).multiply(BigInteger.valueOf(timeWeight)).add(BigInteger.valueOf(e).multiply(BigInteger.valueOf(energyWeight)));
    }

    /** Evaluates an assignment (feasible or not). */
    public DvfsPlan evaluate(int[] level, String method) {
        long t = 0, e = 0;
        int sw = 0, mask = 0;
        boolean safeAll = true;
        int prev = initialLevel;
        for (int g = 0; g < n; g++) {
            int l = level[g];
            t += timePs[g][l];
            e += energyFj[g][l];
            safeAll &= safe[g][l];
            mask |= 1 << l;
            if (prev >= 0 && prev != l) sw++;
            prev = l;
        }
        t += sw * switchPs;
        e += sw * switchFj;
        int distinct = Integer.bitCount(mask);
        boolean feasible = safeAll && distinct <= maxLevels && sw <= maxSwitches;
        return new DvfsPlan(level.clone(), t, e, sw, distinct, objective(t, e), feasible, method);
    }
}
