package org.halodse.objectives.quant;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import org.junit.jupiter.api.Test;

class UniformQuantizerTest {

    /** Brute force: for every weight, the code in the symmetric range whose value is nearest. */
    private static void check(float[] w, int k, int n, int bits, int group, float[] deq) {
        int qmax = (1 << (bits - 1)) - 1;
        for (int c = 0; c < n; c++) {
            for (int g0 = 0; g0 < k; g0 += group) {
                int g1 = Math.min(k, g0 + group);
                double amax = 0;
                for (int r = g0; r < g1; r++) amax = Math.max(amax, Math.abs(w[r * n + c]));
                double s = amax / qmax;
                for (int r = g0; r < g1; r++) {
                    double best = Double.POSITIVE_INFINITY, bv = 0;
                    for (int q = -qmax; q <= qmax; q++) {
                        double d = Math.abs(w[r * n + c] - q * s);
                        if (d < best) {
                            best = d;
                            bv = q * s;
                        }
                    }
                    assertEquals(bv, deq[r * n + c], 1e-5 * Math.max(1, amax), "r=" + r + " c=" + c + " bits=" + bits);
                }
            }
        }
    }

    @Test
    void perChannelAndPerGroupMatchBruteForce() {
        Random rnd = new Random(7);
        for (int trial = 0; trial < 40; trial++) {
            int k = 1 + rnd.nextInt(20), n = 1 + rnd.nextInt(9);
            float[] w = new float[k * n];
            for (int i = 0; i < w.length; i++) w[i] = (float) (rnd.nextGaussian() * (rnd.nextInt(10) == 0 ? 5 : 1));
            for (int bits : new int[] {2, 3, 4, 8}) {
                float[] deq = new float[w.length];
                UniformQuantizer.perChannel(w, k, n, bits, null, deq);
                check(w, k, n, bits, k, deq);
                int group = 1 + rnd.nextInt(k);
                UniformQuantizer.perGroup(w, k, n, bits, group, null, deq);
                check(w, k, n, bits, group, deq);
            }
        }
    }

    @Test
    void zeroColumnStaysZero() {
        float[] w = {0, 1, 0, -2};
        float[] deq = new float[4];
        int[] codes = new int[4];
        UniformQuantizer.perChannel(w, 2, 2, 4, codes, deq);
        assertEquals(0f, deq[0]);
        assertEquals(0f, deq[2]);
        assertEquals(-7, codes[3]);
    }
    /**
     * The RTN option's result against its codes taken one by one: the histogram of values, each
     * tile's set of values (tiles of 32, the last row and column of tiles cut short), and the
     * E[x^2]-weighted error and energy.
     */
    @Test
    void rtnOptionCountsEveryCodeOfItsTiles() {
        Random rnd = new Random(11);
        int k = 75, n = 70, t = 32;
        float[] w = new float[k * n];
        for (int i = 0; i < w.length; i++) w[i] = (float) (0.02 * rnd.nextGaussian() / Math.sqrt(0.3 + rnd.nextDouble()));
        double[] ms = new double[k];
        for (int r = 0; r < k; r++) ms[r] = Math.exp(rnd.nextGaussian());
        for (QuantOption o : new QuantOption[] {QuantOption.rtn(8, 0), QuantOption.rtn(4, 16)}) {
            QuantOption opt = new QuantOption(o.kind(), o.bits(), o.group(), o.fastCount(), o.fastShare(), o.sparse(), t, o.zeroPoint(), o.scale(), o.sigmas());
            float[] deq = new float[k * n];
            HaloQuantizer.Result res = OptionQuantizer.rtn(opt, w, k, n, ms, null, deq);
            int[] codes = new int[k * n];
            float[] ref = new float[k * n];
            UniformQuantizer.perGroup(w, k, n, o.bits(), o.group() <= 0 ? k : o.group(), codes, ref);
            org.junit.jupiter.api.Assertions.assertArrayEquals(ref, deq, o.label() + ": dequantized weights");
            long[] hist = new long[256];
            int tc = (n + t - 1) / t;
            long[][] used = new long[((k + t - 1) / t) * tc][4];
            double err = 0, en = 0;
            for (int r = 0; r < k; r++) {
                for (int c = 0; c < n; c++) {
                    int v = codes[r * n + c] + 128;
                    hist[v]++;
                    used[(r / t) * tc + c / t][v / 64] |= 1L << (v % 64);
                    double d = w[r * n + c] - ref[r * n + c];
                    err += ms[r] * d * d;
                    en += ms[r] * (double) w[r * n + c] * w[r * n + c];
                }
            }
            org.junit.jupiter.api.Assertions.assertArrayEquals(hist, res.histogram(), o.label() + ": histogram");
            org.junit.jupiter.api.Assertions.assertTrue(java.util.Arrays.deepEquals(used, res.tileUsed()), o.label() + ": values of each tile");
            assertEquals(err, res.error(), 1e-12 * err, o.label() + ": error");
            assertEquals(en, res.energy(), 1e-12 * en, o.label() + ": energy");
        }
    }
}
