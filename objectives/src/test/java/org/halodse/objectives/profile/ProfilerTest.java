package org.halodse.objectives.profile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.halodse.objectives.model.LayerRole;
import org.halodse.objectives.model.LinearLayer;
import org.halodse.objectives.model.ModelSource;
import org.halodse.objectives.proxy.ChannelStats;
import org.halodse.objectives.quant.QuantOption;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProfilerTest {
    static final List<QuantOption> OPTIONS = List.of(QuantOption.rtn(8, 0), QuantOption.rtn(4, 32),
        QuantOption.halo(4, 9, 0.5, 0, 32), QuantOption.halo(3, 16, 0.9, 0.005, 32), QuantOption.halo(4, 9, 0.5, 0, 32).withZeroPoint(true));

    @Test
    void tablesAreCompleteDeterministicAndOrdered(@TempDir Path dir) {
        ModelSource m = TestModels.encoder("tiny-synthetic", 2, 64, 3);
        ChannelStats st = TestModels.outlierChannels(1);
        AtomicInteger calls = new AtomicInteger();
        ModelProfile one = new Profiler(TestModels::delay, Profiler.Settings.unsampled(1)).run("k", m.name(), true, m.layers(), st, OPTIONS, (d, t, l) -> calls.incrementAndGet());
        ModelProfile two = new Profiler(TestModels::delay, Profiler.Settings.unsampled(2)).run("k", m.name(), true, m.layers(), st, OPTIONS, null);
        assertEquals(12, one.layers());
        assertEquals(5, one.options());
        assertEquals(12, calls.get());
        assertEquals(strip(ProfileCache.toJson(one, false)), strip(ProfileCache.toJson(two, false)), "same profile for 1 and 2 threads");
        for (LayerProfile lp : one.tables()) {
            assertEquals(5, lp.options().size());
            OptionRow w8 = lp.options().get(0), w4 = lp.options().get(1);
            assertTrue(w8.proxy() < w4.proxy(), lp.name() + ": INT8 better than INT4");
            assertTrue(w8.proxy() < 1e-3, "INT8 proxy " + w8.proxy());
            OptionRow h = lp.options().get(2);
            ClassRow fast = h.classes().get(0);
            assertEquals("fast", fast.name());
            // the fast class uses only values under its threshold
            for (int v : fast.codebook()) assertTrue(TestModels.delay(v) <= fast.thresholdPs());
            assertTrue(fast.slowestDelayPs() <= fast.thresholdPs());
            int tiles = ((lp.inFeatures() + 31) / 32) * ((lp.outFeatures() + 31) / 32);
            assertEquals(tiles, h.classes().get(0).tiles() + h.classes().get(1).tiles());
            assertEquals(Math.round(0.5 * tiles), fast.tiles());
            assertTrue(lp.options().get(3).sparseBytes() > 0);
            assertTrue(lp.options().get(4).zeroPointOpsPerToken() > 0);
            assertNull(h.ciLow());
        }
    }

    private static String strip(String json) {
        return json.replaceAll("\"seconds\":[0-9.Ee-]+", "");
    }

    @Test
    void cacheRoundTripAndKey(@TempDir Path dir) throws Exception {
        ModelSource m = TestModels.encoder("tiny-synthetic", 1, 32, 4);
        ChannelStats st = TestModels.outlierChannels(2);
        Profiler.Settings s = Profiler.Settings.unsampled(2);
        String key = ProfileCache.key(m.name(), "seed 4", m.layers(), st, TestModels::delay, null, OPTIONS, s);
        assertNotEquals(key, ProfileCache.key(m.name(), "seed 4", m.layers(), st, TestModels::delay, null, OPTIONS.subList(0, 3), s));
        assertNotEquals(key, ProfileCache.key(m.name(), "seed 4", m.layers(), st, w -> TestModels.delay(w) + (w == 3 ? 1 : 0), null, OPTIONS, s));
        assertNotEquals(key, ProfileCache.key(m.name(), "seed 4", m.layers(), TestModels.outlierChannels(3), TestModels::delay, null, OPTIONS, s));
        AtomicInteger computed = new AtomicInteger();
        ModelProfile a = ProfileCache.getOrCompute(dir, key, () -> {
            computed.incrementAndGet();
            return new Profiler(TestModels::delay, s).run(key, m.name(), true, m.layers(), st, OPTIONS, null);
        });
        ModelProfile b = ProfileCache.getOrCompute(dir, key, () -> {
            computed.incrementAndGet();
            return null;
        });
        assertEquals(1, computed.get());
        assertEquals(ProfileCache.toJson(a, false), ProfileCache.toJson(b, false));
        try (var files = Files.list(dir)) {
            assertEquals(1, files.count(), "no temp files left");
        }
        String opt = ProfileCache.toJson(QuantOption.rtn(8, 0), false);
        assertTrue(opt.contains("\"label\":\"rtn-w8\"") && !opt.contains("\"rtn\":"), opt);
        assertEquals(QuantOption.rtn(8, 0), ProfileCache.JSON.readValue(opt, QuantOption.class));
        // a corrupt entry is recomputed, not trusted
        Files.writeString(ProfileCache.file(dir, key), "{\"format\":1,\"key\":");
        assertTrue(ProfileCache.read(dir, key).isEmpty());
    }

    @Test
    void sampledProxyIsCloseAndItsIntervalCoversTheFullValue() {
        int k = 2048, n = 2048;
        LinearLayer l = new LinearLayer("big", 0, LayerRole.FFN_DOWN, k, n, () -> TestModels.weights(77, k, n));
        ChannelStats st = TestModels.outlierChannels(5);
        List<QuantOption> opts = List.of(QuantOption.rtn(4, 0), QuantOption.halo(4, 16, 0.5, 0.0, 128), QuantOption.halo(3, 9, 0.9, 0.0, 128));
        // a sampled layer uses class-level clipping only: compare with the same quantizer unsampled
        LayerProfile full = new Profiler(TestModels::delay, new Profiler.Settings(Long.MAX_VALUE, Integer.MAX_VALUE, 1, 2, false)).layer(l, st, opts);
        LayerProfile samp = new Profiler(TestModels::delay, new Profiler.Settings(100_000, 512, 1, 2)).layer(l, st, opts);
        assertEquals(512, samp.sampledRows());
        for (int i = 0; i < opts.size(); i++) {
            OptionRow f = full.options().get(i), s = samp.options().get(i);
            if (opts.get(i).isRtn()) { // cheap: run on the full layer, exact
                assertEquals(f.proxy(), s.proxy(), 1e-12 * f.proxy());
                assertNull(s.ciLow());
                continue;
            }
            assertNotNull(s.ciLow());
            double rel = Math.abs(s.proxy() - f.proxy()) / f.proxy();
            System.out.printf("sampled %s: %.5f [%.5f, %.5f] full %.5f (%.2f%%)%n", opts.get(i).label(), s.proxy(), s.ciLow(), s.ciHigh(), f.proxy(), 100 * rel);
            assertTrue(rel < 0.03, opts.get(i).label() + ": sampled " + s.proxy() + " vs full " + f.proxy());
            // the interval is the sampling error of the error sums for the quantizer chosen on the
            // sample; the choice itself (scales, codebook) differs a little from the full layer's
            assertTrue(s.ciLow() < s.proxy() && s.proxy() < s.ciHigh(), "interval [" + s.ciLow() + ", " + s.ciHigh() + "]");
            assertTrue(s.ciHigh() - s.ciLow() < 0.1 * s.proxy());
            assertEquals(f.bytes(), s.bytes(), 0.02 * f.bytes());
        }
    }

    /** A loader that can read rows alone (copies them from the layer, generated once: the streaming pass reads it in many bands). */
    private static final class Rows implements org.halodse.objectives.model.RowLoader {
        private final int k, n;
        private final long seed;
        private float[] w;

        Rows(int k, int n, long seed) {
            this.k = k;
            this.n = n;
            this.seed = seed;
        }

        @Override public synchronized float[] load() {
            if (w == null) w = TestModels.weights(seed, k, n);
            return w.clone();
        }

        @Override public synchronized float[] loadRows(int[] rows) {
            if (w == null) w = TestModels.weights(seed, k, n);
            return Profiler.copyRows(w, n, rows);
        }
    }

    @Test
    void rowLoadedSampleUsesTheFullLayersScalesAndIsDeterministic() {
        int k = 2048, n = 2048;
        LinearLayer plain = new LinearLayer("big", 0, LayerRole.FFN_DOWN, k, n, () -> TestModels.weights(77, k, n));
        LinearLayer rows = new LinearLayer("big", 0, LayerRole.FFN_DOWN, k, n, new Rows(k, n, 77));
        ChannelStats st = TestModels.outlierChannels(5);
        List<QuantOption> opts = List.of(QuantOption.rtn(8, 0), QuantOption.halo(4, 16, 0.5, 0.0, 128), QuantOption.halo(3, 9, 0.9, 0.005, 128));
        LayerProfile full = new Profiler(TestModels::delay, new Profiler.Settings(Long.MAX_VALUE, Integer.MAX_VALUE, 1, 2, false)).layer(plain, st, opts);
        LayerProfile one = new Profiler(TestModels::delay, new Profiler.Settings(100_000, 512, 1, 1)).layer(rows, st, opts);
        LayerProfile two = new Profiler(TestModels::delay, new Profiler.Settings(100_000, 512, 1, 2)).layer(rows, st, opts);
        assertEquals(ProfileCache.toJson(one, false), ProfileCache.toJson(two, false), "the whole sampled table (intervals, histograms, counts) for 1 and 2 threads");
        for (int i = 0; i < opts.size(); i++) {
            OptionRow f = full.options().get(i), a = one.options().get(i), b = two.options().get(i);
            assertEquals(a.proxy(), b.proxy(), 0.0, "thread count changed " + opts.get(i).label());
            double rel = Math.abs(a.proxy() - f.proxy()) / f.proxy();
            System.out.printf("row-loaded sample %s: %.5f [%.5f, %.5f] full %.5f (%.2f%%)%n", opts.get(i).label(), a.proxy(), a.ciLow(), a.ciHigh(),
                f.proxy(), 100 * rel);
            assertTrue(rel < 0.05, opts.get(i).label() + ": sampled " + a.proxy() + " vs full " + f.proxy());
        }
    }

    @Test
    void jackknifeIntervalByHand() {
        // R = 4 replicates 0.9, 1.1, 1.0, 1.0: mean 1, v = 3/4 * 0.02 = 0.015, half-width t(3) sqrt(v) = 3.182 * 0.122474
        double[] ci = Profiler.jackknife(1.0, new double[] {0.9, 1.1, 1.0, 1.0});
        assertEquals(1 - 3.182 * Math.sqrt(0.015), ci[0], 1e-12);
        assertEquals(1 + 3.182 * Math.sqrt(0.015), ci[1], 1e-12);
        double[] none = Profiler.jackknife(0.5, null);
        assertEquals(0.5, none[0]);
        assertEquals(0.5, none[1]);
    }

    @Test
    void jackknifeGroupsDealEveryStratumEvenly() {
        double[] ms = new double[4096];
        java.util.Random r = new java.util.Random(3);
        for (int i = 0; i < ms.length; i++) ms[i] = Math.exp(0.5 * r.nextGaussian()) * (i % 700 == 3 ? 500 : 1);
        Profiler.Sample s = Profiler.sample("layer", ms, 768, 128, 1);
        var g = Profiler.rowGroups("layer", s, 1);
        assertEquals(Profiler.JACKKNIFE_GROUPS, g.count());
        java.util.Map<Integer, int[]> per = new java.util.HashMap<>();
        for (int j = 0; j < s.rows().length; j++) {
            int u = s.stratum()[j];
            if (u < 0) {
                assertEquals(-1, g.group()[j], "a row taken with certainty is in every replicate");
                continue;
            }
            per.computeIfAbsent(u, x -> new int[g.count()])[g.group()[j]]++;
        }
        for (int[] c : per.values()) {
            int lo = Integer.MAX_VALUE, hi = 0;
            for (int x : c) {
                lo = Math.min(lo, x);
                hi = Math.max(hi, x);
            }
            assertTrue(hi - lo <= 1, "a stratum's rows spread over the groups by at most one: " + java.util.Arrays.toString(c));
        }
    }

    /** A layer's sampled rows as the profiler draws them: their weights, scaled E[x^2] and sensitivities E[x^2] w^2. */
    private record Drawn(Profiler.Sample sample, float[] ws, double[] mss, float[] sens) {
    }

    private static Drawn draw(float[] full, double[] ms, int k, int n, int rows, int tile) {
        Profiler.Sample s = Profiler.sample("big", ms, rows, tile, 1);
        float[] ws = Profiler.copyRows(full, n, s.rows());
        int m = s.rows().length;
        double[] mss = new double[m];
        float[] sens = new float[m * n];
        for (int j = 0; j < m; j++) {
            mss[j] = ms[s.rows()[j]] * s.msFactor()[j];
            for (int c = 0; c < n; c++) sens[j * n + c] = (float) (ms[s.rows()[j]] * ws[j * n + c] * ws[j * n + c]);
        }
        return new Drawn(s, ws, mss, sens);
    }

    /**
     * The streaming pass on a row-loaded layer gives the full layer's scale-group ranges and tile
     * ranking: with no sparse part they equal those of the full layer prepared directly.
     */
    @Test
    void streamingPassGivesTheFullLayersRangesAndTileRanking() {
        int k = 1024, n = 640, tile = 128;
        float[] full = TestModels.weights(41, k, n);
        double[] ms = TestModels.outlierChannels(6).meanSquare("big", k);
        Drawn d = draw(full, ms, k, n, 256, tile);
        Profiler.Sample s = d.sample();
        float[] ws = d.ws(), sens = d.sens();
        double[] mss = d.mss();
        int m = s.rows().length;
        org.halodse.objectives.model.RowLoader rl = new Rows(k, n, 41);
        float[] fsens = new float[k * n];
        for (int i = 0; i < fsens.length; i++) fsens[i] = (float) (ms[i / n] * full[i] * full[i]);
        var ref = org.halodse.objectives.quant.HaloQuantizer.prepare(full, k, n, ms, fsens, tile, 0, Double.POSITIVE_INFINITY);
        // every row loaded by the pass, and the sampled rows taken from the sample instead
        for (boolean reuse : new boolean[] {false, true}) {
            Profiler.Streamed g = Profiler.streamedSample(k, n, ws, mss, sens, s, tile, 0, Double.POSITIVE_INFINITY);
            float[] colMax = reuse ? Profiler.stream(rl, k, n, ms, null, List.of(g), s.rows(), ws) : Profiler.stream(rl, k, n, ms, null, List.of(g));
            var prep = g.prepared(ws, m, n, mss, org.halodse.objectives.quant.HaloQuantizer.rowSquareSums(ws, m, n), s.bounds(tile, k));
            assertTrue(java.util.Arrays.equals(ref.tiles().ascending(), prep.tiles().ascending()), "the full layer's tile ranking");
            for (int x = 0; x < 2; x++) {
                assertTrue(java.util.Arrays.equals(ref.channelRange()[x], prep.channelRange()[x]), "channel ranges");
                assertTrue(java.util.Arrays.equals(ref.tileRange()[x], prep.tileRange()[x]), "tile ranges");
            }
            for (int c = 0; c < n; c++) {
                float mx = 0;
                for (int r = 0; r < k; r++) mx = Math.max(mx, Math.abs(full[r * n + c]));
                assertEquals(mx, colMax[c]);
            }
        }
    }

    /**
     * With outliers (3 sigma) and salient weights (p = 1%): the sample's threshold is the least
     * whose weighted count of dense weights at or above it stays within p K N (brute force over the
     * sample), and the streamed ranges are those of the full layer's weights kept by the same rule,
     * computed directly.
     */
    @Test
    void streamingPassKeepsWhatTheSamplesRuleKeeps() {
        int k = 768, n = 520, tile = 128;
        float[] full = TestModels.weights(43, k, n);
        double[] ms = TestModels.outlierChannels(6).meanSquare("big", k);
        Drawn d = draw(full, ms, k, n, 200, tile);
        Profiler.Sample s = d.sample();
        float[] ws = d.ws(), sens = d.sens();
        double[] mss = d.mss();
        int m = s.rows().length;
        double p = 0.01, want = p * k * n;
        Profiler.Streamed g = Profiler.streamedSample(k, n, ws, mss, sens, s, tile, p, 3.0);
        assertTrue(g.thr > 0 && g.thr < Float.POSITIVE_INFINITY, "a threshold: " + g.thr);
        double at = 0, below = 0;
        for (int j = 0; j < m; j++) {
            for (int c = 0; c < n; c++) {
                int i = j * n + c;
                if (Math.abs(ws[i] - g.mean) > g.lim) continue;
                if (sens[i] >= g.thr) at += s.factor()[j];
                if (sens[i] >= Math.nextDown(g.thr)) below += s.factor()[j];
            }
        }
        assertTrue(at <= want * (1 + 1e-12), "weighted count at the threshold " + at + " within " + want);
        assertTrue(below > want, "one pattern lower the count exceeds it: " + below);
        float[] colMax = Profiler.stream(new Rows(k, n, 43), k, n, ms, null, List.of(g));
        var prep = g.prepared(ws, m, n, mss, org.halodse.objectives.quant.HaloQuantizer.rowSquareSums(ws, m, n), s.bounds(tile, k));
        int tileRows = (k + tile - 1) / tile;
        long kept = 0;
        for (int ti = 0; ti < tileRows; ti++) {
            for (int c = 0; c < n; c++) {
                double lo = Double.POSITIVE_INFINITY, hi = Double.NEGATIVE_INFINITY;
                for (int r = ti * tile; r < Math.min(k, (ti + 1) * tile); r++) {
                    float w = full[r * n + c];
                    double v = w;
                    boolean out = Math.abs(w - g.mean) > g.lim, salient = (float) (ms[r] * v * v) >= g.thr;
                    if (out || salient) continue;
                    kept++;
                    lo = Math.min(lo, w);
                    hi = Math.max(hi, w);
                }
                assertEquals(lo, prep.channelRange()[0][ti * n + c], "least kept weight, tile row " + ti + ", column " + c);
                assertEquals(hi, prep.channelRange()[1][ti * n + c], "largest kept weight, tile row " + ti + ", column " + c);
            }
        }
        assertTrue(kept < (long) k * n && kept > 0.95 * k * n, "some weights left out, most kept: " + kept);
        for (int c = 0; c < n; c++) {
            float mx = 0;
            for (int r = 0; r < k; r++) mx = Math.max(mx, Math.abs(full[r * n + c]));
            assertEquals(mx, colMax[c]);
        }
    }

    /** Rows drawn by layer width, by hand: all of them up to 4096 outputs, then by sqrt(4096 / N). */
    @Test
    void wideLayersDrawFewerRows() {
        assertEquals(768, Profiler.sampleRowsFor(768, 4096));
        assertEquals(768, Profiler.sampleRowsFor(768, 1024));
        assertEquals(468, Profiler.sampleRowsFor(768, 11008)); // 768 * sqrt(4096 / 11008) = 468.47
        assertEquals(384, Profiler.sampleRowsFor(768, 16384)); // 768 / 2
        assertEquals(2, Profiler.sampleRowsFor(2, 1 << 20)); // never below 2
    }

    /** The streaming pass's outlier test in float min/max arithmetic against the sample's rule in double, at random and at its bounds. */
    @Test
    void floatOutlierTestIsTheDoubleRule() {
        java.util.Random rnd = new java.util.Random(3);
        for (int trial = 0; trial < 200; trial++) {
            double mean = (rnd.nextDouble() - 0.5) * Math.scalb(1.0, rnd.nextInt(20) - 16);
            double lim = trial == 0 ? Double.POSITIVE_INFINITY : trial == 1 ? 0 : rnd.nextDouble() * Math.scalb(1.0, rnd.nextInt(20) - 14);
            float[] b = Profiler.keptBounds(mean, lim);
            int n = 4000;
            float[] w = new float[n];
            for (int i = 0; i < n; i++) {
                w[i] = switch (i % 8) {
                    case 0 -> Math.max(-Float.MAX_VALUE, b[0]); // weights are finite
                    case 1 -> Math.min(Float.MAX_VALUE, b[1]);
                    case 2 -> Math.max(-Float.MAX_VALUE, Math.nextDown(b[0])); // weights are finite
                    case 3 -> Math.min(Float.MAX_VALUE, Math.nextUp(b[1]));
                    case 4 -> (float) (mean + (rnd.nextDouble() - 0.5) * 4 * (Double.isFinite(lim) ? lim + 1e-30 : 1));
                    case 5 -> i % 16 == 5 ? 0f : -0f;
                    default -> (float) (mean + rnd.nextGaussian() * (Double.isFinite(lim) ? lim : 1));
                };
            }
            float[] out = new float[n];
            Profiler.outliers(w, 0, n, b[0], b[1], out);
            for (int i = 0; i < n; i++) {
                float expect = Math.abs(w[i] - mean) > lim ? 1 : 0;
                assertEquals(expect, out[i], "mean " + mean + " lim " + lim + " w " + w[i] + " bounds " + b[0] + " " + b[1]);
            }
        }
    }

    /** The streaming pass's left-out flag (outlier, or sensitivity at or above the threshold) in float arithmetic against the comparison. */
    @Test
    void leftOutFlagIsTheComparison() {
        java.util.Random rnd = new java.util.Random(4);
        for (int trial = 0; trial < 100; trial++) {
            float thr = trial == 0 ? 0f : trial == 1 ? Float.MIN_VALUE : trial == 2 ? Float.MAX_VALUE : (float) (rnd.nextDouble() * Math.scalb(1.0, rnd.nextInt(40) - 30));
            int n = 2000;
            float[] sens = new float[n], out = new float[n], left = new float[n];
            for (int i = 0; i < n; i++) {
                sens[i] = switch (i % 6) {
                    case 0 -> thr;
                    case 1 -> Math.nextDown(thr) < 0 ? 0f : Math.nextDown(thr);
                    case 2 -> Math.min(Float.MAX_VALUE, Math.nextUp(thr));
                    case 3 -> i % 12 == 3 ? 0f : Float.MIN_VALUE;
                    default -> (float) (thr * 2 * rnd.nextDouble());
                };
                out[i] = rnd.nextInt(10) == 0 ? 1 : 0;
            }
            Profiler.leftOut(sens, out, Math.nextDown(thr), left, 0, n);
            for (int i = 0; i < n; i++) {
                float expect = out[i] == 1 || sens[i] >= thr ? 1 : 0;
                assertEquals(expect, left[i], "threshold " + thr + ", sensitivity " + sens[i] + ", outlier " + out[i]);
            }
        }
    }

    /** A sampled, row-loaded model profiled on 1 and on 3 threads: the same tables, byte for byte (intervals included). */
    @Test
    void sampledProfileIsTheSameForAnyThreadCount() {
        List<LinearLayer> layers = new java.util.ArrayList<>();
        for (int i = 0; i < 4; i++) layers.add(new LinearLayer("l" + i, i, LayerRole.FFN_UP, 1024, 384, new Rows(1024, 384, 90 + i)));
        ChannelStats st = TestModels.outlierChannels(8);
        List<QuantOption> opts = List.of(QuantOption.rtn(8, 0), QuantOption.rtn(4, 128), QuantOption.halo(4, 16, 0.5, 0.0, 128),
            QuantOption.halo(3, 9, 0.9, 0.005, 128), QuantOption.halo(4, 32, 0.9, 0.005, 128));
        String one = strip(ProfileCache.toJson(new Profiler(TestModels::delay, new Profiler.Settings(100_000, 256, 1, 1)).run("k", "m", true, layers, st, opts, null), false));
        String three = strip(ProfileCache.toJson(new Profiler(TestModels::delay, new Profiler.Settings(100_000, 256, 1, 3)).run("k", "m", true, layers, st, opts, null), false));
        assertTrue(one.contains("\"ciLow\":0."), "sampled: intervals present");
        assertEquals(one, three);
    }
}
