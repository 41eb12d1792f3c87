package org.halodse.dse.pareto;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.TreeMap;

/** Non-dominated sorting (Deb's fast sort, with constraint-domination) and front extraction. */
public final class NonDominatedSort {
    private NonDominatedSort() {
    }

    /**
     * Fast non-dominated sort: the rank (0 = first front) of each point under constraint-domination.
     * {@code violations} may be null (all feasible).
     */
    public static int[] rank(List<double[]> points, double[] violations) {
        int n = points.size();
        int[] dominatedCount = new int[n];
        int[][] dominates = new int[n][];
        int[] sizes = new int[n];
        for (int i = 0; i < n; i++) dominates[i] = new int[4];
        for (int i = 0; i < n; i++) {
            for (int j = i + 1; j < n; j++) {
                int c = violations == null ? Dominance.compare(points.get(i), points.get(j))
                    : Dominance.constrained(points.get(i), violations[i], points.get(j), violations[j]);
                if (c > 0) {
                    add(dominates, sizes, i, j);
                    dominatedCount[j]++;
                } else if (c < 0) {
                    add(dominates, sizes, j, i);
                    dominatedCount[i]++;
                }
            }
        }
        int[] rank = new int[n];
        int[] current = new int[n];
        int cn = 0;
        for (int i = 0; i < n; i++) if (dominatedCount[i] == 0) current[cn++] = i;
        int r = 0;
        int[] next = new int[n];
        while (cn > 0) {
            int nn = 0;
            for (int k = 0; k < cn; k++) {
                int i = current[k];
                rank[i] = r;
                for (int t = 0; t < sizes[i]; t++) {
                    int j = dominates[i][t];
                    if (--dominatedCount[j] == 0) next[nn++] = j;
                }
            }
            int[] tmp = current;
            current = next;
            next = tmp;
            cn = nn;
            r++;
        }
        return rank;
    }

    /**
     * The same ranks as {@link #rank(List, double[])}, faster for 1 to 3 objectives: the feasible
     * points are sorted once lexicographically and fronts are peeled with an O(n log n) sweep each
     * (O(k n log n) for k fronts instead of O(n^2) comparisons); equal vectors share a rank.
     * Infeasible points rank after every feasible one, by increasing violation (equal violations
     * share a rank), exactly as constraint-domination orders them. More objectives fall back to
     * {@link #rank(List, double[])}.
     */
    public static int[] rankFast(List<double[]> points, double[] violations) {
        int n = points.size();
        if (n == 0) return new int[0];
        int m = points.get(0).length;
        if (m > 3) return rank(points, violations);
        int[] rank = new int[n];
        int nf = 0, ni = 0;
        int[] feas = new int[n], infeas = new int[n];
        for (int i = 0; i < n; i++) {
            if (violations == null || violations[i] == 0) feas[nf++] = i;
            else infeas[ni++] = i;
        }
        Integer[] boxed = new Integer[nf];
        for (int k = 0; k < nf; k++) boxed[k] = feas[k];
        Arrays.sort(boxed, (a, b) -> {
            int c = Arrays.compare(points.get(a), points.get(b));
            return c != 0 ? c : Integer.compare(a, b);
        });
        int[] cur = new int[nf], next = new int[nf];
        for (int k = 0; k < nf; k++) cur[k] = boxed[k];
        int cn = nf, r = 0;
        TreeMap<Double, Double> stair = m == 3 ? new TreeMap<>() : null;
        while (cn > 0) {
            int nn = 0;
            double best = Double.POSITIVE_INFINITY;
            double[] lastKept = null;
            if (stair != null) stair.clear();
            for (int k = 0; k < cn; k++) {
                int idx = cur[k];
                double[] p = points.get(idx);
                boolean keep;
                if (lastKept != null && Arrays.equals(lastKept, p)) {
                    keep = true;
                } else if (m == 1) {
                    keep = lastKept == null;
                } else if (m == 2) {
                    keep = p[1] < best;
                    if (keep) best = p[1];
                } else {
                    var fl = stair.floorEntry(p[1]);
                    keep = fl == null || fl.getValue() > p[2];
                    if (keep) {
                        stair.put(p[1], p[2]);
                        var hi = stair.higherEntry(p[1]);
                        while (hi != null && hi.getValue() >= p[2]) {
                            stair.remove(hi.getKey());
                            hi = stair.higherEntry(p[1]);
                        }
                    }
                }
                if (keep) {
                    rank[idx] = r;
                    lastKept = p;
                } else {
                    next[nn++] = idx;
                }
            }
            int[] t = cur;
            cur = next;
            next = t;
            cn = nn;
            r++;
        }
        if (ni > 0) {
            Integer[] ib = new Integer[ni];
            for (int k = 0; k < ni; k++) ib[k] = infeas[k];
            Arrays.sort(ib, (a, b) -> Double.compare(violations[a], violations[b]));
            double prev = Double.NaN;
            r--;
            for (Integer idx : ib) {
                if (violations[idx] != prev) {
                    r++;
                    prev = violations[idx];
                }
                rank[idx] = r;
            }
        }
        return rank;
    }

    private static void add(int[][] d, int[] sizes, int i, int j) {
        if (sizes[i] == d[i].length) d[i] = Arrays.copyOf(d[i], d[i].length * 2);
        d[i][sizes[i]++] = j;
    }

    /**
     * Indices of the non-dominated points, with exact duplicates reduced to their first occurrence,
     * in ascending lexicographic order of the objective vectors. O(n log n) for 2 and 3 objectives.
     */
    public static int[] front(List<double[]> points) {
        int n = points.size();
        if (n == 0) return new int[0];
        int m = points.get(0).length;
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) order[i] = i;
        Comparator<Integer> lex = (a, b) -> {
            int c = Arrays.compare(points.get(a), points.get(b));
            return c != 0 ? c : Integer.compare(a, b);
        };
        Arrays.sort(order, lex);
        List<Integer> kept = new ArrayList<>();
        if (m == 1) {
            kept.add(order[0]);
        } else if (m == 2) {
            double best = Double.POSITIVE_INFINITY;
            for (int idx : order) {
                double[] p = points.get(idx);
                if (p[1] < best) {
                    kept.add(idx);
                    best = p[1];
                }
            }
        } else if (m == 3) {
            TreeMap<Double, Double> stair = new TreeMap<>(); // f2 -> min f3, f3 decreasing in f2
            for (int idx : order) {
                double[] p = points.get(idx);
                var fl = stair.floorEntry(p[1]);
                if (fl != null && fl.getValue() <= p[2]) continue; // dominated or duplicate
                kept.add(idx);
                stair.put(p[1], p[2]);
                var hi = stair.higherEntry(p[1]);
                while (hi != null && hi.getValue() >= p[2]) {
                    stair.remove(hi.getKey());
                    hi = stair.higherEntry(p[1]);
                }
            }
        } else {
            for (int idx : order) {
                double[] p = points.get(idx);
                boolean dominated = false;
                for (int k : kept) {
                    double[] q = points.get(k);
                    if (Dominance.compare(q, p) > 0 || Arrays.equals(q, p)) {
                        dominated = true;
                        break;
                    }
                }
                if (!dominated) kept.add(idx);
            }
        }
        int[] r = new int[kept.size()];
        for (int i = 0; i < r.length; i++) r[i] = kept.get(i);
        return r;
    }

    /** The non-dominated vectors themselves (see {@link #front(List)}). */
    public static List<double[]> frontPoints(List<double[]> points) {
        List<double[]> r = new ArrayList<>();
        for (int i : front(points)) r.add(points.get(i));
        return r;
    }
}
