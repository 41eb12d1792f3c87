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
}
