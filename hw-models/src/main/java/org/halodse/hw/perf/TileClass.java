package org.halodse.hw.perf;

/**
 * One class of weight tiles of a layer: its share of the layer's weights, the delay ratio
 * d_class / d_worst of its slowest weight value (from the delay profile; 1 = worst case) and its
 * mean dynamic energy per MAC at the nominal voltage (fJ; {@link TileStats#meanFj}).
 */
public record TileClass(double share, double delayRatio, double macEnergyFj) {
    public TileClass {
        if (!(share >= 0 && share <= 1)) throw new IllegalArgumentException("share must be in [0, 1], got " + share);
        if (!(delayRatio > 0 && delayRatio <= 1 + 1e-9)) throw new IllegalArgumentException("delay ratio must be in (0, 1], got " + delayRatio);
        if (!(macEnergyFj >= 0)) throw new IllegalArgumentException("MAC energy must be >= 0, got " + macEnergyFj);
    }
}
