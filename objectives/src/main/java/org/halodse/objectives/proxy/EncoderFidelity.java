package org.halodse.objectives.proxy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.halodse.objectives.encoder.BertEncoder;
import org.halodse.objectives.encoder.WordPieceTokenizer;

/**
 * The measured truth for the proxy on a real encoder: the mean over sentences of 1 - cosine
 * between the sentence embeddings (masked mean pooling) of the model with replaced weights and of
 * the fp32 model.
 */
public final class EncoderFidelity implements ProxyCheck.FidelityOracle {
    private final BertEncoder encoder;
    private final List<int[]> inputs;
    private final float[][] reference;
    private final int threads;

    public EncoderFidelity(BertEncoder encoder, WordPieceTokenizer tokenizer, List<String> sentences, int threads) {
        this.encoder = encoder;
        this.threads = threads;
        this.inputs = new ArrayList<>();
        for (String s : sentences) inputs.add(tokenizer.encode(s));
        this.reference = encoder.embedAll(inputs, threads);
    }

    public int sentences() {
        return inputs.size();
    }

    @Override
    public double measure(Map<String, float[]> replacedWeights) {
        BertEncoder q = encoder.withWeights(l -> replacedWeights.get(l.name()));
        float[][] e = q.embedAll(inputs, threads);
        double sum = 0;
        for (int i = 0; i < e.length; i++) sum += 1 - cosine(e[i], reference[i]);
        return sum / e.length;
    }

    static double cosine(float[] a, float[] b) {
        double ab = 0, aa = 0, bb = 0;
        for (int i = 0; i < a.length; i++) {
            ab += (double) a[i] * b[i];
            aa += (double) a[i] * a[i];
            bb += (double) b[i] * b[i];
        }
        return aa == 0 || bb == 0 ? 0 : ab / Math.sqrt(aa * bb);
    }
}
