package org.halodse.objectives.proxy;

import org.halodse.objectives.calib.Calibration;

/** {@link ChannelStats} over a {@link Calibration}: E[x^2] per layer; the per-weight sensitivity is E[x_k^2] w_kn^2 (the default). */
public record CalibrationStats(Calibration calibration) implements ChannelStats {

    @Override
    public double[] meanSquare(String layer, int inFeatures) {
        double[] ms = calibration.meanSquare(layer);
        if (ms.length != inFeatures) throw new IllegalArgumentException(calibration.source() + ": layer " + layer + " has " + ms.length + " channels, expected " + inFeatures);
        return ms;
    }

    @Override
    public String identity() {
        return calibration.kind() + ": " + calibration.source();
    }
}
