package org.halodse.hw.power;

import java.util.Arrays;
import java.util.stream.IntStream;

/**
 * The energy per MAC operation of every weight value: each value is held on the weight port while
 * the same activation stream (common random numbers, so differences between weights are not
 * sampling noise) flows through a zero-delay simulation. Weights are independent and run in
 * parallel; results land by index, so the profile does not depend on the thread count.
 * Zero-delay counts are a lower bound on the transitions of a real circuit, whose unbalanced paths
 * glitch; the glitch-aware mode ({@link GlitchSimulator}, event-driven with the timer's arc delays)
 * counts those glitches too, at a far higher cost per sample.
 */
public final class WeightEnergyProfiler {
    private WeightEnergyProfiler() { }

    /**
     * Zero-delay profile (no glitches: a lower bound on transitions).
     *
     * @param samples activation samples per weight; at least 2 (energy is per transition between steps)
     */
    public static WeightEnergyProfile run(ToggleSimulator sim, EnergyModel model, ActivationModel activations, int samples, long seed) {
        long[] a = sample(activations, samples, seed, sim.activationMin(), sim.activationMax());
        return profile(sim.weightBits(), w -> model.energy(sim.run(w, a)), sim.ports(), sim.registered(), model, activations, samples, seed);
    }

    /** The glitch-aware profile: as {@link #run(ToggleSimulator, EnergyModel, ActivationModel, int, long)}, timed. */
    public static WeightEnergyProfile run(GlitchSimulator sim, EnergyModel model, ActivationModel activations, int samples, long seed) {
        long[] a = sample(activations, samples, seed, sim.activationMin(), sim.activationMax());
        return profile(sim.weightBits(), w -> model.energy(sim.run(w, a)), sim.ports(), sim.registered(), model, activations, samples, seed);
    }

    private static long[] sample(ActivationModel activations, int samples, long seed, long min, long max) {
        if (samples < 2) throw new IllegalArgumentException("samples must be at least 2, got " + samples);
        return activations.sample(samples, seed, min, max);
    }

    /** Every weight value in parallel; each lands at its index, so the thread count does not matter. */
    private static WeightEnergyProfile profile(int bits, java.util.function.IntFunction<MacEnergy> energyOf, MacStimulus ports, boolean registered,
                                               EnergyModel model, ActivationModel activations, int samples, long seed) {
        int min = -(1 << (bits - 1));
        MacEnergy[] out = new MacEnergy[1 << bits];
        IntStream.range(0, out.length).parallel().forEach(i -> out[i] = energyOf.apply(min + i));
        return new WeightEnergyProfile(ports.weightPort(), bits, Arrays.asList(out), activations.spec(), samples, seed,
            model.voltage(), model.periodPs(), registered);
    }
}
