package org.halodse.dse.search;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.halodse.dse.pareto.NonDominatedSort;
import org.halodse.dse.pareto.Archive;
import org.halodse.dse.problems.Knapsack;
import org.halodse.dse.space.Candidate;
import org.halodse.dse.space.Evaluation;
import org.junit.jupiter.api.Test;

/** The exact solver against brute force over every candidate, and the (1+eps) bound against the exact front. */
class ExactParetoSolverTest {
    static Set<String> bruteFront(Knapsack k) {
        int g = k.space().groupCount(), items = k.space().choices(0);
        List<double[]> feas = new ArrayList<>();
        int[] x = new int[g];
        while (true) {
            Evaluation e = k.evaluate(new Candidate(x));
            if (e.feasible()) feas.add(e.objectives());
            int i = 0;
            while (i < g && ++x[i] == items) x[i++] = 0;
            if (i == g) break;
        }
        return NonDominatedSort.frontPoints(feas).stream().map(java.util.Arrays::toString).collect(Collectors.toCollection(TreeSet::new));
    }

    @Test
    void exactEqualsBruteForceWithSwitchCostAndCap() {
        for (long seed = 1; seed <= 4; seed++) {
            for (int variant = 0; variant < 4; variant++) {
                double sw = (variant & 1) != 0 ? 3 : 0;
                int cap = (variant & 2) != 0 ? 2 : Integer.MAX_VALUE;
                Knapsack k = new Knapsack(7, 4, seed, sw, cap);
                ExactParetoSolver.Result r = new ExactParetoSolver(k, 0).solve();
                Set<String> got = new TreeSet<>();
                for (Archive.Entry e : r.search().front()) {
                    // the returned candidate really has the returned objectives and is feasible
                    Evaluation check = k.evaluate(e.candidate());
                    assertTrue(check.feasible());
                    assertEquals(java.util.Arrays.toString(check.objectives()), java.util.Arrays.toString(e.evaluation().objectives()));
                    got.add(java.util.Arrays.toString(e.evaluation().objectives()));
                }
                assertEquals(bruteFront(k), got, "seed " + seed + " switch " + sw + " cap " + cap);
            }
        }
    }

    @Test
    void epsilonFrontHasTheProvenBound() {
        for (double eps : new double[] {0.01, 0.05, 0.2}) {
            Knapsack k = new Knapsack(30, 4, 77, 2, 3);
            List<double[]> exact = new ExactParetoSolver(k, 0).solve().search().frontObjectives();
            ExactParetoSolver.Result approx = new ExactParetoSolver(k, eps).solve();
            List<double[]> a = approx.search().frontObjectives();
            assertTrue(a.size() <= exact.size());
            double worst = 0;
            for (double[] y : exact) {
                double best = Double.POSITIVE_INFINITY;
                for (double[] x : a) {
                    double ratio = 1;
                    for (int i = 0; i < y.length; i++) ratio = Math.max(ratio, y[i] == 0 ? (x[i] == 0 ? 1 : Double.POSITIVE_INFINITY) : x[i] / y[i]);
                    best = Math.min(best, ratio);
                }
                worst = Math.max(worst, best);
            }
            assertTrue(worst <= 1 + eps + 1e-12, "eps " + eps + ": worst ratio " + worst);
            for (Archive.Entry e : approx.search().front()) assertTrue(k.evaluate(e.candidate()).feasible());
        }
    }
}
