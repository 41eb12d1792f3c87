package org.halodse.hw.perf;

/**
 * Cycle counts of a weight-stationary systolic array in the analytic form SCALE-Sim uses
 * (Samajdar et al., ISPASS 2020): the GEMM (M x K) * (K x N) on an R x C array is cut into
 * ceil(K/R) * ceil(N/C) folds; each fold loads its weights (R cycles, shifted in row by row),
 * streams the M activation rows skewed through the array (M + R + C - 2 cycles until the last
 * output leaves the bottom): 2R + C + M - 2 cycles per fold. Partial folds cost the same (data
 * still crosses the whole array). Checked cycle by cycle against {@code SystolicArraySimulator}
 * in the tests.
 */
public final class SystolicCycles {
    private SystolicCycles() {
    }

    public static long folds(long k, long n, int rows, int cols) {
        return ceilDiv(k, rows) * ceilDiv(n, cols);
    }

    public static long foldCycles(int rows, int cols, long m) {
        return 2L * rows + cols + m - 2;
    }

    public static long gemmCycles(long m, long k, long n, int rows, int cols) {
        return folds(k, n, rows, cols) * foldCycles(rows, cols, m);
    }

    public static long ceilDiv(long a, long b) {
        return (a + b - 1) / b;
    }
}
