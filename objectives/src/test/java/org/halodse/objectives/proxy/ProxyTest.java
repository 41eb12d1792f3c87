package org.halodse.objectives.proxy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Random;
import org.halodse.objectives.model.ModelSource;
import org.halodse.objectives.profile.TestModels;
import org.halodse.objectives.quant.UniformQuantizer;
import org.junit.jupiter.api.Test;

class ProxyTest {

    @Test
    void layerErrorIsTheWeightedSum() {
        float[] w = {1, 2, 3, 4, 5, 6};
        float[] q = {1, 2.5f, 3, 4, 4, 6};
        double[] e = {2, 3};
        LayerError le = LayerError.of(w, q, 2, 3, e);
        assertEquals(2 * 0.25 + 3 * 1, le.error(), 1e-12);
        assertEquals(2 * 14 + 3 * 77, le.energy(), 1e-12);
        assertEquals(le.error() / le.energy(), le.relative(), 1e-15);
        assertEquals(0.1 + 0.2, PerplexityProxy.ofRelative(0.1, 0.2), 1e-15);
    }

    @Test
    void powerLawIsRecovered() {
        double[] x = new double[20], y = new double[20];
        for (int i = 0; i < 20; i++) {
            x[i] = 1e-4 * Math.pow(1.6, i);
            y[i] = 0.3 * Math.pow(x[i], 0.8);
        }
        CalibrationCurve c = CalibrationCurve.fit(x, y);
        assertEquals("power", c.kind());
        assertEquals(0.3, c.a(), 1e-9);
        assertEquals(0.8, c.b(), 1e-9);
        assertEquals(1, c.r2(), 1e-9);
        assertEquals(0.3 * Math.pow(0.01, 0.8), c.predict(0.01), 1e-12);
    }

    @Test
    void isotonicFitIsMonotone() {
        double[] x = {1, 2, 3, 4, 5, 6};
        double[] y = {1, 3, 2, 4, 3.5, 6};
        CalibrationCurve c = CalibrationCurve.isotonic(x, y);
        for (int i = 1; i < c.knotY().length; i++) assertTrue(c.knotY()[i] >= c.knotY()[i - 1]);
        assertEquals(1, c.predict(0.5), 1e-12);
        assertEquals(2.5, c.predict(2.5), 1e-12);
        assertEquals(6, c.predict(9), 1e-12);
        // pooled blocks: {1}, {3,2} -> 2.5, {4,3.5} -> 3.75, {6}
        assertEquals(4, c.knotX().length);
    }

    @Test
    void curvesSurviveJson() throws Exception {
        var json = org.halodse.objectives.profile.ProfileCache.JSON;
        CalibrationCurve p = CalibrationCurve.fit(new double[] {0.01, 0.1, 1, 2}, new double[] {0.001, 0.01, 0.1, 0.2});
        CalibrationCurve iso = CalibrationCurve.isotonic(new double[] {1, 2, 3}, new double[] {3, 1, 2});
        for (CalibrationCurve c : List.of(p, iso)) {
            CalibrationCurve back = json.readValue(json.writeValueAsString(c), CalibrationCurve.class);
            assertEquals(c.kind(), back.kind());
            for (double x : new double[] {0.05, 1.5, 2.5, 9}) assertEquals(c.predict(x), back.predict(x), 1e-12);
        }
    }

    @Test
    void spearmanOfMonotoneDataIsOne() {
        double[] x = {0.1, 0.5, 0.2, 0.9};
        double[] y = {1, 25, 4, 81};
        assertEquals(1.0, RankCorrelation.spearman(x, y), 1e-12);
        assertEquals(-1.0, RankCorrelation.spearman(x, new double[] {-1, -25, -4, -81}), 1e-12);
    }

    /**
     * With an oracle that measures the actual activation-weighted output error of every layer on
     * random inputs (a stand-in for the forward pass), the proxy ranks configurations right.
     */
    @Test
    void proxyCheckRunsAndRanks() {
        ModelSource m = TestModels.encoder("tiny-synthetic", 1, 32, 9);
        ChannelStats st = TestModels.outlierChannels(4);
        var configs = ProxyCheck.configurations(m.layers(), 24, 1);
        assertEquals(24, configs.size());
        assertEquals(24, configs.stream().map(c -> c.label()).distinct().count());
        Map<String, float[]> orig = new java.util.HashMap<>();
        for (var l : m.layers()) orig.put(l.name(), l.load());
        ProxyCheck.FidelityOracle oracle = replaced -> {
            Random r = new Random(1);
            double sum = 0;
            for (var l : m.layers()) {
                float[] w = orig.get(l.name()), q = replaced.get(l.name());
                double[] ms = st.meanSquare(l.name(), l.inFeatures());
                int k = l.inFeatures(), n = l.outFeatures();
                double err = 0, en = 0;
                for (int s = 0; s < 64; s++) {
                    double[] x = new double[k];
                    for (int i = 0; i < k; i++) x[i] = r.nextGaussian() * Math.sqrt(ms[i]);
                    for (int c = 0; c < n; c++) {
                        double y = 0, yq = 0;
                        for (int i = 0; i < k; i++) {
                            y += x[i] * w[i * n + c];
                            yq += x[i] * q[i * n + c];
                        }
                        err += (y - yq) * (y - yq);
                        en += y * y;
                    }
                }
                sum += err / en;
            }
            return sum;
        };
        ProxyCheck.Result res = ProxyCheck.run(m.layers(), st, TestModels::delay, configs, oracle);
        assertEquals(24, res.configurations());
        assertTrue(res.spearman() > 0.95, "spearman " + res.spearman());
        assertTrue(res.curve() != null);
    }

    @Test
    void uniformStatsGiveThePlainWeightError() {
        float[] w = TestModels.weights(1, 16, 8);
        float[] q = new float[w.length];
        UniformQuantizer.perChannel(w, 16, 8, 4, null, q);
        LayerError le = LayerError.of(w, q, 16, 8, ChannelStats.uniform().meanSquare("x", 16));
        double e = 0;
        for (int i = 0; i < w.length; i++) e += (w[i] - q[i]) * (w[i] - q[i]);
        assertEquals(e, le.error(), 1e-9);
        assertTrue(List.of(le).size() == 1);
    }
}
