package org.halodse.hw.power;

import java.util.List;

/**
 * Energy per MAC operation for every value of the weight operand, with what produced it.
 *
 * @param weightBits   width of the weight port; weights run from -2^(bits-1) to 2^(bits-1) - 1
 * @param perWeight    index w - minWeight()
 * @param activations  the activation model's spec
 * @param samples      activation samples (steps) per weight
 * @param voltage      supply (V) the energies are for
 * @param periodPs     clock period the leakage energy is taken over
 */
public record WeightEnergyProfile(String weightPort, int weightBits, List<MacEnergy> perWeight, String activations,
                                  int samples, long seed, double voltage, double periodPs, boolean registered) {
    public WeightEnergyProfile {
        perWeight = List.copyOf(perWeight);
        if (perWeight.size() != 1 << weightBits) throw new IllegalArgumentException(perWeight.size() + " energies for " + weightBits + " weight bits");
    }

    public int minWeight() { return -(1 << (weightBits - 1)); }
    public int maxWeight() { return (1 << (weightBits - 1)) - 1; }
    public MacEnergy energy(int w) { return perWeight.get(w - minWeight()); }

    /** Largest over smallest total energy, over the nonzero weights (w = 0 leaves the multiplier idle). */
    public double spread() {
        double lo = Double.MAX_VALUE, hi = 0;
        for (int w = minWeight(); w <= maxWeight(); w++) {
            if (w == 0) continue;
            lo = Math.min(lo, energy(w).totalFj());
            hi = Math.max(hi, energy(w).totalFj());
        }
        return hi / lo;
    }
}
