package org.halodse.dse.space;

/** A hard constraint. It returns how far a candidate is from satisfying it: 0 when satisfied, > 0 otherwise. */
public interface Constraint {
    String name();

    /** The violation magnitude (0 if satisfied); it may use the already computed objective vector. */
    double violation(Candidate c, double[] objectives);
}
