package org.halodse.dse.search;

import org.halodse.dse.space.Candidate;
import org.halodse.dse.space.Constraint;
import org.halodse.dse.space.DesignSpace;
import java.util.List;

/**
 * A problem whose objective vector is a sum over groups of a per-group cost, plus (optionally) a
 * term between consecutive groups such as a switch cost, with (optionally) a cap on the number of
 * distinct values one gene takes across all groups. {@link ExactParetoSolver} solves these exactly.
 */
public interface SeparableProblem extends org.halodse.dse.space.Problem {
    /** The cost vector of group {@code group} set to {@code genes} (that group's genes). */
    double[] groupCost(int group, int[] genes);

    /** Whether {@link #transitionCost} contributes. */
    default boolean hasTransition() {
        return false;
    }

    /** The cost between group {@code group - 1} set to {@code previous} and group {@code group} set to {@code genes}. */
    default double[] transitionCost(int group, int[] previous, int[] genes) {
        return new double[objectives().size()];
    }

    /** Index within each group of the gene whose distinct values across groups are capped; -1 for none. */
    default int cappedGene() {
        return -1;
    }

    /** The cap on distinct values of {@link #cappedGene()} (ignored when there is none). */
    default int distinctCap() {
        return Integer.MAX_VALUE;
    }

    @Override
    default double[] objectiveValues(Candidate c) {
        DesignSpace s = space();
        double[] sum = new double[objectives().size()];
        int[] prev = null;
        for (int g = 0; g < s.groupCount(); g++) {
            int[] genes = s.groupGenes(c, g);
            double[] cost = groupCost(g, genes);
            for (int k = 0; k < sum.length; k++) sum[k] += cost[k];
            if (g > 0 && hasTransition()) {
                double[] t = transitionCost(g, prev, genes);
                for (int k = 0; k < sum.length; k++) sum[k] += t[k];
            }
            prev = genes;
        }
        return sum;
    }

    /** The cap as a constraint: violation = distinct values beyond the cap. */
    @Override
    default List<Constraint> constraints() {
        if (cappedGene() < 0) return List.of();
        return List.of(new Constraint() {
            @Override
            public String name() {
                return "distinct values of gene " + cappedGene();
            }

            @Override
            public double violation(Candidate c, double[] objectives) {
                DesignSpace s = space();
                java.util.BitSet used = new java.util.BitSet();
                for (int g = 0; g < s.groupCount(); g++) used.set(c.gene(s.offset(g) + cappedGene()));
                return Math.max(0, used.cardinality() - distinctCap());
            }
        });
    }
}
