package org.halodse.objectives.profile;

import java.util.SortedMap;

/**
 * One tile class of one option of one layer. {@code histogram}: how many MAC slots hold each INT8
 * value (value to count, zero counts left out), for the energy model. {@code slowestValue} and
 * {@code slowestDelayPs}: the slowest value the class uses, which sets the class's clock.
 * {@code tileSlowest}: for each value, how many tiles have it as their slowest (a tile whose
 * values are all faster can run faster than its class). {@code thresholdPs}: the delay bound of
 * the values the class was allowed (null for the unconstrained class).
 */
public record ClassRow(String name, int tiles, long slots, int bits, int[] codebook, Double thresholdPs, Integer slowestValue,
                       Double slowestDelayPs, SortedMap<Integer, Long> histogram, SortedMap<Integer, Integer> tileSlowest) {
}
