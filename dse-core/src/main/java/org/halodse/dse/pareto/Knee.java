package org.halodse.dse.pareto;

import java.util.List;

/**
 * Knee-point selection: in normalized space, the front point farthest below the hyperplane through
 * the front's extreme points (the best point of each objective). When those extremes do not span a
 * hyperplane (degenerate front) the point nearest the ideal point is taken.
 */
public final class Knee {
    private Knee() {
    }

    /** Index into {@code front} of its knee; -1 if empty. */
    public static int index(List<double[]> front, Normalization n) {
        if (front.isEmpty()) return -1;
        int m = front.get(0).length;
        double[][] z = front.stream().map(n::apply).toArray(double[][]::new);
        if (z.length == 1) return 0;
        double[][] ext = new double[m][];
        for (int k = 0; k < m; k++) {
            int best = 0;
            for (int i = 1; i < z.length; i++) {
                if (z[i][k] < z[best][k] || (z[i][k] == z[best][k] && sum(z[i]) < sum(z[best]))) best = i;
            }
            ext[k] = z[best];
        }
        // hyperplane w . x = 1 through the extremes: solve E w = 1
        double[] w = solve(ext);
        if (w != null) {
            double norm = 0;
            for (double v : w) norm += v * v;
            norm = Math.sqrt(norm);
            int best = -1;
            double bestD = Double.NEGATIVE_INFINITY;
            for (int i = 0; i < z.length; i++) {
                double d = 0;
                for (int k = 0; k < m; k++) d += w[k] * z[i][k];
                d = (1 - d) / norm; // > 0 below the plane (towards the ideal point)
                if (d > bestD + 1e-15) {
                    bestD = d;
                    best = i;
                }
            }
            if (bestD > 1e-12) return best;
        }
        int best = 0;
        double bestD = Double.POSITIVE_INFINITY;
        for (int i = 0; i < z.length; i++) {
            double d = 0;
            for (double v : z[i]) d += v * v;
            if (d < bestD) {
                bestD = d;
                best = i;
            }
        }
        return best;
    }

    private static double sum(double[] a) {
        double s = 0;
        for (double v : a) s += v;
        return s;
    }

    /** Solves A w = 1 by Gaussian elimination with partial pivoting; null if singular. */
    private static double[] solve(double[][] a0) {
        int m = a0.length;
        double[][] a = new double[m][m + 1];
        for (int i = 0; i < m; i++) {
            System.arraycopy(a0[i], 0, a[i], 0, m);
            a[i][m] = 1;
        }
        for (int c = 0; c < m; c++) {
            int p = c;
            for (int r = c + 1; r < m; r++) if (Math.abs(a[r][c]) > Math.abs(a[p][c])) p = r;
            if (Math.abs(a[p][c]) < 1e-12) return null;
            double[] t = a[p];
            a[p] = a[c];
            a[c] = t;
            for (int r = 0; r < m; r++) {
                if (r == c) continue;
                double f = a[r][c] / a[c][c];
                for (int k = c; k <= m; k++) a[r][k] -= f * a[c][k];
            }
        }
        double[] w = new double[m];
        for (int i = 0; i < m; i++) w[i] = a[i][m] / a[i][i];
        return w;
    }
}
