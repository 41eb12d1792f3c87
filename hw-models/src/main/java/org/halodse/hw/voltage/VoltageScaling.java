package org.halodse.hw.voltage;

import org.halodse.hw.power.MacEnergy;

/**
 * How a MAC's energy per operation moves with the supply, from its value at the characterized
 * (nominal) voltage:
 * <ul>
 *   <li>dynamic (internal + switching) energy scales with (V / Vnom)^2: both are charge moved
 *       through the supply, C * V^2, and the internal tables' short-circuit part is assumed to
 *       scale the same way;</li>
 *   <li>leakage power scales as (V / Vnom) * exp(lambda * (V - Vnom)): current times voltage, the
 *       current growing exponentially with V through drain-induced barrier lowering
 *       (I ~ exp(eta * V / (n * kT/q)); eta ~ 0.1, n ~ 1.5 at 300 K give lambda ~ 2.5 / V, the
 *       default, an assumption to replace with a measured value when the PDK has several
 *       voltages at one temperature). Leakage energy per operation is that power times the clock
 *       period at V.</li>
 * </ul>
 *
 * @param nominalVolts   the voltage the energies were characterized at
 * @param leakageLambda  exponential leakage coefficient (1/V)
 */
public record VoltageScaling(double nominalVolts, double leakageLambda) {
    public static final double DEFAULT_LEAKAGE_LAMBDA = 2.5;

    public VoltageScaling {
        if (!(nominalVolts > 0)) throw new IllegalArgumentException("nominal voltage must be positive, got " + nominalVolts);
        if (!(leakageLambda >= 0) || Double.isInfinite(leakageLambda)) throw new IllegalArgumentException("leakage lambda must be finite and non-negative, got " + leakageLambda);
    }

    public static VoltageScaling at(double nominalVolts) {
        return new VoltageScaling(nominalVolts, DEFAULT_LEAKAGE_LAMBDA);
    }

    /** Dynamic energy factor (V / Vnom)^2. */
    public double dynamicFactor(double v) {
        double r = v / nominalVolts;
        return r * r;
    }

    /** Leakage power factor (V / Vnom) * exp(lambda * (V - Vnom)). */
    public double leakagePowerFactor(double v) {
        return v / nominalVolts * Math.exp(leakageLambda * (v - nominalVolts));
    }

    /**
     * The energy per operation at supply {@code v} when the clock period moves from
     * {@code nominalPeriodPs} (the one {@code nominal}'s leakage was taken over) to {@code periodPs}.
     */
    public MacEnergy scale(MacEnergy nominal, double v, double nominalPeriodPs, double periodPs) {
        double d = dynamicFactor(v);
        double leak = nominal.leakageFj() * leakagePowerFactor(v) * periodPs / nominalPeriodPs;
        return new MacEnergy(nominal.internalFj() * d, nominal.switchingFj() * d, leak);
    }
}
