package org.halodse.objectives.calib;

import org.halodse.objectives.encoder.BertEncoder;
import org.halodse.objectives.encoder.LinearHook;
import org.halodse.objectives.encoder.WordPieceTokenizer;
import org.halodse.objectives.model.LinearLayer;
import org.halodse.objectives.model.SyntheticModel;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/** Computes {@link Calibration}s. */
public final class Calibrator {
    private Calibrator() {}

    /**
     * E[x^2] per input channel of every linear layer over the tokens of {@code sentences}, by a real
     * forward pass of the encoder (in parallel over sentences on {@code threads} threads; 0 = all cores).
     * Every token of every sentence ([CLS] and [SEP] included) counts once.
     */
    public static Calibration forwardPass(BertEncoder encoder, WordPieceTokenizer tokenizer, List<String> sentences, String textSource, int threads) {
        List<LinearLayer> layers = encoder.linearLayers();
        Map<LinearLayer, Integer> idx = new java.util.IdentityHashMap<>();
        for (int i = 0; i < layers.size(); i++) idx.put(layers.get(i), i);
        List<int[]> ids = new ArrayList<>(sentences.size());
        for (String s : sentences) ids.add(tokenizer.encode(s));
        // one accumulator per sentence slot would waste memory; one per worker thread instead
        ThreadLocal<double[][]> local = ThreadLocal.withInitial(() -> null);
        List<double[][]> all = java.util.Collections.synchronizedList(new ArrayList<>());
        long[] tokens = new long[1];
        for (int[] t : ids) tokens[0] += t.length;
        BertEncoder.parallel(threads, ids.size(), i -> {
            double[][] acc = local.get();
            if (acc == null) {
                acc = new double[layers.size()][];
                for (int j = 0; j < layers.size(); j++) acc[j] = new double[layers.get(j).inFeatures()];
                local.set(acc);
                all.add(acc);
            }
            final double[][] a = acc;
            LinearHook hook = (layer, rows) -> {
                double[] s = a[idx.get(layer)];
                for (float[] x : rows) for (int k = 0; k < s.length; k++) { double v = x[k]; s[k] += v * v; }
            };
            encoder.forward(ids.get(i), hook);
        });
        Map<String, double[]> ms = new LinkedHashMap<>();
        for (int j = 0; j < layers.size(); j++) {
            double[] sum = new double[layers.get(j).inFeatures()];
            for (double[][] acc : all) for (int k = 0; k < sum.length; k++) sum[k] += acc[j][k];
            for (int k = 0; k < sum.length; k++) sum[k] /= Math.max(1, tokens[0]);
            ms.put(layers.get(j).name(), sum);
        }
        return new Calibration(encoder.modelName(), Calibration.Kind.FORWARD_PASS,
                textSource + ", " + sentences.size() + " sentences, " + tokens[0] + " tokens", sentences.size(), tokens[0], ms);
    }

    /**
     * SYNTHETIC activation statistics for a synthetic model: log-normal E[x^2] per channel (sigma 0.5)
     * with the model's outlier channels 100x to 1000x larger, as LLM outlier features are.
     */
    public static Calibration synthetic(SyntheticModel model) {
        Map<String, double[]> ms = new LinkedHashMap<>();
        for (LinearLayer l : model.layers()) {
            int K = l.inFeatures();
            SplittableRandom r = new SplittableRandom(model.seed() * 31 + l.name().hashCode());
            double[] a = new double[K];
            for (int k = 0; k < K; k++) {
                double g = Math.sqrt(-2 * Math.log(1 - r.nextDouble())) * Math.cos(2 * Math.PI * r.nextDouble());
                a[k] = Math.exp(0.5 * g);
            }
            for (int k : model.outlierChannels(K)) a[k] *= 100 + 900 * r.nextDouble();
            ms.put(l.name(), a);
        }
        return new Calibration(model.name(), Calibration.Kind.SYNTHETIC, "synthetic activation statistics (not measured)", 0, 0, ms);
    }
}
