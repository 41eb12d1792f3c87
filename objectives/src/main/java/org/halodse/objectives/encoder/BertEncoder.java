package org.halodse.objectives.encoder;

import org.halodse.hw.liberty.InputException;
import org.halodse.objectives.model.LayerRole;
import org.halodse.objectives.model.LinearLayer;
import org.halodse.objectives.model.OnnxModel;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ForkJoinPool;
import java.util.function.Function;
import java.util.stream.IntStream;

/**
 * The BERT encoder forward pass in plain Java, fp32, as exported to ONNX (e.g. all-MiniLM-L6-v2):
 * embeddings (word + position + token type, LayerNorm), then per layer 12-head self-attention with
 * the attention mask, output projection, residual + LayerNorm, GELU (erf) feed-forward, residual +
 * LayerNorm; {@code last_hidden_state}; attention-masked mean pooling gives the sentence embedding.
 *
 * <p>The weights of any linear layer can be replaced ({@link #withWeights}) so quantized weights
 * can be evaluated; every other parameter is shared. Instances are immutable and thread-safe.
 */
public final class BertEncoder {
    /** Shape of the encoder. */
    public record Config(int layers, int hidden, int heads, int intermediate, int vocab, int maxPositions, float eps) {}

    /** Output of one pass: {@code lastHidden} is row-major tokens x hidden; {@code pooled} the masked mean. */
    public record Output(int tokens, int hidden, float[] lastHidden, float[] pooled) {}

    private record Block(int q, int k, int v, int o, int up, int down,
                         float[] qb, float[] kb, float[] vb, float[] ob, float[] upb, float[] downb,
                         float[] ln1g, float[] ln1b, float[] ln2g, float[] ln2b) {}

    private final String modelName;
    private final Config config;
    private final List<LinearLayer> linear;
    private final float[][][] weights; // by index in linear: K rows of N
    private final float[] wordEmb, posEmb, typeEmb, embLnG, embLnB;
    private final List<Block> blocks;

    private BertEncoder(String modelName, Config config, List<LinearLayer> linear, float[][][] weights, float[] wordEmb, float[] posEmb,
                        float[] typeEmb, float[] embLnG, float[] embLnB, List<Block> blocks) {
        this.modelName = modelName;
        this.config = config;
        this.linear = linear;
        this.weights = weights;
        this.wordEmb = wordEmb;
        this.posEmb = posEmb;
        this.typeEmb = typeEmb;
        this.embLnG = embLnG;
        this.embLnB = embLnB;
        this.blocks = blocks;
    }

    /** Loads a BERT encoder from an ONNX model with HuggingFace parameter names; 12 heads (MiniLM, bge-small). */
    public static BertEncoder load(OnnxModel model) { return load(model, 12); }

    public static BertEncoder load(OnnxModel model, int heads) {
        String src = model.source();
        float[] word = param(model, "embeddings.word_embeddings.weight");
        float[] pos = param(model, "embeddings.position_embeddings.weight");
        float[] type = param(model, "embeddings.token_type_embeddings.weight");
        long[] wd = model.tensor("embeddings.word_embeddings.weight").orElseThrow().dims();
        if (wd.length != 2) throw new InputException(src + ": tensor embeddings.word_embeddings.weight: shape " + java.util.Arrays.toString(wd) + ", expected [vocab, hidden]");
        int hidden = (int) wd[1], vocab = (int) wd[0];
        int maxPos = pos.length / hidden;
        if (hidden % heads != 0) throw new InputException(src + ": hidden size " + hidden + " is not a multiple of " + heads + " heads");
        List<LinearLayer> linear = model.layers();
        Map<String, Integer> index = new HashMap<>();
        for (int i = 0; i < linear.size(); i++) index.put(linear.get(i).name(), i);
        List<Block> blocks = new ArrayList<>();
        int inter = -1;
        for (int b = 0; ; b++) {
            String p = "encoder.layer." + b + ".";
            if (!index.containsKey(p + "attention.self.query")) break;
            int q = need(index, p + "attention.self.query", src), k = need(index, p + "attention.self.key", src),
                    v = need(index, p + "attention.self.value", src), o = need(index, p + "attention.output.dense", src),
                    up = need(index, p + "intermediate.dense", src), down = need(index, p + "output.dense", src);
            for (int li : new int[]{q, k, v, o}) expectShape(src, linear.get(li), hidden, hidden);
            if (inter < 0) inter = linear.get(up).outFeatures();
            expectShape(src, linear.get(up), hidden, inter);
            expectShape(src, linear.get(down), inter, hidden);
            blocks.add(new Block(q, k, v, o, up, down,
                    vec(model, p + "attention.self.query.bias", hidden), vec(model, p + "attention.self.key.bias", hidden),
                    vec(model, p + "attention.self.value.bias", hidden), vec(model, p + "attention.output.dense.bias", hidden),
                    vec(model, p + "intermediate.dense.bias", inter), vec(model, p + "output.dense.bias", hidden),
                    vec(model, p + "attention.output.LayerNorm.weight", hidden), vec(model, p + "attention.output.LayerNorm.bias", hidden),
                    vec(model, p + "output.LayerNorm.weight", hidden), vec(model, p + "output.LayerNorm.bias", hidden)));
        }
        if (blocks.isEmpty()) throw new InputException(src + ": no tensor encoder.layer.0.attention.self.query; expected a BERT encoder");
        float[][][] w = new float[linear.size()][][];
        IntStream.range(0, linear.size()).parallel().forEach(i -> w[i] = rows(linear.get(i).load(), linear.get(i).inFeatures(), linear.get(i).outFeatures()));
        Config cfg = new Config(blocks.size(), hidden, heads, inter, vocab, maxPos, 1e-12f);
        return new BertEncoder(model.name(), cfg, linear, w, word, pos, type,
                vec(model, "embeddings.LayerNorm.weight", hidden), vec(model, "embeddings.LayerNorm.bias", hidden), List.copyOf(blocks));
    }

    private static void expectShape(String src, LinearLayer l, int k, int n) {
        if (l.inFeatures() != k || l.outFeatures() != n) {
            throw new InputException(src + ": tensor " + l.name() + ": shape " + l.inFeatures() + "x" + l.outFeatures() + ", expected " + k + "x" + n + " for a BERT encoder of hidden size " + k);
        }
    }

    private static int need(Map<String, Integer> index, String name, String src) {
        Integer i = index.get(name);
        if (i == null) throw new InputException(src + ": no MatMul for " + name + "; expected a BERT encoder layer");
        return i;
    }

    private static float[] param(OnnxModel m, String name) {
        if (m.tensor(name).isEmpty()) throw new InputException(m.source() + ": no initializer " + name + "; expected a BERT encoder");
        return m.floats(name);
    }

    private static float[] vec(OnnxModel m, String name, int len) {
        float[] v = param(m, name);
        if (v.length != len) throw new InputException(m.source() + ": tensor " + name + ": " + v.length + " values, expected " + len);
        return v;
    }

    public String modelName() { return modelName; }

    public Config config() { return config; }

    /** The linear layers in execution order (the model's). */
    public List<LinearLayer> linearLayers() { return linear; }

    /** The weights of a layer in use by this encoder (a new K x N row-major array). */
    public float[] weights(LinearLayer layer) {
        int i = linear.indexOf(layer);
        if (i < 0) throw new IllegalArgumentException("not a layer of this encoder: " + layer.name());
        float[][] r = weights[i];
        int N = layer.outFeatures();
        float[] flat = new float[r.length * N];
        for (int k = 0; k < r.length; k++) System.arraycopy(r[k], 0, flat, k * N, N);
        return flat;
    }

    private static float[][] rows(float[] flat, int K, int N) {
        float[][] r = new float[K][];
        for (int k = 0; k < K; k++) r[k] = java.util.Arrays.copyOfRange(flat, k * N, (k + 1) * N);
        return r;
    }

    /**
     * An encoder whose linear weights are {@code override.apply(layer)} where that is not null (K x N
     * row-major, e.g. de-quantized weights), and this encoder's elsewhere.
     */
    public BertEncoder withWeights(Function<LinearLayer, float[]> override) {
        float[][][] w = weights.clone();
        for (int i = 0; i < linear.size(); i++) {
            LinearLayer l = linear.get(i);
            float[] r = override.apply(l);
            if (r != null) {
                if (r.length != l.parameters()) throw new IllegalArgumentException(l.name() + ": override has " + r.length + " weights, expected " + l.parameters());
                w[i] = rows(r, l.inFeatures(), l.outFeatures());
            }
        }
        return new BertEncoder(modelName, config, linear, w, wordEmb, posEmb, typeEmb, embLnG, embLnB, blocks);
    }

    /** One sentence without padding (all tokens attended, token type 0). */
    public Output forward(int[] ids) { return forward(ids, null, null, null); }

    public Output forward(int[] ids, LinearHook hook) { return forward(ids, null, null, hook); }

    /**
     * One sequence. {@code mask} (1 = token, 0 = padding) and {@code typeIds} may be null. Hooks see
     * only the rows of real tokens.
     */
    public Output forward(int[] ids, int[] mask, int[] typeIds, LinearHook hook) {
        final int L = ids.length, H = config.hidden(), F = config.intermediate();
        if (L == 0) throw new IllegalArgumentException("empty input");
        if (L > config.maxPositions()) throw new IllegalArgumentException(L + " tokens, more than the " + config.maxPositions() + " positions");
        int[] m = mask != null ? mask : filled(L, 1);
        int real = 0;
        for (int x : m) real += x != 0 ? 1 : 0;
        float[][] h = new float[L][H];
        for (int i = 0; i < L; i++) {
            int id = ids[i], t = typeIds == null ? 0 : typeIds[i];
            if (id < 0 || id >= config.vocab()) throw new IllegalArgumentException("token id " + id + " outside the vocabulary of " + config.vocab());
            float[] r = h[i];
            for (int j = 0; j < H; j++) r[j] = wordEmb[id * H + j] + typeEmb[t * H + j] + posEmb[i * H + j];
        }
        layerNorm(h, embLnG, embLnB, config.eps());
        float[][] q = new float[L][H], k = new float[L][H], v = new float[L][H], ctx = new float[L][H], att = new float[L][H];
        float[][] inter = new float[L][F], out = new float[L][H];
        float[] scores = new float[L];
        int heads = config.heads(), dh = H / heads;
        float scale = (float) (1.0 / Math.sqrt(dh));
        boolean padded = real != L;
        for (Block b : blocks) {
            hook(hook, b.q(), h, m, padded);
            linear(h, weights[b.q()], b.qb(), q);
            linear(h, weights[b.k()], b.kb(), k);
            linear(h, weights[b.v()], b.vb(), v);
            if (hook != null) { hook(hook, b.k(), h, m, padded); hook(hook, b.v(), h, m, padded); }
            for (float[] r : ctx) java.util.Arrays.fill(r, 0f);
            for (int hd = 0; hd < heads; hd++) {
                int off = hd * dh;
                for (int i = 0; i < L; i++) {
                    float[] qi = q[i];
                    float max = Float.NEGATIVE_INFINITY;
                    for (int j = 0; j < L; j++) {
                        float[] kj = k[j];
                        float s = 0f;
                        for (int d = off; d < off + dh; d++) s += qi[d] * kj[d];
                        s = s * scale + (m[j] != 0 ? 0f : -3.4028234663852886e38f);
                        scores[j] = s;
                        if (s > max) max = s;
                    }
                    float sum = 0f;
                    for (int j = 0; j < L; j++) { float e = (float) Math.exp(scores[j] - max); scores[j] = e; sum += e; }
                    float inv = 1f / sum;
                    float[] ci = ctx[i];
                    for (int j = 0; j < L; j++) {
                        float p = scores[j] * inv;
                        float[] vj = v[j];
                        for (int d = off; d < off + dh; d++) ci[d] += p * vj[d];
                    }
                }
            }
            hook(hook, b.o(), ctx, m, padded);
            linear(ctx, weights[b.o()], b.ob(), att);
            for (int i = 0; i < L; i++) { float[] a = att[i], r = h[i]; for (int j = 0; j < H; j++) a[j] += r[j]; }
            layerNorm(att, b.ln1g(), b.ln1b(), config.eps());
            hook(hook, b.up(), att, m, padded);
            linear(att, weights[b.up()], b.upb(), inter);
            for (float[] r : inter) for (int j = 0; j < F; j++) r[j] = gelu(r[j]);
            hook(hook, b.down(), inter, m, padded);
            linear(inter, weights[b.down()], b.downb(), out);
            for (int i = 0; i < L; i++) { float[] o = out[i], a = att[i]; for (int j = 0; j < H; j++) o[j] += a[j]; }
            layerNorm(out, b.ln2g(), b.ln2b(), config.eps());
            float[][] t = h; h = out; out = t;
        }
        float[] pooled = new float[H];
        float[] flat = new float[L * H];
        for (int i = 0; i < L; i++) {
            System.arraycopy(h[i], 0, flat, i * H, H);
            if (m[i] != 0) for (int j = 0; j < H; j++) pooled[j] += h[i][j];
        }
        for (int j = 0; j < H; j++) pooled[j] /= Math.max(real, 1);
        return new Output(L, H, flat, pooled);
    }

    /** Sentence embedding (masked mean of last_hidden_state). */
    public float[] embed(int[] ids) { return forward(ids).pooled(); }

    /** Sentence embeddings of many inputs, in parallel over sentences on {@code threads} threads (0 = all cores). */
    public float[][] embedAll(List<int[]> inputs, int threads) {
        float[][] out = new float[inputs.size()][];
        parallel(threads, inputs.size(), i -> out[i] = embed(inputs.get(i)));
        return out;
    }

    /** Runs {@code body} for 0..n-1 on a pool of {@code threads} (or the common pool when threads <= 0). */
    public static void parallel(int threads, int n, java.util.function.IntConsumer body) {
        if (threads == 1 || n <= 1) { for (int i = 0; i < n; i++) body.accept(i); return; }
        ForkJoinPool pool = threads <= 0 ? ForkJoinPool.commonPool() : new ForkJoinPool(threads);
        try {
            pool.submit(() -> IntStream.range(0, n).parallel().forEach(body)).join();
        } finally {
            if (threads > 0) pool.shutdown();
        }
    }

    private void hook(LinearHook hook, int li, float[][] x, int[] m, boolean padded) {
        if (hook == null) return;
        if (!padded) { hook.input(linear.get(li), x); return; }
        List<float[]> rows = new ArrayList<>();
        for (int i = 0; i < x.length; i++) if (m[i] != 0) rows.add(x[i]);
        hook.input(linear.get(li), rows.toArray(new float[0][]));
    }

    private static int[] filled(int n, int v) {
        int[] a = new int[n];
        java.util.Arrays.fill(a, v);
        return a;
    }

    /**
     * out[i] = x[i] W + bias for each token row i. W is kept as K separate rows of N so that the
     * inner loop reads and writes two distinct arrays at the same index, which the JIT vectorizes
     * (with one flat array and two offsets it cannot rule out aliasing and stays scalar, ~10x slower).
     * Four token rows at a time: each weight row is read once per four tokens.
     */
    static void linear(float[][] x, float[][] w, float[] bias, float[][] out) {
        int L = x.length, K = w.length;
        int i = 0;
        for (; i + 3 < L; i += 4) {
            float[] r0 = out[i], r1 = out[i + 1], r2 = out[i + 2], r3 = out[i + 3];
            float[] x0 = x[i], x1 = x[i + 1], x2 = x[i + 2], x3 = x[i + 3];
            System.arraycopy(bias, 0, r0, 0, bias.length);
            System.arraycopy(bias, 0, r1, 0, bias.length);
            System.arraycopy(bias, 0, r2, 0, bias.length);
            System.arraycopy(bias, 0, r3, 0, bias.length);
            for (int kk = 0; kk < K; kk++) {
                float a0 = x0[kk], a1 = x1[kk], a2 = x2[kk], a3 = x3[kk];
                float[] wk = w[kk];
                for (int n = 0; n < wk.length; n++) {
                    float wv = wk[n];
                    r0[n] += a0 * wv;
                    r1[n] += a1 * wv;
                    r2[n] += a2 * wv;
                    r3[n] += a3 * wv;
                }
            }
        }
        for (; i < L; i++) {
            float[] r0 = out[i], x0 = x[i];
            System.arraycopy(bias, 0, r0, 0, bias.length);
            for (int kk = 0; kk < K; kk++) {
                float a0 = x0[kk];
                float[] wk = w[kk];
                for (int n = 0; n < wk.length; n++) r0[n] += a0 * wk[n];
            }
        }
    }

    static void layerNorm(float[][] x, float[] g, float[] b, float eps) {
        for (float[] r : x) {
            int H = r.length;
            double mean = 0;
            for (int j = 0; j < H; j++) mean += r[j];
            mean /= H;
            double var = 0;
            for (int j = 0; j < H; j++) { double d = r[j] - mean; var += d * d; }
            var /= H;
            float inv = (float) (1.0 / Math.sqrt(var + eps));
            float mf = (float) mean;
            for (int j = 0; j < H; j++) r[j] = (r[j] - mf) * inv * g[j] + b[j];
        }
    }

    static float gelu(float x) {
        return (float) (0.5 * x * (1.0 + erf(x * 0.7071067811865476)));
    }

    /** erf with absolute error below 1.2e-7 (Numerical Recipes' erfc by Chebyshev fitting). */
    static double erf(double x) {
        double z = Math.abs(x);
        double t = 1.0 / (1.0 + 0.5 * z);
        double r = t * Math.exp(-z * z - 1.26551223 + t * (1.00002368 + t * (0.37409196 + t * (0.09678418
                + t * (-0.18628806 + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587
                + t * (-0.82215223 + t * 0.17087277)))))))));
        return x >= 0 ? 1.0 - r : r - 1.0;
    }

    /** Layers by role within a block (for callers that need the structure). */
    public LinearLayer layer(int block, LayerRole role) {
        for (LinearLayer l : linear) if (l.block() == block && l.role() == role) return l;
        throw new IllegalArgumentException("no " + role + " layer in block " + block);
    }
}
