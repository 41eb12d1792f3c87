package org.halodse.dse.search;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import org.halodse.dse.pareto.Archive;
import org.halodse.dse.problems.Knapsack;
import org.halodse.dse.space.Candidate;
import org.halodse.dse.space.DesignSpace;
import org.junit.jupiter.api.Test;

class AdditiveSurrogateTest {
    /**
     * On an additive problem (a small knapsack with 3 objectives) the least-squares model fitted
     * to random evaluations predicts every candidate of the whole space (brute force over 4^5 =
     * 1024 candidates) to the conjugate-gradient tolerance (relative residual 1e-5, so within
     * 1e-4 of the objectives' scale), and its weighted-sum minimum equals the brute-force one.
     */
    @Test
    void exactOnAnAdditiveProblemAgainstBruteForce() {
        Knapsack k = new Knapsack(5, 4, 11, 0, Integer.MAX_VALUE);
        DesignSpace s = k.space();
        Archive a = new Archive();
        SeededRandom rng = new SeededRandom(3);
        while (a.size() < 60) {
            Candidate c = s.random(rng);
            if (a.get(c) == null) a.add(c, k.evaluate(c));
        }
        AdditiveSurrogate m = new AdditiveSurrogate(s, 3);
        m.update(a.all().subList(0, 30)); // folded in two steps: the running sums must not care
        m.update(a.all());
        List<int[]> all = new ArrayList<>();
        enumerate(s, 0, new int[s.geneCount()], all);
        assertEquals(1024, all.size());
        double[] w = {0.2, 0.5, 0.3};
        double best = Double.POSITIVE_INFINITY;
        int[] arg = null;
        for (int[] g : all) {
            double[] f = k.objectiveValues(new Candidate(g));
            assertArrayEquals(f, m.predict(g), 1e-4 * 100, java.util.Arrays.toString(g));
            double v = w[0] * f[0] + w[1] * f[1] + w[2] * f[2];
            if (v < best - 1e-9) {
                best = v;
                arg = g;
            }
        }
        int[] got = m.argminWeighted(w);
        double[] fg = k.objectiveValues(new Candidate(got));
        assertEquals(best, w[0] * fg[0] + w[1] * fg[1] + w[2] * fg[2], 1e-9, "model optimum " + java.util.Arrays.toString(got) + " vs " + java.util.Arrays.toString(arg));
    }

    private static void enumerate(DesignSpace s, int i, int[] g, List<int[]> out) {
        if (i == g.length) {
            out.add(g.clone());
            return;
        }
        for (int v = 0; v < s.choices(i); v++) {
            g[i] = v;
            enumerate(s, i + 1, g, out);
        }
    }
}
