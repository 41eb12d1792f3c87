package org.halodse.objectives.encoder;

import org.halodse.objectives.model.LinearLayer;

/**
 * Sees the input of every linear layer during a forward pass (for calibration statistics). Called
 * from the thread running the pass; with passes in parallel an implementation must be thread-safe
 * (or one hook per thread).
 */
@FunctionalInterface
public interface LinearHook {
    /**
     * @param rows the layer's input, one array of length {@code layer.inFeatures()} per real (unmasked)
     *             token; valid only during the call, do not modify
     */
    void input(LinearLayer layer, float[][] rows);
}
