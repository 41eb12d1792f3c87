package org.halodse.reports;

/** The search's hypervolume after a number of evaluations (same normalization as the final figure). */
public record HypervolumeSample(long evaluations, double hypervolume) {
}
