package org.halodse.hw.power;

/** Energy of one MAC operation in fJ, split as power analysis reports it. */
public record MacEnergy(double internalFj, double switchingFj, double leakageFj) {
    public double totalFj() { return internalFj + switchingFj + leakageFj; }

    /** Dynamic part (internal + switching), the part that scales with V^2. */
    public double dynamicFj() { return internalFj + switchingFj; }
}
