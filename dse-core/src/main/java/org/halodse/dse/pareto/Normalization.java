package org.halodse.dse.pareto;

import java.util.Arrays;
import java.util.List;

/**
 * Explicit normalization bounds: objective i maps to (f - lower[i]) / (upper[i] - lower[i]).
 * Every indicator takes one, and every figure records it.
 */
public record Normalization(double[] lower, double[] upper) {
    public Normalization {
        lower = lower.clone();
        upper = upper.clone();
        if (lower.length != upper.length) throw new IllegalArgumentException("bounds of different lengths");
        for (int i = 0; i < lower.length; i++) {
            if (!(upper[i] > lower[i])) throw new IllegalArgumentException("objective " + i + ": upper bound " + upper[i] + " must exceed lower bound " + lower[i]);
        }
    }

    /** Bounds from the ideal and nadir of a set of points (a degenerate axis gets width 1). */
    public static Normalization of(List<double[]> points) {
        int m = points.get(0).length;
        double[] lo = new double[m], hi = new double[m];
        Arrays.fill(lo, Double.POSITIVE_INFINITY);
        Arrays.fill(hi, Double.NEGATIVE_INFINITY);
        for (double[] p : points) {
            for (int i = 0; i < m; i++) {
                lo[i] = Math.min(lo[i], p[i]);
                hi[i] = Math.max(hi[i], p[i]);
            }
        }
        for (int i = 0; i < m; i++) if (!(hi[i] > lo[i])) hi[i] = lo[i] + 1;
        return new Normalization(lo, hi);
    }

    public static Normalization identity(int m) {
        double[] lo = new double[m], hi = new double[m];
        Arrays.fill(hi, 1.0);
        return new Normalization(lo, hi);
    }

    public int dimensions() {
        return lower.length;
    }

    public double[] apply(double[] f) {
        double[] r = new double[f.length];
        for (int i = 0; i < f.length; i++) r[i] = (f[i] - lower[i]) / (upper[i] - lower[i]);
        return r;
    }

    /** The objective-space point whose normalized coordinates are {@code z}. */
    public double[] invert(double[] z) {
        double[] r = new double[z.length];
        for (int i = 0; i < z.length; i++) r[i] = lower[i] + z[i] * (upper[i] - lower[i]);
        return r;
    }

    @Override
    public double[] lower() {
        return lower.clone();
    }

    @Override
    public double[] upper() {
        return upper.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Normalization n && Arrays.equals(n.lower, lower) && Arrays.equals(n.upper, upper);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(lower) * 31 + Arrays.hashCode(upper);
    }

    @Override
    public String toString() {
        return "Normalization[lower=" + Arrays.toString(lower) + ", upper=" + Arrays.toString(upper) + "]";
    }
}
