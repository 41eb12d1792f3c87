package org.halodse.objectives.model;

/**
 * One linear layer of a model, y = x W: {@code inFeatures} (K, the input channels) by
 * {@code outFeatures} (N). Weights are not held here: {@link #load()} reads them when needed, so a
 * large model is never on the heap whole.
 *
 * @param name  the layer's name in the model, e.g. {@code encoder.layer.0.attention.self.query}
 * @param block index of the transformer block (layer) it belongs to, or -1
 */
public record LinearLayer(String name, int block, LayerRole role, int inFeatures, int outFeatures, WeightLoader loader) {

    /** Reads a layer's weights on demand. */
    @FunctionalInterface
    public interface WeightLoader {
        /** Row-major K x N: element (k, n) at {@code k * outFeatures + n}. */
        float[] load();
    }

    /** The weights, row-major K x N (input channel k, output channel n at k*N+n). */
    public float[] load() {
        float[] w = loader.load();
        if (w.length != (long) inFeatures * outFeatures) {
            throw new IllegalStateException(name + ": loader returned " + w.length + " weights, expected " + inFeatures + " x " + outFeatures);
        }
        return w;
    }

    public long parameters() { return (long) inFeatures * outFeatures; }
}
