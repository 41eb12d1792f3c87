package org.halodse.dse.pareto;

import java.util.List;

/**
 * Quality indicators of an approximation set A against a reference set Z (usually the true front),
 * all computed in normalized space (minimization): IGD, IGD+ and the additive epsilon.
 */
public final class Indicators {
    private Indicators() {
    }

    /** Inverted generational distance: mean over z in Z of the Euclidean distance to the nearest a in A. */
    public static double igd(List<double[]> a, List<double[]> z, Normalization n) {
        return meanMin(a, z, n, false);
    }

    /** IGD+ (Ishibuchi et al. 2015): like IGD with d+(a, z) = sqrt(sum max(a_i - z_i, 0)^2); weakly Pareto-compliant. */
    public static double igdPlus(List<double[]> a, List<double[]> z, Normalization n) {
        return meanMin(a, z, n, true);
    }

    private static double meanMin(List<double[]> a, List<double[]> z, Normalization n, boolean plus) {
        if (a.isEmpty()) return Double.POSITIVE_INFINITY;
        double[][] an = a.stream().map(n::apply).toArray(double[][]::new);
        double sum = 0;
        for (double[] zz : z) {
            double[] zn = n.apply(zz);
            double best = Double.POSITIVE_INFINITY;
            for (double[] p : an) {
                double s = 0;
                for (int i = 0; i < zn.length; i++) {
                    double d = p[i] - zn[i];
                    if (plus && d < 0) d = 0;
                    s += d * d;
                }
                best = Math.min(best, s);
            }
            sum += Math.sqrt(best);
        }
        return sum / z.size();
    }

    /**
     * Additive epsilon indicator: the smallest eps such that every z in Z is weakly dominated by
     * some a in A shifted by -eps in every normalized objective.
     */
    public static double additiveEpsilon(List<double[]> a, List<double[]> z, Normalization n) {
        if (a.isEmpty()) return Double.POSITIVE_INFINITY;
        double[][] an = a.stream().map(n::apply).toArray(double[][]::new);
        double worst = Double.NEGATIVE_INFINITY;
        for (double[] zz : z) {
            double[] zn = n.apply(zz);
            double best = Double.POSITIVE_INFINITY;
            for (double[] p : an) {
                double mx = Double.NEGATIVE_INFINITY;
                for (int i = 0; i < zn.length; i++) mx = Math.max(mx, p[i] - zn[i]);
                best = Math.min(best, mx);
            }
            worst = Math.max(worst, best);
        }
        return worst;
    }
}
