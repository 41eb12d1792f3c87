package org.halodse.dse.search;

/**
 * One progress event, sent after each generation (or batch): generation number, evaluations so far,
 * feasible evaluations so far, size of the current front and its hypervolume (NaN when the search
 * was given no normalization bounds).
 */
public record Progress(long generation, long evaluations, int feasibleCount, int frontSize, double hypervolume) {
}
