package org.halodse.dse.search;

import java.util.List;
import org.halodse.dse.pareto.Archive;
import org.halodse.dse.space.DesignSpace;

/**
 * An additive model of every objective over categorical genes, f_k(x) ~ sum_i c_k[i][x_i] (one-hot
 * features; the intercept lies in their span), fitted by least squares to every candidate evaluated
 * so far. For a problem whose objectives are sums over genes the fit is exact once the evaluated
 * candidates determine it; for other problems it is a first-order model, good enough to rank
 * children before they are evaluated.
 *
 * <p>Why: evaluations are the budget; a child predicted to be dominated by its siblings is a wasted
 * evaluation. Sums over layers (latency, energy, the proxy error) make design-space-exploration
 * objectives nearly additive, which this model captures in O(genes x values) numbers.
 *
 * <p>How: the normal equations' Gram matrix and right-hand sides are running sums over the archive
 * in evaluation order (so a resumed search that folds in the same archive gets the same numbers bit
 * for bit), solved each time by conjugate gradients from zero with a tiny ridge (the one-hot blocks
 * are collinear, and values never seen get no weight). Its cost grows with the square of the
 * feature count, so {@link #MAX_FEATURES} bounds where it is used.
 */
final class AdditiveSurrogate {
    /** Beyond this many (gene, value) features the Gram matrix (d^2 doubles, 32 MB at 2048) and its solves cost more than they save. */
    /**
     * Squared relative residual at which conjugate gradients stop: ranking children needs no more
     * (measured on the knapsack: 15 iterations instead of 90, the same hypervolume).
     */
    private static final double TOL = 1e-10;
    static final int MAX_FEATURES = 2048;

    private final int m;
    private final int n;
    private final int d;
    private final int[] offset; // start of gene i's values in the flat feature index
    private final double[] gram; // d x d, row-major, symmetric
    private final double[][] rhs; // [objective][feature]
    private long folded;
    private double[][] coef;

    AdditiveSurrogate(DesignSpace space, int m) {
        this.m = m;
        this.n = space.geneCount();
        this.offset = new int[n + 1];
        for (int i = 0; i < n; i++) offset[i + 1] = offset[i] + space.choices(i);
        this.d = offset[n];
        if (d > MAX_FEATURES) throw new IllegalArgumentException(d + " features exceed " + MAX_FEATURES);
        this.gram = new double[d * d];
        this.rhs = new double[m][d];
    }

    static boolean applicable(DesignSpace space) {
        long f = 0;
        for (int i = 0; i < space.geneCount(); i++) f += space.choices(i);
        return f <= MAX_FEATURES;
    }

    /** Folds the archive entries not yet seen into the sums (entries are only ever appended). */
    void update(List<Archive.Entry> all) {
        int[] idx = new int[n];
        for (long e = folded; e < all.size(); e++) {
            Archive.Entry en = all.get((int) e);
            for (int i = 0; i < n; i++) idx[i] = offset[i] + en.candidate().gene(i);
            for (int a : idx) {
                int row = a * d;
                for (int b : idx) gram[row + b] += 1;
            }
            double[] f = en.evaluation().objectivesView();
            for (int k = 0; k < m; k++) {
                double y = f[k];
                if (!Double.isFinite(y)) continue;
                for (int a : idx) rhs[k][a] += y;
            }
        }
        folded = all.size();
        coef = null;
    }

    private void solve() {
        double maxDiag = 0;
        for (int a = 0; a < d; a++) maxDiag = Math.max(maxDiag, gram[a * d + a]);
        double ridge = 1e-9 * Math.max(1, maxDiag);
        coef = new double[m][];
        for (int k = 0; k < m; k++) coef[k] = conjugateGradient(rhs[k], ridge);
    }

    /** Jacobi-preconditioned conjugate gradients on (G + ridge I) c = b, from zero. */
    private double[] conjugateGradient(double[] b, double ridge) {
        double[] x = new double[d], r = b.clone(), z = new double[d], p = new double[d], q = new double[d];
        double[] inv = new double[d];
        for (int a = 0; a < d; a++) inv[a] = 1 / (gram[a * d + a] + ridge);
        double bn = 0;
        for (double v : b) bn += v * v;
        if (bn == 0) return x;
        for (int a = 0; a < d; a++) p[a] = z[a] = inv[a] * r[a];
        double rz = dot(r, z);
        for (int it = 0; it < Math.min(d, 100); it++) {
            for (int a = 0; a < d; a++) {
                double s = ridge * p[a];
                int row = a * d;
                for (int c = 0; c < d; c++) s += gram[row + c] * p[c];
                q[a] = s;
            }
            double pq = dot(p, q);
            if (pq <= 0) break;
            double alpha = rz / pq;
            double rn = 0;
            for (int a = 0; a < d; a++) {
                x[a] += alpha * p[a];
                r[a] -= alpha * q[a];
                rn += r[a] * r[a];
            }
            if (rn <= TOL * bn) break;
            for (int a = 0; a < d; a++) z[a] = inv[a] * r[a];
            double rz2 = dot(r, z);
            double beta = rz2 / rz;
            rz = rz2;
            for (int a = 0; a < d; a++) p[a] = z[a] + beta * p[a];
        }
        return x;
    }

    private static double dot(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) s += a[i] * b[i];
        return s;
    }

    /** The predicted objective vector of a genome. */
    double[] predict(int[] genes) {
        if (coef == null) solve();
        double[] f = new double[m];
        for (int k = 0; k < m; k++) {
            double[] c = coef[k];
            double s = 0;
            for (int i = 0; i < n; i++) s += c[offset[i] + genes[i]];
            f[k] = s;
        }
        return f;
    }

    /**
     * The genome minimizing the model's weighted sum sum_k w_k f_k: gene by gene, since the model
     * is additive (exact for the model, lowest value index on ties).
     */
    int[] argminWeighted(double[] w) {
        if (coef == null) solve();
        int[] g = new int[n];
        for (int i = 0; i < n; i++) {
            double best = Double.POSITIVE_INFINITY;
            for (int v = 0; v < offset[i + 1] - offset[i]; v++) {
                double s = 0;
                for (int k = 0; k < m; k++) s += w[k] * coef[k][offset[i] + v];
                if (s < best) {
                    best = s;
                    g[i] = v;
                }
            }
        }
        return g;
    }
}
