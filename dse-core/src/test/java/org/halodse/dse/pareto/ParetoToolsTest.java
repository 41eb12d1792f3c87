package org.halodse.dse.pareto;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jenetics.ext.moea.Pareto;
import io.jenetics.util.ISeq;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Pareto tools against brute force, Jenetics' independent implementation, Monte Carlo and analytic values. */
class ParetoToolsTest {
    static List<double[]> randomSet(Random r, int n, int m, int grid) {
        List<double[]> pts = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            double[] p = new double[m];
            for (int k = 0; k < m; k++) p[k] = grid > 0 ? r.nextInt(grid) : r.nextDouble();
            pts.add(p);
        }
        return pts;
    }

    @Test
    void frontEqualsBruteForce() {
        Random r = new Random(11);
        for (int trial = 0; trial < 300; trial++) {
            int m = 2 + trial % 3;
            List<double[]> pts = randomSet(r, 1 + r.nextInt(60), m, trial % 2 == 0 ? 6 : 0);
            Set<Integer> expect = new HashSet<>();
            for (int i = 0; i < pts.size(); i++) {
                boolean keep = true;
                for (int j = 0; j < pts.size() && keep; j++) {
                    if (Dominance.dominates(pts.get(j), pts.get(i))) keep = false;
                    if (j < i && java.util.Arrays.equals(pts.get(j), pts.get(i))) keep = false; // first duplicate only
                }
                if (keep) expect.add(i);
            }
            Set<Integer> got = new HashSet<>();
            for (int i : NonDominatedSort.front(pts)) got.add(i);
            assertEquals(expect, got, "trial " + trial + " m=" + m);
        }
    }

    @Test
    void rankEqualsPeelingAndJenetics() {
        Random r = new Random(5);
        for (int trial = 0; trial < 100; trial++) {
            int m = 2 + trial % 3;
            List<double[]> pts = randomSet(r, 2 + r.nextInt(50), m, 5);
            double[] viol = new double[pts.size()];
            for (int i = 0; i < viol.length; i++) viol[i] = r.nextInt(4) == 0 ? r.nextInt(3) + 0.5 : 0;
            int[] mine = NonDominatedSort.rank(pts, viol);
            // peeling: rank r = not constraint-dominated by anything not yet ranked
            int[] peel = new int[pts.size()];
            java.util.Arrays.fill(peel, -1);
            for (int rank = 0, left = pts.size(); left > 0; rank++) {
                List<Integer> now = new ArrayList<>();
                for (int i = 0; i < pts.size(); i++) {
                    if (peel[i] >= 0) continue;
                    boolean dom = false;
                    for (int j = 0; j < pts.size(); j++) {
                        if (peel[j] < 0 && Dominance.constrained(pts.get(j), viol[j], pts.get(i), viol[i]) > 0) dom = true;
                    }
                    if (!dom) now.add(i);
                }
                for (int i : now) peel[i] = rank;
                left -= now.size();
            }
            assertArrayEquals(peel, mine, "trial " + trial);
            List<Integer> idx = new ArrayList<>();
            for (int i = 0; i < pts.size(); i++) idx.add(i);
            int[] jen = Pareto.rank(ISeq.of(idx), (a, b) -> Dominance.constrained(pts.get(a), viol[a], pts.get(b), viol[b]));
            assertArrayEquals(peel, jen, "Jenetics' rank, trial " + trial);
        }
    }

    @Test
    void crowdingMatchesDefinition() {
        List<double[]> f = List.of(new double[] {0, 4}, new double[] {1, 2}, new double[] {2, 1}, new double[] {4, 0});
        double[] d = Crowding.distance(f);
        assertEquals(Double.POSITIVE_INFINITY, d[0]);
        assertEquals(Double.POSITIVE_INFINITY, d[3]);
        assertEquals(2.0 / 4 + 3.0 / 4, d[1], 1e-12);
        assertEquals(3.0 / 4 + 2.0 / 4, d[2], 1e-12);
    }

    /** Exact count of unit grid cells dominated (integer points): an independent hypervolume. */
    static double gridHv(List<double[]> pts, int[] ref) {
        int m = ref.length;
        long count = 0;
        int[] cell = new int[m];
        while (true) {
            for (double[] p : pts) {
                boolean dom = true;
                for (int k = 0; k < m; k++) if (p[k] > cell[k]) dom = false;
                if (dom) {
                    count++;
                    break;
                }
            }
            int k = 0;
            while (k < m && ++cell[k] == ref[k]) cell[k++] = 0;
            if (k == m) break;
        }
        return count;
    }

    @Test
    void hypervolumeEqualsBruteForceOnIntegerSets() {
        Random r = new Random(3);
        for (int trial = 0; trial < 200; trial++) {
            int m = 2 + trial % 2;
            List<double[]> pts = randomSet(r, 1 + r.nextInt(25), m, 12);
            int[] ref = new int[m];
            double[] refd = new double[m];
            java.util.Arrays.fill(ref, 12);
            java.util.Arrays.fill(refd, 12);
            assertEquals(gridHv(pts, ref), Hypervolume.raw(pts, refd), 1e-9, "trial " + trial);
        }
    }

    @Test
    void hypervolumeAgreesWithMonteCarlo() {
        Random r = new Random(9);
        for (int m = 2; m <= 3; m++) {
            for (int trial = 0; trial < 5; trial++) {
                List<double[]> pts = new ArrayList<>();
                for (int i = 0; i < 50; i++) { // points near a sphere: a front-like set
                    double[] p = new double[m];
                    double s = 0;
                    for (int k = 0; k < m; k++) { p[k] = Math.abs(r.nextGaussian()); s += p[k] * p[k]; }
                    for (int k = 0; k < m; k++) p[k] /= Math.sqrt(s);
                    pts.add(p);
                }
                double[] ref = new double[m];
                java.util.Arrays.fill(ref, 1.1);
                double exact = Hypervolume.raw(pts, ref);
                int n = 400_000, hit = 0;
                for (int s = 0; s < n; s++) {
                    double[] x = new double[m];
                    for (int k = 0; k < m; k++) x[k] = r.nextDouble() * 1.1;
                    for (double[] p : pts) {
                        boolean dom = true;
                        for (int k = 0; k < m; k++) if (p[k] > x[k]) dom = false;
                        if (dom) { hit++; break; }
                    }
                }
                double box = Math.pow(1.1, m), q = hit / (double) n;
                double est = q * box, sigma = box * Math.sqrt(q * (1 - q) / n);
                assertTrue(Math.abs(est - exact) < 5 * sigma, "m=" + m + " exact " + exact + " MC " + est + " +- " + sigma);
            }
        }
    }

    @Test
    void hypervolumeOfZdt1FrontIsAnalytic() {
        List<double[]> f = new ArrayList<>();
        for (int i = 0; i <= 100_000; i++) { double x = i / 100_000.0; f.add(new double[] {x, 1 - Math.sqrt(x)}); }
        Hypervolume.Result hv = Hypervolume.of(f, Normalization.identity(2));
        assertEquals(1.21 - 1.0 / 3, hv.value(), 1e-4);
        assertArrayEquals(new double[] {1.1, 1.1}, hv.referencePoint());
        // normalization is recorded and applied: scale objective 2 by 10
        List<double[]> g = f.stream().map(p -> new double[] {p[0], 10 * p[1]}).toList();
        Hypervolume.Result hv2 = Hypervolume.of(g, new Normalization(new double[] {0, 0}, new double[] {1, 10}));
        assertEquals(hv.value(), hv2.value(), 1e-12);
        assertArrayEquals(new double[] {1.1, 11.0}, hv2.referencePoint(), 1e-12);
    }

    @Test
    void indicatorsByHand() {
        Normalization n = Normalization.identity(2);
        List<double[]> z = List.of(new double[] {0, 1}, new double[] {1, 0});
        List<double[]> a = List.of(new double[] {0.5, 0.5});
        assertEquals(Math.sqrt(0.5), Indicators.igd(a, z, n), 1e-12);
        assertEquals(0.5, Indicators.igdPlus(a, z, n), 1e-12); // d+ = sqrt(0.5^2 + 0) for both
        assertEquals(0.5, Indicators.additiveEpsilon(a, z, n), 1e-12);
        assertEquals(0.0, Indicators.igd(z, z, n), 0);
        assertEquals(0.0, Indicators.additiveEpsilon(z, z, n), 0);
        // a set better than Z everywhere: IGD > 0 but IGD+ = 0 and epsilon < 0
        List<double[]> better = List.of(new double[] {-0.1, 0.9}, new double[] {0.9, -0.1});
        assertTrue(Indicators.igd(better, z, n) > 0);
        assertEquals(0.0, Indicators.igdPlus(better, z, n), 0);
        assertEquals(-0.1, Indicators.additiveEpsilon(better, z, n), 1e-12);
    }

    @Test
    void kneeOfZdt1IsAtQuarter() {
        // max distance below the line f1 + f2 = 1 of 1 - sqrt(f1) is at f1 = 1/4
        List<double[]> f = new ArrayList<>();
        for (int i = 0; i <= 1000; i++) { double x = i / 1000.0; f.add(new double[] {x, 1 - Math.sqrt(x)}); }
        int k = Knee.index(f, Normalization.of(f));
        assertEquals(0.25, f.get(k)[0], 1e-9);
    }

    @Test
    void archiveKeepsFirstOfEqualVectorsAndOnlyFeasible() {
        Archive a = new Archive();
        a.add(new org.halodse.dse.space.Candidate(new int[] {0}), org.halodse.dse.space.Evaluation.of(1, 2));
        a.add(new org.halodse.dse.space.Candidate(new int[] {1}), org.halodse.dse.space.Evaluation.of(1, 2));
        a.add(new org.halodse.dse.space.Candidate(new int[] {2}), new org.halodse.dse.space.Evaluation(new double[] {0, 0}, 1.0, null));
        a.add(new org.halodse.dse.space.Candidate(new int[] {3}), org.halodse.dse.space.Evaluation.of(2, 1));
        a.add(new org.halodse.dse.space.Candidate(new int[] {4}), org.halodse.dse.space.Evaluation.of(2, 3));
        List<Archive.Entry> f = a.front();
        assertEquals(2, f.size());
        assertEquals(0, f.get(0).candidate().gene(0));
        assertEquals(3, f.get(1).candidate().gene(0));
        assertEquals(4, a.feasibleCount());
    }
}
