package org.halodse.hw.perf;

/**
 * A cycle-by-cycle weight-stationary systolic array (R x C processing elements), independent of
 * the analytic formulas: the weights shift in from the top one row per cycle; then activation rows
 * enter skewed at the left edge (row i one cycle after row i-1) and move one PE right per cycle;
 * partial sums move one PE down per cycle; each value carries a valid bit, and a fold ends when
 * the last valid partial sum has left the bottom row. Every register is updated from the previous
 * cycle's registers only. The GEMM is folded over K (row folds, partial sums added into the
 * outputs) and N (column folds).
 */
final class SystolicArraySimulator {
    final int rows, cols;
    long cycles;

    SystolicArraySimulator(int rows, int cols) {
        this.rows = rows;
        this.cols = cols;
    }

    /** Y = A (M x K) * W (K x N), counting cycles into {@link #cycles}. */
    long[][] gemm(int[][] a, int[][] w) {
        int m = a.length, k = w.length, n = w[0].length;
        long[][] y = new long[m][n];
        for (int k0 = 0; k0 < k; k0 += rows) {
            for (int n0 = 0; n0 < n; n0 += cols) {
                int[][] wf = new int[rows][cols];
                for (int i = 0; i < rows; i++) for (int j = 0; j < cols; j++) {
                    wf[i][j] = k0 + i < k && n0 + j < n ? w[k0 + i][n0 + j] : 0;
                }
                int[][] af = new int[m][rows];
                for (int t = 0; t < m; t++) for (int i = 0; i < rows; i++) af[t][i] = k0 + i < k ? a[t][k0 + i] : 0;
                long[][] out = fold(af, wf);
                for (int t = 0; t < m; t++) for (int j = 0; j < cols; j++) if (n0 + j < n) y[t][n0 + j] += out[t][j];
            }
        }
        return y;
    }

    /** One fold: load the weights, stream the activations, drain; returns M x C outputs. */
    long[][] fold(int[][] act, int[][] wf) {
        int m = act.length;
        // weight load: a shift chain per column, fed at the top; after R cycles PE(i, j) holds wf[i][j]
        int[][] wreg = new int[rows][cols];
        for (int t = 0; t < rows; t++) {
            int[][] next = new int[rows][cols];
            for (int j = 0; j < cols; j++) {
                next[0][j] = wf[rows - 1 - t][j];
                for (int i = 1; i < rows; i++) next[i][j] = wreg[i - 1][j];
            }
            wreg = next;
            cycles++;
        }
        // streaming: registers of the previous cycle
        long[][] aReg = new long[rows][cols], pReg = new long[rows][cols];
        boolean[][] aValid = new boolean[rows][cols], pValid = new boolean[rows][cols];
        int[][] tag = new int[rows][cols];
        long[][] out = new long[m][cols];
        int received = 0, s = 0;
        while (received < m * cols) {
            long[][] aN = new long[rows][cols], pN = new long[rows][cols];
            boolean[][] avN = new boolean[rows][cols], pvN = new boolean[rows][cols];
            int[][] tagN = new int[rows][cols];
            for (int i = 0; i < rows; i++) {
                for (int j = 0; j < cols; j++) {
                    long ain;
                    boolean av;
                    int tg;
                    if (j == 0) {
                        int t = s - i; // row i is skewed by i cycles
                        av = t >= 0 && t < m;
                        ain = av ? act[t][i] : 0;
                        tg = t;
                    } else {
                        ain = aReg[i][j - 1];
                        av = aValid[i][j - 1];
                        tg = tag[i][j - 1];
                    }
                    long pin = i == 0 ? 0 : pReg[i - 1][j];
                    aN[i][j] = ain;
                    avN[i][j] = av;
                    tagN[i][j] = tg;
                    pN[i][j] = pin + (long) wreg[i][j] * ain;
                    pvN[i][j] = av;
                }
            }
            aReg = aN;
            pReg = pN;
            aValid = avN;
            pValid = pvN;
            tag = tagN;
            cycles++;
            s++;
            for (int j = 0; j < cols; j++) {
                if (pValid[rows - 1][j]) {
                    out[tag[rows - 1][j]][j] = pReg[rows - 1][j];
                    received++;
                }
            }
        }
        return out;
    }
}
