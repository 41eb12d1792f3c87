package org.halodse.hw.perf;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** The analytic weight-stationary cycle count (SCALE-Sim form) against a cycle-by-cycle array. */
class SystolicCycleCheckTest {

    @Test
    void randomGemmsOn4x4AgreeExactly() {
        check(4, 4, 200, 1);
    }

    @Test
    void nonSquareArraysAgreeExactly() {
        check(3, 5, 100, 2);
        check(6, 2, 100, 3);
        check(1, 1, 20, 4);
    }

    private static void check(int r, int c, int trials, long seed) {
        Random rnd = new Random(seed);
        for (int t = 0; t < trials; t++) {
            int m = 1 + rnd.nextInt(12), k = 1 + rnd.nextInt(13), n = 1 + rnd.nextInt(13);
            int[][] a = new int[m][k], w = new int[k][n];
            for (int[] row : a) for (int j = 0; j < k; j++) row[j] = rnd.nextInt(256) - 128;
            for (int[] row : w) for (int j = 0; j < n; j++) row[j] = rnd.nextInt(256) - 128;
            SystolicArraySimulator sim = new SystolicArraySimulator(r, c);
            long[][] y = sim.gemm(a, w);
            for (int i = 0; i < m; i++) {
                long[] ref = new long[n];
                for (int j = 0; j < n; j++) for (int q = 0; q < k; q++) ref[j] += (long) a[i][q] * w[q][j];
                assertArrayEquals(ref, y[i], "GEMM result row " + i);
            }
            String what = r + "x" + c + " array, M=" + m + " K=" + k + " N=" + n;
            assertEquals(SystolicCycles.gemmCycles(m, k, n, r, c), sim.cycles, what);
        }
    }
}
