package org.halodse.dse.pareto;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Exact hypervolume (minimization) in 1, 2 and 3 dimensions, in normalized objective space. The
 * normalization bounds and the reference point travel with every figure ({@link Result}).
 */
public final class Hypervolume {
    private Hypervolume() {
    }

    /**
     * A hypervolume figure with what it was measured against: the bounds, the reference point in
     * normalized coordinates and in objective units.
     */
    public record Result(double value, Normalization normalization, double[] referencePointNormalized, double[] referencePoint, int points) {
        public Result {
            referencePointNormalized = referencePointNormalized.clone();
            referencePoint = referencePoint.clone();
        }

        @Override
        public String toString() {
            return "HV " + value + " (ref " + Arrays.toString(referencePoint) + " = normalized " + Arrays.toString(referencePointNormalized) + ", " + normalization + ")";
        }
    }

    /** The hypervolume of {@code points} after normalization, against {@code refNormalized}. */
    public static Result of(List<double[]> points, Normalization norm, double[] refNormalized) {
        List<double[]> z = new ArrayList<>(points.size());
        for (double[] p : points) z.add(norm.apply(p));
        double v = raw(z, refNormalized);
        return new Result(v, norm, refNormalized, norm.invert(refNormalized), points.size());
    }

    /** The usual choice: reference point 1.1 in every normalized coordinate. */
    public static Result of(List<double[]> points, Normalization norm) {
        double[] ref = new double[norm.dimensions()];
        Arrays.fill(ref, 1.1);
        return of(points, norm, ref);
    }

    /** Hypervolume of {@code points} (already in the space of {@code ref}) dominated and bounded by {@code ref}. */
    public static double raw(List<double[]> points, double[] ref) {
        int m = ref.length;
        List<double[]> in = new ArrayList<>();
        for (double[] p : points) {
            if (p.length != m) throw new IllegalArgumentException("point of " + p.length + " objectives, reference of " + m);
            boolean inside = true;
            for (int i = 0; i < m; i++) if (!(p[i] < ref[i])) inside = false;
            if (inside) in.add(p);
        }
        if (in.isEmpty()) return 0;
        return switch (m) {
            case 1 -> {
                double best = Double.POSITIVE_INFINITY;
                for (double[] p : in) best = Math.min(best, p[0]);
                yield ref[0] - best;
            }
            case 2 -> hv2(in, ref);
            case 3 -> hv3(in, ref);
            default -> throw new IllegalArgumentException("exact hypervolume is implemented for 1 to 3 objectives, not " + m);
        };
    }

    private static double hv2(List<double[]> pts, double[] ref) {
        double[][] a = pts.toArray(double[][]::new);
        Arrays.sort(a, (p, q) -> p[0] != q[0] ? Double.compare(p[0], q[0]) : Double.compare(p[1], q[1]));
        double vol = 0, lastY = ref[1];
        for (double[] p : a) {
            if (p[1] < lastY) {
                vol += (ref[0] - p[0]) * (lastY - p[1]);
                lastY = p[1];
            }
        }
        return vol;
    }

    /** Sweep over the third objective, keeping the 2-D staircase and its area up to date: O(n log n). */
    private static double hv3(List<double[]> pts, double[] ref) {
        double[][] a = pts.toArray(double[][]::new);
        Arrays.sort(a, (p, q) -> Double.compare(p[2], q[2]));
        Staircase s = new Staircase(ref[0], ref[1]);
        double vol = 0;
        for (int i = 0; i < a.length; i++) {
            s.add(a[i][0], a[i][1]);
            double nextZ = i + 1 < a.length ? a[i + 1][2] : ref[2];
            vol += s.area * (nextZ - a[i][2]);
        }
        return vol;
    }

    /** A 2-D non-dominated staircase (x ascending, y descending) with its dominated area. */
    static final class Staircase {
        final TreeMap<Double, Double> map = new TreeMap<>();
        final double rx, ry;
        double area;

        Staircase(double rx, double ry) {
            this.rx = rx;
            this.ry = ry;
        }

        void add(double x, double y) {
            Map.Entry<Double, Double> fl = map.floorEntry(x);
            if (fl != null && fl.getValue() <= y) return; // dominated (or equal)
            double curX = x;
            double curH;
            if (fl != null && fl.getKey() == x) {
                curH = fl.getValue();
                map.remove(x); // replaced by (x, y) below; it set the height at x
            } else {
                curH = fl == null ? ry : fl.getValue();
            }
            double added = 0;
            Map.Entry<Double, Double> e = map.higherEntry(x);
            while (true) {
                if (e == null) {
                    added += (rx - curX) * (curH - y);
                    break;
                }
                added += (e.getKey() - curX) * (curH - y);
                if (e.getValue() >= y) {
                    map.remove(e.getKey());
                    curX = e.getKey();
                    curH = e.getValue();
                    e = map.higherEntry(curX);
                } else {
                    break;
                }
            }
            map.put(x, y);
            area += added;
        }
    }
}
