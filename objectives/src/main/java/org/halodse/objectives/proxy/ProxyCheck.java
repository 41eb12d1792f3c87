package org.halodse.objectives.proxy;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.IntToDoubleFunction;
import org.halodse.objectives.model.LinearLayer;
import org.halodse.objectives.quant.OptionQuantizer;
import org.halodse.objectives.quant.QuantOption;

/**
 * Does the proxy track a measured truth? Quantizes a model in many varied configurations
 * ({@link #configurations}), computes the proxy of each and asks a {@link FidelityOracle} (the real
 * forward pass: 1 - cosine of sentence embeddings to fp32) for the measured loss, then reports the
 * Spearman rank correlation and fits the {@link CalibrationCurve}.
 */
public final class ProxyCheck {
    private ProxyCheck() {
    }

    /** The measured fidelity loss of the model with some layers' weights replaced (row-major K x N). */
    @FunctionalInterface
    public interface FidelityOracle {
        double measure(Map<String, float[]> replacedWeights);
    }

    /** A configuration: one option per layer (by layer name), and a label. */
    public record Configuration(String label, Map<String, QuantOption> perLayer) {
    }

    public record Point(String label, double proxy, double measured) {
    }

    public record Result(int configurations, double spearman, List<Point> points, CalibrationCurve curve) {
    }

    /**
     * {@code count} varied configurations: uniform RTN at 8/6/4/3 bits (per channel) and 4/3 bits
     * (groups of 32); uniform HALO codebooks at 3 and 4 bits from the 9, 32 and 128 fastest values
     * with half or all tiles fast; then mixed per-layer choices drawn from all of these with
     * {@code seed}. Deterministic.
     */
    public static List<Configuration> configurations(List<LinearLayer> layers, int count, long seed) {
        List<QuantOption> pool = new ArrayList<>();
        for (int b : new int[] {8, 6, 4, 3}) pool.add(QuantOption.rtn(b, 0));
        pool.add(QuantOption.rtn(4, 32));
        pool.add(QuantOption.rtn(3, 32));
        for (int b : new int[] {4, 3}) {
            for (int fc : new int[] {9, 32, 128}) {
                for (double share : new double[] {0.5, 1.0}) pool.add(QuantOption.halo(b, fc, share, 0.0, 32));
            }
        }
        List<Configuration> out = new ArrayList<>();
        for (QuantOption o : pool) {
            if (out.size() == count) return out;
            Map<String, QuantOption> m = new LinkedHashMap<>();
            for (LinearLayer l : layers) m.put(l.name(), o);
            out.add(new Configuration("uniform " + o.label(), m));
        }
        Random rnd = new Random(seed);
        for (int i = 0; out.size() < count; i++) {
            Map<String, QuantOption> m = new LinkedHashMap<>();
            // a mix biased to one of the pool's halves, so mixed configurations spread over the range
            int lo = rnd.nextInt(pool.size() / 2), span = pool.size() / 2;
            for (LinearLayer l : layers) m.put(l.name(), pool.get(Math.min(pool.size() - 1, lo + rnd.nextInt(span))));
            out.add(new Configuration("mixed " + (i + 1), m));
        }
        return out;
    }

    public static Result run(List<LinearLayer> layers, ChannelStats stats, IntToDoubleFunction delay,
                             List<Configuration> configs, FidelityOracle oracle) {
        List<Point> points = new ArrayList<>();
        for (Configuration cfg : configs) {
            Map<String, float[]> replaced = new LinkedHashMap<>();
            double proxy = 0;
            for (LinearLayer l : layers) {
                QuantOption o = cfg.perLayer().get(l.name());
                if (o == null) continue;
                float[] w = l.load();
                float[] q = new float[w.length];
                double[] ms = stats.meanSquare(l.name(), l.inFeatures());
                var r = OptionQuantizer.run(o, w, l.inFeatures(), l.outFeatures(), ms,
                    stats.sensitivity(l.name(), l.inFeatures(), l.outFeatures()), delay, q);
                proxy += r.relativeError();
                replaced.put(l.name(), q);
            }
            points.add(new Point(cfg.label(), proxy, oracle.measure(replaced)));
        }
        double[] x = points.stream().mapToDouble(Point::proxy).toArray();
        double[] y = points.stream().mapToDouble(Point::measured).toArray();
        double rho = points.size() >= 2 ? RankCorrelation.spearman(x, y) : Double.NaN;
        CalibrationCurve curve = points.isEmpty() ? null : CalibrationCurve.fit(x, y);
        return new Result(points.size(), rho, points, curve);
    }
}
