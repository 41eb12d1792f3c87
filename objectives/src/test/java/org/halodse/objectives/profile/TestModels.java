package org.halodse.objectives.profile;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.halodse.objectives.model.LayerRole;
import org.halodse.objectives.model.LinearLayer;
import org.halodse.objectives.model.ModelSource;
import org.halodse.objectives.proxy.ChannelStats;

/**
 * Test-only synthetic models (say "synthetic"): heavy-tailed weights (Gaussian over the root of a
 * chi-square, i.e. Student-t with 4 degrees of freedom) and a few outlier input channels with large
 * E[x^2]. Deterministic from a seed.
 */
public final class TestModels {
    private TestModels() {
    }

    public static float[] weights(long seed, int k, int n) {
        return org.halodse.objectives.quant.QuantBench.weights(seed, k, n);
    }

    /** An encoder-like model: {@code blocks} blocks of q, k, v, o (h x h), up (h x 4h), down (4h x h). */
    public static ModelSource encoder(String name, int blocks, int hidden, long seed) {
        List<LinearLayer> ls = new ArrayList<>();
        LayerRole[] roles = {LayerRole.QUERY, LayerRole.KEY, LayerRole.VALUE, LayerRole.ATTENTION_OUTPUT, LayerRole.FFN_UP, LayerRole.FFN_DOWN};
        for (int b = 0; b < blocks; b++) {
            for (LayerRole role : roles) {
                int k = role == LayerRole.FFN_DOWN ? 4 * hidden : hidden;
                int n = role == LayerRole.FFN_UP ? 4 * hidden : hidden;
                long s = seed * 1000 + b * 10L + role.ordinal();
                ls.add(new LinearLayer("block." + b + "." + role.name().toLowerCase(), b, role, k, n, () -> weights(s, k, n)));
            }
        }
        List<LinearLayer> layers = List.copyOf(ls);
        return new ModelSource() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public boolean synthetic() {
                return true;
            }

            @Override
            public List<LinearLayer> layers() {
                return layers;
            }
        };
    }

    /** E[x^2] around 1 with a few channels 50x larger, deterministic per layer name. */
    public static ChannelStats outlierChannels(long seed) {
        return new ChannelStats() {
            @Override
            public double[] meanSquare(String layer, int k) {
                Random r = new Random(seed ^ layer.hashCode());
                double[] e = new double[k];
                for (int i = 0; i < k; i++) e[i] = 0.5 + r.nextDouble();
                for (int j = 0; j < Math.max(1, k / 100); j++) e[r.nextInt(k)] *= 50;
                return e;
            }

            @Override
            public String identity() {
                return "synthetic-outliers-" + seed;
            }
        };
    }

    /** A delay profile shaped like a two's complement multiplier's: negatives and many 1 bits slow. */
    public static double delay(int w) {
        int ones = Integer.bitCount(w & 0xff);
        return 500 + 40 * ones + (w < 0 ? 120 : 0) + (w == 0 ? -200 : 0) + 0.01 * (w + 128);
    }

    public static double[] delays() {
        double[] d = new double[256];
        for (int w = -128; w <= 127; w++) d[w + 128] = delay(w);
        return d;
    }

    static String arr(double[] d) {
        return Arrays.toString(d);
    }
}
