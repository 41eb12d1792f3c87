package org.halodse.objectives.quant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

class OptimalCodebookTest {

    /** Direct cost: every point to its nearest codebook value, no bins. */
    static double direct(double[] x, double[] h, int[] book) {
        double sum = 0;
        for (int i = 0; i < x.length; i++) {
            double best = Double.POSITIVE_INFINITY;
            for (int c : book) best = Math.min(best, (x[i] - c) * (x[i] - c));
            sum += h[i] * best;
        }
        return sum;
    }

    static void combos(int[] a, int size, int start, int[] cur, int depth, List<int[]> out) {
        if (depth == size) {
            out.add(cur.clone());
            return;
        }
        for (int i = start; i < a.length; i++) {
            cur[depth] = a[i];
            combos(a, size, i + 1, cur, depth + 1, out);
        }
    }

    @Test
    void dynamicProgramEqualsExhaustiveSearch() {
        Random rnd = new Random(11);
        for (int trial = 0; trial < 300; trial++) {
            TreeSet<Integer> set = new TreeSet<>();
            int m = 1 + rnd.nextInt(11);
            int spread = rnd.nextBoolean() ? 12 : 128;
            while (set.size() < m) set.add(Math.max(-128, Math.min(127, rnd.nextInt(2 * spread) - spread)));
            int[] allowed = set.stream().mapToInt(Integer::intValue).toArray();
            int pts = 1 + rnd.nextInt(60);
            double[] x = new double[pts], h = new double[pts];
            HalfStepHistogram hist = new HalfStepHistogram();
            for (int i = 0; i < pts; i++) {
                // points in and beyond the grid, some exactly on integers and half-integers (bin edges)
                x[i] = switch (rnd.nextInt(3)) {
                    case 0 -> rnd.nextGaussian() * spread / 2;
                    case 1 -> rnd.nextInt(2 * spread + 20) / 2.0 - spread - 5;
                    default -> rnd.nextDouble() * 300 - 150;
                };
                h[i] = rnd.nextInt(4) == 0 ? rnd.nextDouble() * 10 : rnd.nextDouble();
                hist.add(x[i], h[i]);
            }
            for (int size = 1; size <= Math.min(5, m); size++) {
                List<int[]> all = new ArrayList<>();
                combos(allowed, size, 0, new int[size], 0, all);
                double best = Double.POSITIVE_INFINITY;
                for (int[] b : all) best = Math.min(best, direct(x, h, b));
                OptimalCodebook.Result r = OptimalCodebook.solve(hist, AllowedValues.of(allowed), size);
                double tol = 1e-9 * Math.max(1, best);
                assertEquals(best, r.cost(), tol, "trial " + trial + " size " + size);
                assertEquals(best, direct(x, h, r.values()), tol, "the returned codebook has the optimal cost");
                assertEquals(size, r.values().length);
                for (int i = 1; i < r.values().length; i++) assertTrue(r.values()[i] > r.values()[i - 1]);
            }
        }
    }

    @Test
    void binnedCostIsExactForAnyCodebook() {
        Random rnd = new Random(3);
        double[] x = new double[500], h = new double[500];
        HalfStepHistogram hist = new HalfStepHistogram();
        for (int i = 0; i < x.length; i++) {
            x[i] = rnd.nextGaussian() * 60;
            h[i] = rnd.nextDouble();
            hist.add(x[i], h[i]);
        }
        for (int t = 0; t < 100; t++) {
            TreeSet<Integer> set = new TreeSet<>();
            int m = 1 + rnd.nextInt(20);
            while (set.size() < m) set.add(rnd.nextInt(256) - 128);
            int[] b = set.stream().mapToInt(Integer::intValue).toArray();
            assertEquals(direct(x, h, b), hist.cost(b), 1e-9 * direct(x, h, b) + 1e-9);
        }
    }

    /**
     * The divide-and-conquer recursion (monotone predecessor) against the plain O(k m^2) one on
     * larger cases than exhaustive search can reach: heavy-tailed and multi-modal point clouds,
     * all 256 INT8 values or sparse random subsets, codebooks of 2 to 64 values.
     */
    @Test
    void divideAndConquerEqualsThePlainRecursion() {
        Random rnd = new Random(23);
        for (int trial = 0; trial < 400; trial++) {
            AllowedValues a;
            if (trial % 3 == 0) a = AllowedValues.all();
            else {
                TreeSet<Integer> set = new TreeSet<>();
                int want = 2 + rnd.nextInt(120);
                while (set.size() < want) set.add(rnd.nextInt(256) - 128);
                a = AllowedValues.of(set.stream().mapToInt(Integer::intValue).toArray());
            }
            HalfStepHistogram h = new HalfStepHistogram();
            int points = 50 + rnd.nextInt(5000), modes = 1 + rnd.nextInt(4);
            double[] centers = new double[modes];
            for (int j = 0; j < modes; j++) centers[j] = rnd.nextDouble() * 200 - 100;
            for (int p = 0; p < points; p++) {
                double t = rnd.nextGaussian() / Math.sqrt(Math.max(1e-3, -Math.log(rnd.nextDouble()))); // heavy tails
                h.add(centers[rnd.nextInt(modes)] + 20 * t, rnd.nextDouble() * (1 + rnd.nextInt(50)));
            }
            int size = 2 + rnd.nextInt(Math.min(63, a.size()));
            OptimalCodebook.Result dc = OptimalCodebook.solve(h, a, size), plain = OptimalCodebook.solveQuadratic(h, a, size);
            assertEquals(plain.cost(), dc.cost(), 1e-10 * Math.max(1e-300, plain.cost()), "trial " + trial + ", " + a.size() + " allowed, size " + size);
            assertEquals(h.cost(dc.values()), dc.cost(), 1e-9 * Math.max(1e-300, dc.cost()), "the codebook has the reported cost");
            assertEquals(Math.min(size, a.size()), dc.values().length);
        }
    }
}
