package org.halodse.dse.problems;

import java.util.ArrayList;
import java.util.List;
import org.halodse.dse.search.SeededRandom;
import org.halodse.dse.search.SeparableProblem;
import org.halodse.dse.space.DesignSpace;
import org.halodse.dse.space.Gene;
import org.halodse.dse.space.GeneGroup;
import org.halodse.dse.space.Objective;

/**
 * A multi-choice knapsack with 3 objectives: in each group exactly one of {@code items} items is
 * chosen; objectives are total weight, and the value lost against the best item of each group for
 * two value kinds (all integers, all minimized, all >= 0). Optionally a switch cost between
 * consecutive groups (added to the weight when the item index changes) and a cap on the number of
 * distinct item indices used, to exercise the exact solver's extensions. Instances are seeded.
 */
public final class Knapsack implements SeparableProblem {
    private final DesignSpace space;
    private final int[][][] cost; // [group][item][objective]
    private final double switchCost;
    private final int cap;

    public Knapsack(int groups, int items, long seed, double switchCost, int cap) {
        List<GeneGroup> gs = new ArrayList<>();
        for (int g = 0; g < groups; g++) gs.add(new GeneGroup("group" + g, List.of(Gene.categorical("item", items))));
        this.space = new DesignSpace(gs);
        this.switchCost = switchCost;
        this.cap = cap;
        SeededRandom rng = new SeededRandom(seed);
        cost = new int[groups][items][3];
        for (int g = 0; g < groups; g++) {
            int[] va = new int[items], vb = new int[items];
            int bestA = 0, bestB = 0;
            for (int i = 0; i < items; i++) {
                cost[g][i][0] = 1 + rng.nextInt(20);
                va[i] = rng.nextInt(21);
                vb[i] = rng.nextInt(21);
                bestA = Math.max(bestA, va[i]);
                bestB = Math.max(bestB, vb[i]);
            }
            for (int i = 0; i < items; i++) {
                cost[g][i][1] = bestA - va[i];
                cost[g][i][2] = bestB - vb[i];
            }
        }
    }

    /** The acceptance instance: 60 groups of 4 items, no switch cost, no cap. */
    public static Knapsack standard() {
        return new Knapsack(60, 4, 20240601L, 0, Integer.MAX_VALUE);
    }

    @Override
    public DesignSpace space() {
        return space;
    }

    @Override
    public List<Objective> objectives() {
        return List.of(new Objective("weight", "kg"), new Objective("lostValueA", "$"), new Objective("lostValueB", "$"));
    }

    @Override
    public double[] groupCost(int group, int[] genes) {
        int[] c = cost[group][genes[0]];
        return new double[] {c[0], c[1], c[2]};
    }

    @Override
    public boolean hasTransition() {
        return switchCost != 0;
    }

    @Override
    public double[] transitionCost(int group, int[] previous, int[] genes) {
        return new double[] {previous[0] == genes[0] ? 0 : switchCost, 0, 0};
    }

    @Override
    public int cappedGene() {
        return cap == Integer.MAX_VALUE ? -1 : 0;
    }

    @Override
    public int distinctCap() {
        return cap;
    }
}
