package org.halodse.objectives.proxy;

import java.util.Collection;

/**
 * The model's perplexity proxy: the sum over linear layers of each layer's relative activation-
 * weighted error ({@link LayerError#relative()}).
 *
 * <p>Why a sum of relative errors: to first order a small relative perturbation of one layer's
 * output propagates to the model output as a relative perturbation of similar size (residual
 * streams and normalization keep the scale), and independent perturbations add in energy. So the
 * relative output noise of the model is about the sum of the layers' relative noises. Each term is
 * scale-free, so layers of very different sizes and activation scales are comparable, and the
 * proxy of a candidate is the sum of per-layer table entries: the search never touches weights. A
 * calibration curve ({@link CalibrationCurve}) maps the proxy to a predicted fidelity loss where
 * measurements exist.
 */
public final class PerplexityProxy {
    private PerplexityProxy() {
    }

    public static double of(Collection<LayerError> layers) {
        double s = 0;
        for (LayerError e : layers) s += e.relative();
        return s;
    }

    public static double ofRelative(double... relative) {
        double s = 0;
        for (double r : relative) s += r;
        return s;
    }
}
