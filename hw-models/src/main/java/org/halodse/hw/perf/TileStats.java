package org.halodse.hw.perf;

import org.halodse.hw.timing.WeightDelayProfile;

/**
 * Per-weight-value tables to the per-class numbers the layer model takes. The energy table
 * (fJ per MAC, indexed by weight - minWeight, 256 entries for INT8) comes from the switching-energy
 * characterization (issue 3 item 1); the delays from {@link WeightDelayProfile}.
 */
public final class TileStats {
    private TileStats() {
    }

    /**
     * Mean dynamic energy per MAC at nominal voltage: sum_w histogram[w] * energy[w] / sum_w
     * histogram[w] (both indexed by weight - minWeight).
     */
    public static double meanFj(double[] histogram, double[] energyFj) {
        if (histogram.length != energyFj.length) throw new IllegalArgumentException("histogram and energy table differ in length");
        double s = 0, n = 0;
        for (int i = 0; i < histogram.length; i++) {
            s += histogram[i] * energyFj[i];
            n += histogram[i];
        }
        return n == 0 ? 0 : s / n;
    }

    /** d_slowest_present / d_worst: the delay ratio of a tile class holding these values. */
    public static double delayRatio(double[] histogram, WeightDelayProfile p) {
        double worst = p.worstDelay(), d = 0;
        for (int i = 0; i < histogram.length; i++) {
            if (histogram[i] > 0) d = Math.max(d, p.delays()[i]);
        }
        return d == 0 ? 1 : d / worst;
    }

    /** The same from a plain delay table (ps, indexed by weight - minWeight). */
    public static double delayRatio(double[] histogram, double[] delayPs) {
        double worst = 0, d = 0;
        for (int i = 0; i < histogram.length; i++) {
            worst = Math.max(worst, delayPs[i]);
            if (histogram[i] > 0) d = Math.max(d, delayPs[i]);
        }
        return d == 0 ? 1 : d / worst;
    }
}
