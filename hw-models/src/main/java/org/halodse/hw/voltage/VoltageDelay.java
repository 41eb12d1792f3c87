package org.halodse.hw.voltage;

/** A measured or computed delay (ps) at a supply (V); {@code label} says where it came from (a corner, a chip spec). */
public record VoltageDelay(double volts, double delayPs, String label) {
    public VoltageDelay {
        if (!(volts > 0) || Double.isInfinite(volts)) throw new IllegalArgumentException("voltage must be positive, got " + volts);
        if (!(delayPs > 0) || Double.isInfinite(delayPs)) throw new IllegalArgumentException("delay must be positive, got " + delayPs);
    }
}
