package org.halodse.hw.chip;

/**
 * Sakurai-Newton alpha-power law: delay proportional to V / (V - Vth)^alpha. The parameters are
 * given (in the chip file, with their source) until issue 3 item 2 fits them to library corners.
 */
public record GivenAlphaPower(double nominalVoltage, double thresholdVoltage, double alpha) implements VoltageModel {

    public GivenAlphaPower {
        if (!(thresholdVoltage >= 0) || !(nominalVoltage > thresholdVoltage) || !(alpha > 0)) {
            throw new IllegalArgumentException("alpha-power law needs 0 <= Vth < Vnom and alpha > 0, got Vth="
                + thresholdVoltage + " Vnom=" + nominalVoltage + " alpha=" + alpha);
        }
    }

    private double raw(double v) {
        return v / Math.pow(v - thresholdVoltage, alpha);
    }

    @Override
    public double delayScale(double voltage) {
        return raw(voltage) / raw(nominalVoltage);
    }

    @Override
    public boolean defined(double voltage) {
        return voltage > thresholdVoltage;
    }
}
