package org.halodse.reports;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.halodse.dse.pareto.Hypervolume;
import org.halodse.dse.pareto.Normalization;
import org.halodse.dse.space.Objective;

/** Small deterministic reports for the tests (clearly synthetic numbers). */
final class SyntheticReports {
    private SyntheticReports() {
    }

    /** {@code n} front points on a 3-objective trade-off (latency, energy, proxy), {@code b} baselines, {@code l} layers per point. */
    static ParetoReport small(int n, int b, int l, long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        List<Objective> objs = List.of(new Objective("latency", "ms"), new Objective("energy", "mJ"), new Objective("proxy", "dPPL"));
        List<FrontPoint> pts = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            double t = (i + 0.5) / n;
            double lat = 10 + 20 * t, en = 40 - 25 * t + rnd.nextDouble(), px = 0.05 + 0.5 * (1 - t) * (1 - t) + 0.01 * rnd.nextDouble();
            Map<String, Double> val = new LinkedHashMap<>();
            val.put("measuredFidelityLoss", px * 0.9);
            val.put("proxyGap", px * 0.1);
            List<LayerDecision> layers = new ArrayList<>();
            for (int k = 0; k < l; k++) {
                int bits = 3 + rnd.nextInt(3);
                layers.add(new LayerDecision("blocks." + (k / 2) + (k % 2 == 0 ? ".attn.qkv" : ".mlp.up"), bits,
                        List.of(0, 1, 2, 4, 8, 16, 32, 64, -1), List.of(-8, -4, -2, -1, 0, 1, 2, 3, 4, 5, 6, 7, 8, 12, 16, 24),
                        rnd.nextDouble(), 0.005 * rnd.nextDouble(), 2, rnd.nextInt(3), 3.7, 2.4));
            }
            pts.add(new FrontPoint("p" + (i + 1), new double[] {lat, en, px}, val, layers));
        }
        List<Baseline> bases = new ArrayList<>();
        String[] names = {"int8-rtn", "int4-rtn-g128", "halo-perf", "halo-bal", "halo-acc", "extra-1", "extra-2"};
        for (int k = 0; k < b; k++) {
            bases.add(new Baseline(names[k % names.length] + (k >= names.length ? "-" + k : ""), "synthetic baseline " + k,
                    new double[] {35 + 3 * k, 50 + 2 * k, 0.02 + 0.1 * k}));
        }
        List<double[]> f = new ArrayList<>();
        for (FrontPoint p : pts) f.add(p.objectives());
        Normalization norm = Normalization.of(f);
        HypervolumeFigure hv = HypervolumeFigure.of(Hypervolume.of(f, norm), "synthetic front");
        List<HypervolumeSample> hist = new ArrayList<>();
        for (int s = 1; s <= 20; s++) hist.add(new HypervolumeSample(100L * s, hv.value() * (1 - Math.exp(-s / 4.0))));
        double[] d = new double[256], e = new double[256];
        for (int w = -128; w < 128; w++) {
            d[w + 128] = 520 + 550 * Math.abs(Math.sin(w * 0.37)) * (w < 0 ? 1 : 0.6);
            e[w + 128] = 20 + Integer.bitCount(w & 0xff) * 9.5;
        }
        WeightProfile mac = new WeightProfile(-128, d, e, "generated array multiplier, product registered", "osu018");
        Map<String, String> prov = new LinkedHashMap<>();
        prov.put("seed", Long.toString(seed));
        prov.put("generator", "SyntheticReports");
        return new ParetoReport("synthetic-study", "edge-npu", "synthetic-llm", true, objs, pts, bases, hv, hist, mac, prov);
    }
}
