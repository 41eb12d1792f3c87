package org.halodse.objectives.proxy;

import java.util.Arrays;

/**
 * What the proxy and the profile need from calibration: per layer, E[x_k^2] of every input channel
 * (length K) and optionally a per-weight sensitivity (row-major K x N, e.g. a Fisher/Hessian
 * diagonal) to rank tiles and pick salient weights by. A thin adapter over the calibration type.
 */
public interface ChannelStats {
    double[] meanSquare(String layer, int inFeatures);

    /** Per-weight sensitivity, or null to use E[x_k^2] w_kn^2. */
    default float[] sensitivity(String layer, int inFeatures, int outFeatures) {
        return null;
    }

    /** A short identity of the statistics for cache keys (hash over what they are computed from). */
    String identity();

    /** E[x^2] = 1 everywhere: the plain (unweighted) weight error. */
    static ChannelStats uniform() {
        return new ChannelStats() {
            @Override
            public double[] meanSquare(String layer, int k) {
                double[] e = new double[k];
                Arrays.fill(e, 1.0);
                return e;
            }

            @Override
            public String identity() {
                return "uniform";
            }
        };
    }
}
