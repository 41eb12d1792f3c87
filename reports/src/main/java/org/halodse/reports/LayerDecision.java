package org.halodse.reports;

import java.util.List;
import java.util.Objects;

/**
 * One layer's (or group's) decisions at a front point: bit-width, the INT8 codebook of each tile
 * class (fast and slow), the share of tiles in the fast class, the sparse side-matrix fraction,
 * and the DVFS level and clock of each class.
 */
public record LayerDecision(String layer, int bits, List<Integer> fastCodebook, List<Integer> slowCodebook,
        double fastShare, double sparseFraction, int fastLevel, int slowLevel, double fastClockGHz, double slowClockGHz) {
    public LayerDecision {
        Objects.requireNonNull(layer, "layer");
        fastCodebook = fastCodebook == null ? List.of() : List.copyOf(fastCodebook);
        slowCodebook = slowCodebook == null ? List.of() : List.copyOf(slowCodebook);
    }
}
