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
 * grid (three runs: the first includes the JIT's warm-up; weights generated beforehand). Weights are
 * synthetic (Student-t, 4 degrees of freedom), the delay profile a synthetic
 * two's complement shape. Run: java -cp ... org.halodse.objectives.quant.QuantBench [threads]
 */
public final class QuantBench {
    private QuantBench() {
    }

    /** Student-t(4) weights (a Gaussian over the root of a chi-square), scale 0.02, deterministic from the seed. */
    public static float[] weights(long seed, int k, int n) {
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
        // the batch: every codebook option of the default grid on one layer, sharing the search
        List<HaloQuantizer.Config> cfgs = new ArrayList<>();
        for (QuantOption o : QuantOption.defaultGrid()) if (!o.isRtn() && o.sparse() == 0) cfgs.add(o.haloConfig(QuantBench::delay, HaloQuantizer.DEFAULT_ALPHAS, true));
        HaloQuantizer.Prepared prep = HaloQuantizer.prepare(w, k, n, ms, null, 128, 0, 3.0);
        for (int rep = 0; rep < 3; rep++) HaloQuantizer.quantizeAll(prep, cfgs, null);
        var bean = java.lang.management.ManagementFactory.getThreadMXBean();
        long c0 = bean.getCurrentThreadCpuTime(), t0 = System.nanoTime();
        int reps = 5;
        for (int rep = 0; rep < reps; rep++) HaloQuantizer.quantizeAll(prep, cfgs, null);
        double cpu = (bean.getCurrentThreadCpuTime() - c0) / 1e9, wall = (System.nanoTime() - t0) / 1e9;
        System.out.printf(Locale.ROOT, "batch of %d codebook options (refined), one %dx%d layer: %.1f M weight-options/s/core (CPU %.3f s, wall %.3f s)%n",
            cfgs.size(), k, n, (double) k * n * cfgs.size() * reps / cpu / 1e6, cpu, wall);
        List<LinearLayer> layers = new ArrayList<>();
        LayerRole[] roles = {LayerRole.QUERY, LayerRole.KEY, LayerRole.VALUE, LayerRole.ATTENTION_OUTPUT, LayerRole.FFN_UP, LayerRole.FFN_DOWN};
        for (int b = 0; b < 6; b++) {
            for (LayerRole role : roles) {
                int kk = role == LayerRole.FFN_DOWN ? 1536 : 384, nn = role == LayerRole.FFN_UP ? 1536 : 384;
                long seed = b * 10L + role.ordinal();
                float[] lw = weights(seed, kk, nn); // generated once: the figure is the profile's
                layers.add(new LinearLayer("block." + b + "." + role, b, role, kk, nn, lw::clone));
            }
        }
        List<QuantOption> grid = QuantOption.defaultGrid();
        var os = (com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean();
        for (int run = 1; run <= 3; run++) {
            String load = org.halodse.objectives.profile.ProfileBench.load();
            long p0 = os.getProcessCpuTime(), q0 = System.nanoTime();
            new Profiler(QuantBench::delay, Profiler.Settings.unsampled(threads)).run("bench", "minilm-shaped synthetic", true, layers,
                ChannelStats.uniform(), grid, null);
            double ws = (System.nanoTime() - q0) / 1e9, cs = (os.getProcessCpuTime() - p0) / 1e9;
            System.out.printf(Locale.ROOT, "profile run %d: %d layers x %d options, %d threads: wall %.2f s, process CPU %.2f s (load %s)%n",
                run, layers.size(), grid.size(), threads, ws, cs, load);
        }
    }
}
