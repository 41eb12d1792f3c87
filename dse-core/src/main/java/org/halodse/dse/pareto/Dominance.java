package org.halodse.dse.pareto;

/** Pareto dominance for minimization, and Deb's constraint-domination. */
public final class Dominance {
    private Dominance() {
    }

    /** +1 if a dominates b, -1 if b dominates a, 0 otherwise (incomparable or equal). */
    public static int compare(double[] a, double[] b) {
        boolean aBetter = false, bBetter = false;
        for (int i = 0; i < a.length; i++) {
            if (a[i] < b[i]) aBetter = true;
            else if (b[i] < a[i]) bBetter = true;
            if (aBetter && bBetter) return 0;
        }
        return aBetter == bBetter ? 0 : (aBetter ? 1 : -1);
    }

    public static boolean dominates(double[] a, double[] b) {
        return compare(a, b) > 0;
    }

    /**
     * Constraint-domination: a feasible point beats an infeasible one; of two infeasible points the
     * smaller violation wins; two feasible points compare by Pareto dominance.
     */
    public static int constrained(double[] a, double violationA, double[] b, double violationB) {
        boolean fa = violationA == 0, fb = violationB == 0;
        if (fa && fb) return compare(a, b);
        if (fa) return 1;
        if (fb) return -1;
        return Double.compare(violationB, violationA);
    }
}
