package org.halodse.objectives.profile;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.halodse.objectives.calib.Calibration;
import org.halodse.objectives.calib.Calibrator;
import org.halodse.objectives.model.LinearLayer;
import org.halodse.objectives.model.SyntheticModel;
import org.halodse.objectives.proxy.CalibrationStats;
import org.halodse.objectives.quant.QuantOption;

/**
 * Benchmark (not a test): the sampled mode against the full computation on layers of the synthetic
 * LLaMA-2-7B (weights and E[x^2] synthetic), with the same quantizer (class-level clipping). Prints
 * per layer and option the sampled proxy at the default sample seed (1), its interval, the full
 * proxy and the relative difference; then, over {@code seeds} sample seeds (which rows are drawn,
 * and the jackknife's groups), how often the 95% interval covers the full value: the empirical check
 * that the interval is honest.
 * Run: java -cp ... org.halodse.objectives.profile.SampleCheck [layers=5] [sampleRows=768] [seeds=1]
 */
public final class SampleCheck {
    private SampleCheck() {
    }

    public static void main(String[] args) {
        int count = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        int rows = args.length > 1 ? Integer.parseInt(args[1]) : 768;
        int seeds = args.length > 2 ? Integer.parseInt(args[2]) : 1;
        SyntheticModel m = SyntheticModel.of(SyntheticModel.Preset.byName("llama2-7b"));
        Calibration cal = Calibrator.synthetic(m);
        CalibrationStats st = new CalibrationStats(cal);
        List<QuantOption> opts = List.of(QuantOption.halo(4, 16, 0.5, 0, 128), QuantOption.halo(3, 9, 0.9, 0.005, 128),
            QuantOption.halo(3, 32, 0.5, 0.005, 128), QuantOption.halo(4, 9, 0.9, 0, 128));
        int threads = Runtime.getRuntime().availableProcessors();
        Profiler full = new Profiler(SampleCheck::delay, new Profiler.Settings(Long.MAX_VALUE, Integer.MAX_VALUE, 1, threads, false));
        List<LinearLayer> layers = new ArrayList<>();
        int[] pick = {0, 4, 6, 1, 3, 5, 2};
        for (int i = 0; i < count; i++) layers.add(m.layers().get(7 * (i % 32) + pick[i % pick.length]));
        var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        double worst = 0, worstAll = 0, widthSum = 0;
        int covered = 0, total = 0;
        for (LinearLayer l : layers) {
            double layerWorst = 0;
            long t0 = System.nanoTime(), c0 = os.getProcessCpuTime();
            LayerProfile f = full.layer(l, st, opts);
            double tf = (System.nanoTime() - t0) / 1e9, cf = (os.getProcessCpuTime() - c0) / 1e9;
            for (int seed = 1; seed <= seeds; seed++) {
                Profiler samp = new Profiler(SampleCheck::delay, new Profiler.Settings(1, rows, seed, threads, false));
                t0 = System.nanoTime();
                c0 = os.getProcessCpuTime();
                LayerProfile s = samp.layer(l, st, opts);
                double ts = (System.nanoTime() - t0) / 1e9, cs = (os.getProcessCpuTime() - c0) / 1e9;
                for (int i = 0; i < opts.size(); i++) {
                    OptionRow a = s.options().get(i), b = f.options().get(i);
                    double rel = Math.abs(a.proxy() - b.proxy()) / b.proxy();
                    boolean in = a.ciLow() <= b.proxy() && b.proxy() <= a.ciHigh();
                    covered += in ? 1 : 0;
                    total++;
                    widthSum += (a.ciHigh() - a.ciLow()) / 2 / a.proxy();
                    worstAll = Math.max(worstAll, rel);
                    layerWorst = Math.max(layerWorst, rel);
                    if (seed == 1) {
                        worst = Math.max(worst, rel);
                        System.out.printf(Locale.ROOT, "%-32s %5dx%-5d %-32s sampled %.6f [%.6f, %.6f] full %.6f  diff %.2f%% %s (sampled %.1f s wall %.1f s CPU, full %.1f s wall %.1f s CPU)%n",
                            l.name(), l.inFeatures(), l.outFeatures(), opts.get(i).label(), a.proxy(), a.ciLow(), a.ciHigh(), b.proxy(), 100 * rel,
                            in ? "covered" : "NOT COVERED", ts, cs, tf, cf);
                    }
                }
            }
            if (seeds > 1) {
                System.out.printf(Locale.ROOT, "%-32s worst difference over %d seeds %.2f%% (%d rows drawn)%n", l.name(), seeds, 100 * layerWorst,
                    Profiler.sampleRowsFor(rows, l.outFeatures()));
            }
        }
        System.out.printf(Locale.ROOT, "synthetic llama2-7b, %d layers x %d options, %d sampled rows: worst difference %.2f%% at seed 1, %.2f%% over %d seeds%n",
            layers.size(), opts.size(), rows, 100 * worst, 100 * worstAll, seeds);
        System.out.printf(Locale.ROOT, "95%% intervals covering the full value: %d of %d (%.1f%%), mean half-width %.2f%% of the proxy (load %s)%n",
            covered, total, 100.0 * covered / total, 100 * widthSum / total, ProfileBench.load());
    }

    static double delay(int w) {
        return 500 + 40 * Integer.bitCount(w & 0xff) + (w < 0 ? 120 : 0) + (w == 0 ? -200 : 0) + 0.01 * (w + 128);
    }
}
