package org.halodse.objectives.quant;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import org.halodse.objectives.model.LayerRole;
import org.halodse.objectives.model.LinearLayer;
import org.halodse.objectives.profile.Profiler;
import org.halodse.objectives.proxy.ChannelStats;

/**
 * Benchmark (not a test): the quantization kernel's throughput in weights per second per core, and
 * the time to profile a MiniLM-shaped model (6 blocks, hidden 384: 36 layers) on the default option
 * grid. Weights are synthetic (Student-t, 4 degrees of freedom), the delay profile a synthetic
 * two's complement shape. Run: java -cp ... org.halodse.objectives.quant.QuantBench [threads]
 */
public final class QuantBench {
    private QuantBench() {
    }

    static float[] weights(long seed, int k, int n) {
        Random r = new Random(seed);
        float[] w = new float[k * n];
        for (int i = 0; i < w.length; i++) {
            double chi = 0;
            for (int j = 0; j < 4; j++) {
                double g = r.nextGaussian();
                chi += g * g;
            }
            w[i] = (float) (0.02 * r.nextGaussian() / Math.sqrt(chi / 4));
        }
        return w;
    }

    static double delay(int w) {
        return 500 + 40 * Integer.bitCount(w & 0xff) + (w < 0 ? 120 : 0) + (w == 0 ? -200 : 0) + 0.01 * (w + 128);
    }

    public static void main(String[] args) {
        int threads = args.length > 0 ? Integer.parseInt(args[0]) : Runtime.getRuntime().availableProcessors();
        int k = 1536, n = 384;
        float[] w = weights(1, k, n);
        double[] ms = new double[k];
        java.util.Arrays.fill(ms, 1.0);
        System.out.println("synthetic weights; single thread unless noted");
        for (QuantOption o : List.of(QuantOption.rtn(8, 0), QuantOption.rtn(4, 128), QuantOption.halo(4, 16, 0.5, 0, 128),
            QuantOption.halo(3, 9, 0.9, 0.005, 128), QuantOption.halo(4, 16, 0.5, 0, 32))) {
            for (int rep = 0; rep < 3; rep++) OptionQuantizer.run(o, w, k, n, ms, null, QuantBench::delay, null); // warm-up
            int reps = o.isRtn() ? 40 : 8;
            long t0 = System.nanoTime();
            for (int rep = 0; rep < reps; rep++) OptionQuantizer.run(o, w, k, n, ms, null, QuantBench::delay, null);
            double s = (System.nanoTime() - t0) / 1e9;
            System.out.printf(Locale.ROOT, "%-34s %8.1f M weights/s/core%n", o.label(), (double) k * n * reps / s / 1e6);
        }
        List<LinearLayer> layers = new ArrayList<>();
        LayerRole[] roles = {LayerRole.QUERY, LayerRole.KEY, LayerRole.VALUE, LayerRole.ATTENTION_OUTPUT, LayerRole.FFN_UP, LayerRole.FFN_DOWN};
        for (int b = 0; b < 6; b++) {
            for (LayerRole role : roles) {
                int kk = role == LayerRole.FFN_DOWN ? 1536 : 384, nn = role == LayerRole.FFN_UP ? 1536 : 384;
                long seed = b * 10L + role.ordinal();
                layers.add(new LinearLayer("block." + b + "." + role, b, role, kk, nn, () -> weights(seed, kk, nn)));
            }
        }
        List<QuantOption> grid = QuantOption.defaultGrid();
        long t0 = System.nanoTime();
        new Profiler(QuantBench::delay, Profiler.Settings.unsampled(threads)).run("bench", "minilm-shaped synthetic", true, layers,
            ChannelStats.uniform(), grid, null);
        double s = (System.nanoTime() - t0) / 1e9;
        System.out.printf(Locale.ROOT, "profile: %d layers x %d options, %d threads: %.2f s (incl. generating the synthetic weights)%n",
            layers.size(), grid.size(), threads, s);
    }
}
