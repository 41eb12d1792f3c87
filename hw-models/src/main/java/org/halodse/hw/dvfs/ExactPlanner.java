package org.halodse.hw.dvfs;

import java.math.BigInteger;
import java.util.Arrays;

/**
 * Exact and near-exact planners for {@link DvfsProblem}: exhaustive enumeration (small instances,
 * the reference of the tests), and a dynamic program over (group, level, set of levels used,
 * switches used), exact for any objective that adds up over groups (the weighted sum). For the
 * energy-delay product, {@link #edpByWeights} iterates the DP on the linearized objective
 * E_k * T + T_k * E (the gradient of T * E at the current plan) until it stops improving: a good
 * start for local search, not a proof of optimality.
 */
public final class ExactPlanner {
    private ExactPlanner() {
    }

    /** Every assignment (levels^n of them); the best feasible, or the least bad. */
    public static DvfsPlan exhaustive(DvfsProblem p) {
        int n = p.n, L = p.levels;
        double total = Math.pow(L, n);
        if (total > 5e7) throw new IllegalArgumentException("too large for exhaustive enumeration: " + L + "^" + n);
        int[] a = new int[n];
        DvfsPlan best = null;
        while (true) {
            DvfsPlan c = p.evaluate(a, "exhaustive");
            if (c.betterThan(best)) best = c;
            int i = 0;
            while (i < n && ++a[i] == L) a[i++] = 0;
            if (i == n) break;
        }
        return best;
    }

    /** DP minimizing wt * T + we * E (doubles; exact for the weighted objective with integer weights). */
    public static DvfsPlan weightedDp(DvfsProblem p, double wt, double we, String method) {
        int n = p.n, L = p.levels, M = 1 << L, S = Math.min(p.maxSwitches, Math.max(n, 1));
        int states = L * M * (S + 1);
        double inf = Double.POSITIVE_INFINITY;
        double[] cur = new double[states], nxt = new double[states];
        int[][] from = new int[n][states];
        Arrays.fill(cur, inf);
        if (n == 0) return p.evaluate(new int[0], method);
        double swCost = wt * p.switchPs + we * p.switchFj;
        for (int l = 0; l < L; l++) {
            if (!p.safe[0][l]) continue;
            int sw = p.initialLevel >= 0 && p.initialLevel != l ? 1 : 0;
            if (sw > S) continue;
            int st = idx(l, 1 << l, sw, M, S);
            cur[st] = wt * p.timePs[0][l] + we * p.energyFj[0][l] + sw * swCost;
            from[0][st] = -1;
        }
        for (int g = 1; g < n; g++) {
            Arrays.fill(nxt, inf);
            for (int st = 0; st < states; st++) {
                double c = cur[st];
                if (c == inf) continue;
                int l = st / (M * (S + 1)), mask = (st / (S + 1)) % M, sw = st % (S + 1);
                for (int l2 = 0; l2 < L; l2++) {
                    if (!p.safe[g][l2]) continue;
                    int m2 = mask | (1 << l2);
                    if (Integer.bitCount(m2) > p.maxLevels) continue;
                    int sw2 = sw + (l2 != l ? 1 : 0);
                    if (sw2 > S) continue;
                    double c2 = c + wt * p.timePs[g][l2] + we * p.energyFj[g][l2] + (l2 != l ? swCost : 0);
                    int s2 = idx(l2, m2, sw2, M, S);
                    if (c2 < nxt[s2]) {
                        nxt[s2] = c2;
                        from[g][s2] = st;
                    }
                }
            }
            double[] t = cur;
            cur = nxt;
            nxt = t;
        }
        int best = -1;
        for (int st = 0; st < states; st++) if (cur[st] < inf && (best < 0 || cur[st] < cur[best])) best = st;
        int[] a = new int[n];
        if (best < 0) {
            Arrays.fill(a, 0);
            return p.evaluate(a, method + " (infeasible)");
        }
        int st = best;
        for (int g = n - 1; g >= 0; g--) {
            a[g] = st / (M * (S + 1));
            st = from[g][st];
        }
        return p.evaluate(a, method);
    }

    private static int idx(int l, int mask, int sw, int M, int S) {
        return (l * M + mask) * (S + 1) + sw;
    }

    /** Every group at one level (the best such level that is safe for all; level 0 if none). */
    public static DvfsPlan bestSingleLevel(DvfsProblem p) {
        DvfsPlan best = null;
        for (int l = 0; l < p.levels; l++) {
            int[] a = new int[p.n];
            Arrays.fill(a, l);
            for (int g = 0; g < p.n; g++) if (p.pinned[g] >= 0) a[g] = p.pinned[g];
            DvfsPlan c = p.evaluate(a, "single level");
            if (c.betterThan(best)) best = c;
        }
        return best;
    }

    /** The DP exact for the problem's weighted objective. */
    public static DvfsPlan weighted(DvfsProblem p) {
        return weightedDp(p, p.timeWeight, p.energyWeight, "dp");
    }

    /** Linearized-EDP iterations of the DP (see the class comment). */
    public static DvfsPlan edpByWeights(DvfsProblem p) {
        DvfsPlan best = weightedDp(p, 1, 0, "dp-edp");          // fastest
        DvfsPlan e = weightedDp(p, 0, 1, "dp-edp");             // least energy
        if (e.betterThan(best)) best = e;
        for (DvfsPlan start : new DvfsPlan[] {best, e}) {
            DvfsPlan cur = start;
            for (int it = 0; it < 20; it++) {
                double wt = cur.energyFj(), we = cur.timePs();
                double s = Math.max(wt, we);
                DvfsPlan next = weightedDp(p, wt / s, we / s, "dp-edp");
                if (next.betterThan(best)) best = next;
                if (!next.betterThan(cur)) break;
                cur = next;
            }
        }
        return best;
    }

    /** The outcome of {@link #edpHull}: the best plan found, and whether the search proved it optimal. */
    public record HullResult(DvfsPlan plan, boolean exact, int dpRuns) { }

    /**
     * Exact EDP by the lower convex hull of the achievable (T, E) points. If (T*, E*) minimizes
     * T * E, then for every plan E* T + T* E >= 2 sqrt(E* T* T E) >= 2 T* E* (AM-GM), with equality
     * only at (T*, E*): the optimum is the unique minimizer of the weighted sum with weights
     * (E*, T*), hence a vertex of the hull. The vertices are found by dichotomic search (for
     * neighbouring vertices A, B, the DP with weights (E_A - E_B, T_B - T_A) finds a vertex between
     * them or proves there is none), and a segment whose bound T_A * E_B is no better than the
     * best plan so far is not searched. Exact up to the DP's floating-point sums; gives up (exact
     * false) after {@code maxDpRuns} DP runs.
     */
    public static HullResult edpHull(DvfsProblem p, int maxDpRuns) {
        DvfsPlan a = weightedDp(p, 1, 1e-9, "dp-hull");  // fastest (ties: less energy)
        DvfsPlan b = weightedDp(p, 1e-9, 1, "dp-hull");  // least energy (ties: faster)
        int runs = 2;
        if (!a.feasible() || !b.feasible()) return new HullResult(a.betterThan(b) ? a : b, false, runs);
        DvfsPlan best = a.betterThan(b) ? a : b;
        java.util.ArrayDeque<DvfsPlan[]> todo = new java.util.ArrayDeque<>();
        todo.push(new DvfsPlan[] {a, b});
        while (!todo.isEmpty()) {
            DvfsPlan[] seg = todo.pop();
            DvfsPlan l = seg[0], r = seg[1];
            long wt = l.energyFj() - r.energyFj(), we = r.timePs() - l.timePs();
            if (wt <= 0 || we <= 0) continue; // one point, or r does not trade time for energy against l
            // any vertex between them has T >= T_l and E >= E_r
            if (BigInteger.valueOf(l.timePs()).multiply(BigInteger.valueOf(r.energyFj())).compareTo(best.objective()) >= 0) continue;
            if (runs >= maxDpRuns) return new HullResult(best, false, runs);
            double sc = Math.max(wt, we);
            DvfsPlan c = weightedDp(p, wt / sc, we / sc, "dp-hull");
            runs++;
            BigInteger vc = lin(wt, we, c), vl = lin(wt, we, l);
            if (!c.feasible() || vc.compareTo(vl) >= 0) continue; // no vertex below the segment
            if (c.betterThan(best)) best = c;
            todo.push(new DvfsPlan[] {c, r});
            todo.push(new DvfsPlan[] {l, c});
        }
        return new HullResult(best, true, runs);
    }

    private static BigInteger lin(long wt, long we, DvfsPlan x) {
        return BigInteger.valueOf(wt).multiply(BigInteger.valueOf(x.timePs())).add(BigInteger.valueOf(we).multiply(BigInteger.valueOf(x.energyFj())));
    }

    /** The best plan of the DP methods for the problem's objective. */
    public static DvfsPlan dp(DvfsProblem p) {
        return p.objective == DvfsProblem.Objective.WEIGHTED ? weighted(p) : edpByWeights(p);
    }
}
