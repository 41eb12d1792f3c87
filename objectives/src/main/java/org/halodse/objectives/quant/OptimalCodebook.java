package org.halodse.objectives.quant;

/**
 * The codebook of {@code size} values, drawn from an allowed subset of the INT8 grid, that
 * minimizes the weighted squared error of a {@link HalfStepHistogram} when every point goes to its
 * nearest codebook value: exactly, by dynamic programming (1-D k-means with centers restricted to
 * the allowed values).
 *
 * <p>In one dimension the points assigned to sorted centers c_1 &lt; ... &lt; c_k form consecutive
 * intervals split at the midpoints. With prefix sums over the bins, the cost of the points between
 * two consecutive chosen centers a and b (those in [a, b)) is O(1): the points below (a+b)/2 go to
 * a, the rest to b. So f[t][j] = min over i &lt; j of f[t-1][i] + between(i, j), with f[1][j] the
 * cost of everything below c_j going to c_j, and the answer min_j f[k][j] + (everything from c_j up
 * going to c_j).
 *
 * <p>The inner minimum is found by divide and conquer over j, O(k m log m) instead of O(k m^2): the
 * best predecessor of c_j never moves left as j grows, because between(i, j) has the Monge property
 * (between(i, j) + between(i', j') &lt;= between(i, j') + between(i', j) for i &lt;= i' &lt;= j &lt;= j',
 * point by point: min(x, y)^2 is supermodular; cf. X. Wu, "Optimal quantization by matrix
 * searching", J. Algorithms 1991). {@link #solveQuadratic} is the plain O(k m^2) recursion, kept as
 * the test's reference.
 */
public final class OptimalCodebook {
    private OptimalCodebook() {
    }

    /** The chosen values (sorted) and their cost. */
    public record Result(int[] values, double cost) {
    }

    public static Result solve(HalfStepHistogram h, AllowedValues allowed, int size) {
        return solve(h, allowed, size, true);
    }

    /** The O(k m^2) recursion without divide and conquer: the reference for {@link #solve}. */
    static Result solveQuadratic(HalfStepHistogram h, AllowedValues allowed, int size) {
        return solve(h, allowed, size, false);
    }

    private static Result solve(HalfStepHistogram h, AllowedValues allowed, int size, boolean monotone) {
        int[] c = allowed.values();
        int m = c.length;
        if (m == 0) throw new IllegalArgumentException("no allowed values");
        if (size < 1) throw new IllegalArgumentException("codebook size " + size);
        if (size >= m) return new Result(c.clone(), h.cost(c));
        int nb = HalfStepHistogram.BINS;
        double[] p0 = new double[nb + 1], p1 = new double[nb + 1], p2 = new double[nb + 1];
        for (int b = 0; b < nb; b++) {
            p0[b + 1] = p0[b] + h.s0[b];
            p1[b + 1] = p1[b] + h.s1[b];
            p2[b + 1] = p2[b] + h.s2[b];
        }
        double[] first = new double[m], last = new double[m];
        for (int j = 0; j < m; j++) {
            int e = HalfStepHistogram.edge(c[j]);
            first[j] = range(p0, p1, p2, 0, e, c[j]);
            last[j] = range(p0, p1, p2, e, nb, c[j]);
        }
        double[][] f = new double[size + 1][m];
        int[][] arg = new int[size + 1][m];
        System.arraycopy(first, 0, f[1], 0, m);
        if (monotone) {
            for (int t = 2; t <= size; t++) {
                for (int j = 0; j < t - 1; j++) f[t][j] = Double.POSITIVE_INFINITY;
                fill(f[t - 1], f[t], arg[t], c, p0, p1, p2, t - 1, m - 1, t - 2, m - 2);
            }
        } else {
            // between[j][i], i < j: points in [c_i, c_j), split at the midpoint edge c_i + c_j + 256
            // (stored by j so that the inner loop over i reads consecutive memory).
            double[][] between = new double[m][];
            for (int j = 0; j < m; j++) {
                between[j] = new double[j];
                for (int i = 0; i < j; i++) between[j][i] = between(p0, p1, p2, c[i], c[j]);
            }
            for (int t = 2; t <= size; t++) {
                for (int j = 0; j < m; j++) {
                    if (j < t - 1) {
                        f[t][j] = Double.POSITIVE_INFINITY;
                        continue;
                    }
                    double best = Double.POSITIVE_INFINITY;
                    int bi = -1;
                    double[] prev = f[t - 1], bj = between[j];
                    for (int i = t - 2; i < j; i++) {
                        double v = prev[i] + bj[i];
                        if (v < best) {
                            best = v;
                            bi = i;
                        }
                    }
                    f[t][j] = best;
                    arg[t][j] = bi;
                }
            }
        }
        double best = Double.POSITIVE_INFINITY;
        int bj = -1;
        for (int j = size - 1; j < m; j++) {
            double v = f[size][j] + last[j];
            if (v < best) {
                best = v;
                bj = j;
            }
        }
        int[] out = new int[size];
        for (int t = size, j = bj; t >= 1; t--) {
            out[t - 1] = c[j];
            j = arg[t][j];
        }
        return new Result(out, Math.max(0, best));
    }

    /** Points in [a, b) split at their midpoint (an edge of the half-step bins), each half to its center. */
    private static double between(double[] p0, double[] p1, double[] p2, int a, int b) {
        int mid = a + b + 256;
        return range(p0, p1, p2, HalfStepHistogram.edge(a), mid, a) + range(p0, p1, p2, mid, HalfStepHistogram.edge(b), b);
    }

    /**
     * f[j] = min over i in [iLo, min(iHi, j - 1)] of prev[i] + between(i, j) for j in [jLo, jHi],
     * by divide and conquer on the monotone argmin.
     */
    private static void fill(double[] prev, double[] f, int[] arg, int[] c, double[] p0, double[] p1, double[] p2, int jLo, int jHi, int iLo, int iHi) {
        while (jLo <= jHi) {
            int j = (jLo + jHi) >>> 1;
            double best = Double.POSITIVE_INFINITY;
            int bi = -1;
            for (int i = iLo, top = Math.min(iHi, j - 1); i <= top; i++) {
                if (prev[i] == Double.POSITIVE_INFINITY) continue;
                double v = prev[i] + between(p0, p1, p2, c[i], c[j]);
                if (v < best) {
                    best = v;
                    bi = i;
                }
            }
            f[j] = best;
            arg[j] = bi;
            int split = bi < 0 ? iLo : bi;
            fill(prev, f, arg, c, p0, p1, p2, jLo, j - 1, iLo, split);
            jLo = j + 1; // the right half iterates (recursion depth log m)
            iLo = split;
        }
    }

    private static double range(double[] p0, double[] p1, double[] p2, int lo, int hi, double c) {
        if (hi <= lo) return 0;
        double s0 = p0[hi] - p0[lo], s1 = p1[hi] - p1[lo], s2 = p2[hi] - p2[lo];
        return s2 - 2 * c * s1 + c * c * s0;
    }

    /** For each half-step bin, the nearest value of a sorted codebook (ties to the lower value). */
    public static int[] nearestByBin(int[] codebook) {
        int[] near = new int[HalfStepHistogram.BINS];
        int j = 0;
        for (int b = 0; b < HalfStepHistogram.BINS; b++) {
            // bin b covers [lo, lo + 0.5); it goes to c_j while its lower edge is below the midpoint to c_{j+1}
            double lo = -128.0 + b * 0.5;
            while (j + 1 < codebook.length && lo >= (codebook[j] + codebook[j + 1]) / 2.0) j++;
            near[b] = codebook[j];
        }
        return near;
    }
}
