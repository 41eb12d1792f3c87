package org.halodse.hw.chip;

/**
 * How delay, dynamic energy and static power scale with the supply voltage, relative to the
 * nominal voltage. Issue 3 item 2 (alpha-power law fitted to library corners) plugs in here: a
 * fitted model implements this interface and the chip's DVFS levels can then be derived with
 * {@link ChipSpec#safeFrequencyGHz(double, double)} instead of being given.
 */
public interface VoltageModel {
    /** The voltage at which the scales are 1. */
    double nominalVoltage();

    /** Delay of any path at {@code voltage} over its delay at the nominal voltage (>1 below nominal). */
    double delayScale(double voltage);

    /** Dynamic (switching) energy at {@code voltage} over that at nominal: C V^2, so (V/Vnom)^2. */
    default double dynamicEnergyScale(double voltage) {
        double r = voltage / nominalVoltage();
        return r * r;
    }

    /**
     * Static power at {@code voltage} over that at nominal. First-order default: leakage current
     * held constant, P = V * I, so V/Vnom. A fitted leakage law (item 2) overrides this.
     */
    default double staticPowerScale(double voltage) {
        return voltage / nominalVoltage();
    }

    /** Whether the model is defined at {@code voltage} (e.g. above the threshold voltage). */
    default boolean defined(double voltage) {
        return voltage > 0;
    }
}
