package org.halodse.objectives.profile;

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
 * per layer and option the sampled proxy, its interval, the full proxy and the relative difference.
 * Run: java -cp ... org.halodse.objectives.profile.SampleCheck [layers=5] [sampleRows=768]
 */
public final class SampleCheck {
    private SampleCheck() {
    }

    public static void main(String[] args) {
        int count = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        int rows = args.length > 1 ? Integer.parseInt(args[1]) : 768;
        SyntheticModel m = SyntheticModel.of(SyntheticModel.Preset.byName("llama2-7b"));
        Calibration cal = Calibrator.synthetic(m);
        CalibrationStats st = new CalibrationStats(cal);
        List<QuantOption> opts = List.of(QuantOption.halo(4, 16, 0.5, 0, 128), QuantOption.halo(3, 9, 0.9, 0.005, 128));
        int threads = Runtime.getRuntime().availableProcessors();
        Profiler full = new Profiler(SampleCheck::delay, new Profiler.Settings(Long.MAX_VALUE, Integer.MAX_VALUE, 1, threads, false));
        Profiler samp = new Profiler(SampleCheck::delay, new Profiler.Settings(1, rows, 1, threads, false));
        List<LinearLayer> layers = new ArrayList<>();
        int[] pick = {0, 4, 6, 1, 3, 5, 2};
        for (int i = 0; i < count; i++) layers.add(m.layers().get(7 * (i % 32) + pick[i % pick.length]));
        double worst = 0;
        for (LinearLayer l : layers) {
            long t0 = System.nanoTime();
            LayerProfile s = samp.layer(l, st, opts);
            double ts = (System.nanoTime() - t0) / 1e9;
            t0 = System.nanoTime();
            LayerProfile f = full.layer(l, st, opts);
            double tf = (System.nanoTime() - t0) / 1e9;
            for (int i = 0; i < opts.size(); i++) {
                OptionRow a = s.options().get(i), b = f.options().get(i);
                double rel = Math.abs(a.proxy() - b.proxy()) / b.proxy();
                worst = Math.max(worst, rel);
                System.out.printf(Locale.ROOT, "%-36s %5dx%-5d %-34s sampled %.6f [%.6f, %.6f] full %.6f  diff %.2f%%  (%.1f s vs %.1f s)%n",
                    l.name(), l.inFeatures(), l.outFeatures(), opts.get(i).label(), a.proxy(), a.ciLow(), a.ciHigh(), b.proxy(), 100 * rel, ts, tf);
            }
        }
        System.out.printf(Locale.ROOT, "synthetic llama2-7b, %d layers, %d sampled rows: worst difference %.2f%%%n", layers.size(), rows, 100 * worst);
    }

    static double delay(int w) {
        return 500 + 40 * Integer.bitCount(w & 0xff) + (w < 0 ? 120 : 0) + (w == 0 ? -200 : 0) + 0.01 * (w + 128);
    }
}
