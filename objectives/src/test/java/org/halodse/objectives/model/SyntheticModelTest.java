package org.halodse.objectives.model;

import org.halodse.hw.liberty.InputException;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

class SyntheticModelTest {
    @Test
    void presetsHaveTheRealShapes() {
        record S(String name, int layers, long params) {}
        for (S s : List.of(new S("llama2-7b", 224, 6_476_005_376L), new S("llama2-13b", 280, 12_687_769_600L),
                new S("llama3-8b", 224, 6_979_321_856L), new S("opt-6.7b", 192, 6_442_450_944L))) {
            ModelSource m = ModelCatalog.resolve(s.name());
            assertTrue(m.synthetic());
            assertTrue(m.name().contains("synthetic"), m.name());
            assertEquals(s.layers(), m.layers().size(), s.name());
            assertEquals(s.params(), m.layers().stream().mapToLong(LinearLayer::parameters).sum(), s.name());
        }
        ModelSource l3 = ModelCatalog.resolve("llama3-8b");
        LinearLayer k = l3.layers().get(1);
        assertEquals("model.layers.0.self_attn.k_proj", k.name());
        assertEquals(4096, k.inFeatures());
        assertEquals(1024, k.outFeatures());
        LinearLayer down = l3.layers().get(6);
        assertEquals(LayerRole.FFN_DOWN, down.role());
        assertEquals(14336, down.inFeatures());
        assertEquals("model.decoder.layers.31.fc2", ModelCatalog.resolve("opt-6.7b").layers().get(191).name());
    }

    @Test
    void deterministicHeavyTailedWithOutlierChannels() {
        SyntheticModel m = SyntheticModel.of(SyntheticModel.Preset.LLAMA2_7B);
        LinearLayer up = m.layers().get(5);
        long t0 = System.nanoTime();
        float[] w = up.load();
        double ms = (System.nanoTime() - t0) / 1e6;
        System.out.printf("synthetic %s %dx%d generated in %.0f ms%n", up.name(), up.inFeatures(), up.outFeatures(), ms);
        assertArrayEquals(w, SyntheticModel.of(SyntheticModel.Preset.LLAMA2_7B).layers().get(5).load());
        float[] other = m.layers().get(12).load(); // block 1 up_proj
        assertNotEquals(w[0], other[0]);
        int[] outl = m.outlierChannels(4096);
        assertEquals(8, outl.length);
        int N = up.outFeatures();
        java.util.Set<Integer> os = new java.util.HashSet<>();
        for (int c : outl) os.add(c);
        double s2 = 0, s4 = 0;
        long n = 0;
        double outlierRms = 0, normalRms = 0;
        for (int k = 0; k < up.inFeatures(); k++) {
            double rs = 0;
            for (int j = 0; j < N; j++) { double v = w[k * N + j]; rs += v * v; if (!os.contains(k)) { s2 += v * v; s4 += v * v * v * v; n++; } }
            if (os.contains(k)) outlierRms += Math.sqrt(rs / N) / outl.length; else normalRms += Math.sqrt(rs / N) / (up.inFeatures() - outl.length);
        }
        double var = s2 / n, kurt = (s4 / n) / (var * var);
        System.out.printf("synthetic weights: std %.4f, kurtosis %.1f, outlier row rms / normal %.1f%n", Math.sqrt(var), kurt, outlierRms / normalRms);
        assertEquals(0.02, Math.sqrt(var), 0.004);
        assertTrue(kurt > 5, "kurtosis " + kurt);
        assertTrue(outlierRms > 6 * normalRms);
    }

    @Test
    void unknownModelNameIsAnInputError() {
        InputException e = assertThrows(InputException.class, () -> ModelCatalog.resolve("llama9-1t"));
        assertTrue(e.getMessage().contains("minilm-l6|bge-small|llama2-7b"), e.getMessage());
    }

    @Test
    void rowLoadedWeightsEqualTheFullLayerRowsBitForBit() {
        SyntheticModel m = SyntheticModel.of(SyntheticModel.Preset.LLAMA2_7B);
        for (int li : new int[] {1, 6}) { // k_proj 4096 x 4096, down_proj 11008 x 4096
            LinearLayer l = m.layers().get(li);
            RowLoader rl = assertInstanceOf(RowLoader.class, l.loader());
            float[] full = l.load();
            int n = l.outFeatures(), k = l.inFeatures();
            int[] out = m.outlierChannels(k);
            int[] rows = {0, 1, 127, 128, out[0], out[out.length - 1], k / 2 + 3, k - 1};
            rows = java.util.Arrays.stream(rows).distinct().sorted().toArray();
            float[] part = rl.loadRows(rows);
            assertEquals(rows.length * n, part.length);
            for (int j = 0; j < rows.length; j++) {
                for (int c = 0; c < n; c++) {
                    assertEquals(Float.floatToRawIntBits(full[rows[j] * n + c]), Float.floatToRawIntBits(part[j * n + c]),
                        l.name() + " row " + rows[j] + " col " + c);
                }
            }
            assertThrows(IllegalArgumentException.class, () -> rl.loadRows(new int[] {k}));
            // one row at a time into a reused array, as the streaming pass reads a layer
            float[] one = new float[n];
            for (int r : rows) {
                assertEquals(one, rl.loadRow(r, one));
                for (int c = 0; c < n; c++) {
                    assertEquals(Float.floatToRawIntBits(full[r * n + c]), Float.floatToRawIntBits(one[c]), l.name() + " row " + r + " col " + c + " alone");
                }
            }
            assertThrows(IllegalArgumentException.class, () -> rl.loadRow(k, one));
        }
    }

    /** P(|T| &gt; x) for Student-t with 4 degrees of freedom, from its closed-form CDF. */
    static double tail4(double x) {
        double cdf = 0.5 + 0.375 * (x / Math.sqrt(1 + x * x / 4)) * (1 - x * x / (12 * (1 + x * x / 4)));
        return 2 * (1 - cdf);
    }

    /**
     * The exact quantile of |T| at two-sided tail probability t, closed form for 4 degrees of freedom
     * (p = 1 - t/2): alpha = 4 p (1 - p) = t (2 - t), q = cos(acos(sqrt(alpha)) / 3) / sqrt(alpha),
     * x = 2 sqrt(q - 1).
     */
    static double t4Tail(double t) {
        double a = t * (2 - t), sa = Math.sqrt(a);
        double q = Math.cos(Math.acos(sa) / 3) / sa;
        return 2 * Math.sqrt(Math.max(0, q - 1));
    }

    /**
     * The variate against the exact quantile at the tail probability its hash stands for: within
     * 1e-6 relative plus 2e-7 (t's rounding to float near t = 1), at random hashes, deep in the tail
     * and at the ends; draws: the share beyond x matches P(|T| &gt; x) within 4 binomial standard
     * errors, and signs are fair.
     */
    @Test
    void generatorIsStudentT4ByItsQuantilesAndItsDraws() {
        for (double x : new double[] {0.01, 0.3, 1, 2.5, 7, 30, 200}) {
            assertEquals(x, t4Tail(tail4(x)), 1e-7 * x, "the reference quantile inverts the CDF at " + x);
        }
        java.util.SplittableRandom r = new java.util.SplittableRandom(99);
        int draws = 4_000_000;
        double[] xs = {0.25, 0.5, 1, 2, 4, 8, 16};
        long[] beyond = new long[xs.length];
        long pos = 0;
        for (int i = 0; i < draws + 64; i++) {
            int h = i < 64 ? (i < 32 ? i : -i) : r.nextInt(); // the ends: t = 2^-31.., t = 1..
            if (i >= 64 && i % 8 == 0) h >>>= r.nextInt(31); // deep in the tail
            float v = SyntheticModel.t4(h);
            double x = t4Tail(((h >>> 1) + 1L) / 2147483648.0);
            assertEquals((h & 1) != 0 ? -x : x, v, 1e-6 * x + 2e-7, "hash " + Integer.toHexString(h));
            if (i < 64 || i % 8 == 0) continue;
            if (v > 0) pos++;
            for (int j = 0; j < xs.length; j++) if (Math.abs(v) > xs[j]) beyond[j]++;
        }
        int n = draws - draws / 8;
        for (int j = 0; j < xs.length; j++) {
            double p = tail4(xs[j]), se = Math.sqrt(p * (1 - p) / n);
            assertEquals(p, (double) beyond[j] / n, 4 * se + 1e-6, "P(|T| > " + xs[j] + ")");
        }
        assertEquals(0.5, (double) pos / n, 4 * Math.sqrt(0.25 / n), "symmetric");
    }

    /**
     * A row as the SIMD loop makes it equals the weights computed one at a time by the definition
     * (hash, then the variate), bit for bit.
     */
    @Test
    void rowEqualsTheDefinitionWeightByWeight() {
        int n = 1000;
        int[] keys = new int[n];
        float[] cs = new float[n];
        java.util.SplittableRandom r = new java.util.SplittableRandom(5);
        for (int c = 0; c < n; c++) { keys[c] = r.nextInt(); cs[c] = (float) (0.5 + r.nextDouble()); }
        float[] w = new float[n];
        for (int rep = 0; rep < 200; rep++) { // warm: the JIT's loop, not the interpreter's
            int seed = r.nextInt();
            SyntheticModel.fillRow(seed, 0.03f, keys, cs, w, n);
            for (int c = 0; c < n; c++) {
                int h = seed ^ keys[c];
                h = (h ^ (h >>> 16)) * 0x85EBCA6B;
                h = (h ^ (h >>> 13)) * 0xC2B2AE35;
                h ^= h >>> 16;
                assertEquals(0.03f * cs[c] * SyntheticModel.t4(h), w[c], "column " + c);
            }
        }
    }
}
