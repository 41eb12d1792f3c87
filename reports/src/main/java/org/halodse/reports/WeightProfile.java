package org.halodse.reports;

import java.util.Arrays;
import java.util.Objects;

/**
 * The characterized MAC: delay (and, when characterized, energy) per weight value, for weight
 * values {@code minWeight, minWeight + 1, ...}; the circuit and cell library it was measured on.
 */
public record WeightProfile(int minWeight, double[] delayPs, double[] energyFj, String circuit, String library) {
    public WeightProfile {
        delayPs = Objects.requireNonNull(delayPs, "delayPs").clone();
        energyFj = energyFj == null ? null : energyFj.clone();
        if (energyFj != null && energyFj.length != delayPs.length) {
            throw new IllegalArgumentException("energy for " + energyFj.length + " weight values, delay for " + delayPs.length);
        }
        circuit = circuit == null ? "" : circuit;
        library = library == null ? "" : library;
    }

    @Override
    public double[] delayPs() {
        return delayPs.clone();
    }

    @Override
    public double[] energyFj() {
        return energyFj == null ? null : energyFj.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof WeightProfile w && w.minWeight == minWeight && Arrays.equals(w.delayPs, delayPs) && Arrays.equals(w.energyFj, energyFj)
                && w.circuit.equals(circuit) && w.library.equals(library);
    }

    @Override
    public int hashCode() {
        return Objects.hash(minWeight, Arrays.hashCode(delayPs), Arrays.hashCode(energyFj), circuit, library);
    }

    @Override
    public String toString() {
        return "WeightProfile[minWeight=" + minWeight + ", values=" + delayPs.length + ", circuit=" + circuit + ", library=" + library + "]";
    }
}
