package org.halodse.hw.chip;

import org.halodse.hw.voltage.AlphaPowerLaw;
import org.halodse.hw.voltage.VoltageScaling;

/**
 * Issue 3 item 2 plugged into the chip model: the alpha-power law fitted to library corners
 * ({@link org.halodse.hw.voltage.AlphaPowerFit}) for delay, and {@link VoltageScaling} for dynamic
 * energy (V/Vnom)^2 and leakage power (V/Vnom) exp(lambda (V - Vnom)). Use with
 * {@code ChipModel.of(spec, new FittedVoltageModel(...))}, or to derive DVFS levels with
 * {@link ChipSpec#deriveLevel} semantics: f = f_nom / (delayRatio * delayScale(V)).
 */
public record FittedVoltageModel(AlphaPowerLaw law, VoltageScaling scaling) implements VoltageModel {
    public FittedVoltageModel {
        if (!(scaling.nominalVolts() > law.vth())) {
            throw new IllegalArgumentException("nominal voltage " + scaling.nominalVolts() + " V is not above the fitted threshold " + law.vth() + " V");
        }
    }

    @Override
    public double nominalVoltage() { return scaling.nominalVolts(); }

    @Override
    public double delayScale(double voltage) { return law.delayRatio(voltage, scaling.nominalVolts()); }

    @Override
    public double dynamicEnergyScale(double voltage) { return scaling.dynamicFactor(voltage); }

    @Override
    public double staticPowerScale(double voltage) { return scaling.leakagePowerFactor(voltage); }

    @Override
    public boolean defined(double voltage) { return voltage > law.vth(); }

    /** The DVFS level a tile class with this delay ratio allows at {@code voltage} on {@code chip}. */
    public DvfsLevel deriveLevel(ChipSpec chip, double voltage, double delayRatio) {
        return new DvfsLevel(voltage, chip.nominalFrequencyGHz() / (delayRatio * delayScale(voltage)));
    }
}
