package org.halodse.objectives.model;

import java.util.List;

/**
 * A model's linear layers in execution order. Synthetic models say so: every output that comes
 * from one must carry the word "synthetic".
 */
public interface ModelSource {
    String name();

    /** True for generated weights (synthetic presets), false for real checkpoints. */
    boolean synthetic();

    List<LinearLayer> layers();

    /**
     * What identifies the weights beyond the name, for cache keys: by default the name; a file's
     * size and time, or a synthetic model's generator and seed, where the name alone would not change
     * with the weights.
     */
    default String identity() { return name(); }
}
