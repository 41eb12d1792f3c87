package org.halodse.objectives.model;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.stream.IntStream;

/**
 * Generated weights with the exact linear-layer shapes of well-known LLMs, for speed and scale work
 * where the real checkpoints cannot be had. SYNTHETIC: names say so and {@link #synthetic()} is true.
 *
 * <p>Statistics meant to resemble trained LLM weights: Student-t with 4 degrees of freedom (heavy
 * tails, kurtosis far above a Gaussian's), scaled to a standard deviation of about 0.02; each output
 * channel gets a log-normal scale (sigma 0.2); a few input channels (about 1 in 512, the same channel
 * indices in every layer that reads the same hidden dimension, as LLM outlier features are) have rows
 * scaled by 8 to 20. Every weight is a function of (model seed, layer name, row, column) alone, so a
 * layer or some of its rows can be generated alone, in parallel, and always identically.
 *
 * <p>Why this generator: the profile's sampled mode streams every weight of a 7 B model once (6.5 G
 * weights). A weight is a 32-bit hash of the row's seed and the column's key and the inverse of the
 * t(4) tail by a polynomial (see {@link #t4}): integer and float arithmetic, one division and two
 * square roots, which the JIT turns into SIMD code. Measured on this machine: 1.8 ns a weight, where
 * a table lookup of the quantile (a gather, which defeats SIMD) took 5.5 ns.
 */
public final class SyntheticModel implements ModelSource {
    public enum Arch { LLAMA, OPT }

    /** The presets: blocks, hidden size, FFN size, and k/v projection width (GQA). */
    public enum Preset {
        LLAMA2_7B("llama2-7b", Arch.LLAMA, 32, 4096, 11008, 4096),
        LLAMA2_13B("llama2-13b", Arch.LLAMA, 40, 5120, 13824, 5120),
        LLAMA3_8B("llama3-8b", Arch.LLAMA, 32, 4096, 14336, 1024),
        OPT_6_7B("opt-6.7b", Arch.OPT, 32, 4096, 16384, 4096);

        public final String id;
        public final Arch arch;
        public final int blocks, hidden, ffn, kvDim;

        Preset(String id, Arch arch, int blocks, int hidden, int ffn, int kvDim) {
            this.id = id;
            this.arch = arch;
            this.blocks = blocks;
            this.hidden = hidden;
            this.ffn = ffn;
            this.kvDim = kvDim;
        }

        public static Preset byName(String name) {
            String n = name.toLowerCase(Locale.ROOT);
            if (n.startsWith("synthetic-")) n = n.substring("synthetic-".length());
            for (Preset p : values()) if (p.id.equals(n)) return p;
            return null;
        }
    }

    public static final long DEFAULT_SEED = 20250226L;
    /** Names the generator's law and hash, so a cache keyed by it never serves another generator's profile. */
    public static final String GENERATOR = "t4polyfma-fmix32";
    static final double STD = 0.02;

    private final Preset preset;
    private final long seed;
    private final List<LinearLayer> layers;

    private SyntheticModel(Preset preset, long seed) {
        this.preset = preset;
        this.seed = seed;
        List<LinearLayer> ls = new ArrayList<>();
        int H = preset.hidden, F = preset.ffn, KV = preset.kvDim;
        for (int b = 0; b < preset.blocks; b++) {
            if (preset.arch == Arch.LLAMA) {
                String p = "model.layers." + b + ".";
                add(ls, p + "self_attn.q_proj", b, LayerRole.QUERY, H, H);
                add(ls, p + "self_attn.k_proj", b, LayerRole.KEY, H, KV);
                add(ls, p + "self_attn.v_proj", b, LayerRole.VALUE, H, KV);
                add(ls, p + "self_attn.o_proj", b, LayerRole.ATTENTION_OUTPUT, H, H);
                add(ls, p + "mlp.gate_proj", b, LayerRole.FFN_GATE, H, F);
                add(ls, p + "mlp.up_proj", b, LayerRole.FFN_UP, H, F);
                add(ls, p + "mlp.down_proj", b, LayerRole.FFN_DOWN, F, H);
            } else {
                String p = "model.decoder.layers." + b + ".";
                add(ls, p + "self_attn.q_proj", b, LayerRole.QUERY, H, H);
                add(ls, p + "self_attn.k_proj", b, LayerRole.KEY, H, H);
                add(ls, p + "self_attn.v_proj", b, LayerRole.VALUE, H, H);
                add(ls, p + "self_attn.out_proj", b, LayerRole.ATTENTION_OUTPUT, H, H);
                add(ls, p + "fc1", b, LayerRole.FFN_UP, H, F);
                add(ls, p + "fc2", b, LayerRole.FFN_DOWN, F, H);
            }
        }
        this.layers = List.copyOf(ls);
    }

    private void add(List<LinearLayer> ls, String name, int block, LayerRole role, int k, int n) {
        ls.add(new LinearLayer(name, block, role, k, n, new Rows(name, k, n)));
    }

    /**
     * The loader of one layer: the whole K x N matrix, or only some rows (each row has its own seed,
     * so both agree bit for bit). The layer's column scales and outlier rows are made once, on first
     * use: the profile's streaming pass loads a layer in bands of a few rows, and redrawing N
     * log-normal column scales per band cost more than the band's weights (measured: a 5-row band of
     * an 11008-wide layer).
     */
    private final class Rows implements RowLoader {
        private final String name;
        private final int k, n;
        private volatile Layer layer;

        Rows(String name, int k, int n) {
            this.name = name;
            this.k = k;
            this.n = n;
        }

        private Layer layer() {
            Layer l = layer;
            if (l == null) layer = l = new Layer(name, k, n);
            return l;
        }

        @Override public float[] load() { return layer().rows(null); }

        @Override public float[] loadRows(int[] rows) { return layer().rows(rows); }

        @Override public float[] loadRows(int[] rows, float[] into) { return layer().rows(rows, into); }

        /** Generated straight into {@code into} (no band to copy from: one copy a row less, twice). */
        @Override public float[] loadRow(int r, float[] into) {
            if (into.length < n) throw new IllegalArgumentException(name + ": " + into.length + " floats for a row of " + n);
            Layer l = layer();
            l.checkRow(r);
            l.row(r, into, 0);
            return into;
        }
    }

    public static SyntheticModel of(Preset p) { return new SyntheticModel(p, DEFAULT_SEED); }

    public static SyntheticModel of(Preset p, long seed) { return new SyntheticModel(p, seed); }

    public Preset preset() { return preset; }

    public long seed() { return seed; }

    @Override public String name() { return "synthetic-" + preset.id; }

    @Override public boolean synthetic() { return true; }

    @Override public String identity() { return "synthetic|" + GENERATOR + "|" + preset + "|" + seed; }

    @Override public List<LinearLayer> layers() { return layers; }

    /** The outlier input channels for an input dimension K (sorted; shared by all layers with that K). */
    public int[] outlierChannels(int k) {
        int count = Math.max(1, k / 512);
        SplittableRandom r = new SplittableRandom(mix(seed, 0x6f75746cL + k));
        return r.ints(0, k).distinct().limit(count).sorted().toArray();
    }

    /** The row scale of input channel k's weights (8..20 for an outlier channel, else 1). */
    double rowScale(int[] outliers, int k) {
        int i = Arrays.binarySearch(outliers, k);
        if (i < 0) return 1.0;
        return 8.0 + 12.0 * new SplittableRandom(mix(seed, 0x726f77L * 31 + k)).nextDouble();
    }

    /** What every row of one layer shares: its seed, column scales and outlier input channels. */
    private final class Layer {
        final String name;
        final int k, n;
        final long layerSeed;
        final float[] colScale;
        /** Column c's hash key: c times an odd constant (distinct per column), plus the layer's seed. */
        final int[] colKey;
        final int[] outliers;

        Layer(String name, int k, int n) {
            this.name = name;
            this.k = k;
            this.n = n;
            layerSeed = mix(seed, name.hashCode() * 0x9E3779B97F4A7C15L + name.length());
            colScale = new float[n];
            SplittableRandom cr = new SplittableRandom(mix(layerSeed, -1));
            for (int c = 0; c < n; c++) colScale[c] = (float) Math.exp(0.2 * gaussian(cr));
            // keys in an array, not computed from the loop index: that keeps the row loop SIMD
            colKey = new int[n];
            for (int c = 0; c < n; c++) colKey[c] = c * 0x9E3779B9 + (int) (layerSeed >>> 32);
            outliers = outlierChannels(k);
        }

        float[] rows(int[] rows) {
            return rows(rows, new float[Math.multiplyExact(rows == null ? k : rows.length, n)]);
        }

        float[] rows(int[] rows, float[] w) {
            int m = rows == null ? k : rows.length;
            if (rows != null) for (int r : rows) checkRow(r);
            if (w.length < (long) m * n) throw new IllegalArgumentException(name + ": " + w.length + " floats for " + m + " rows of " + n);
            // a whole layer is generated in parallel; a band of a few rows (the streaming pass, which
            // already runs one layer per thread) in the caller's thread
            IntStream js = IntStream.range(0, m);
            if ((long) m * n >= 1L << 20) js = js.parallel();
            js.forEach(j -> row(rows == null ? j : rows[j], w, j * n));
            return w;
        }

        void checkRow(int r) {
            if (r < 0 || r >= k) throw new IllegalArgumentException(name + ": row " + r + " outside 0.." + (k - 1));
        }

        private void row(int r, float[] w, int off) {
            int rowSeed = (int) mix(layerSeed, r);
            float s = (float) (BASE * rowScale(outliers, r));
            if (off == 0) {
                fillRow(rowSeed, s, colKey, colScale, w, n);
                return;
            }
            // the row loop is SIMD only when it writes at the column index itself: at w[off + c] the
            // JIT cannot rule out that w is colScale shifted, and makes scalar code (10x slower)
            float[] tmp = SCRATCH.get();
            if (tmp.length < n) SCRATCH.set(tmp = new float[n]);
            fillRow(rowSeed, s, colKey, colScale, tmp, n);
            System.arraycopy(tmp, 0, w, off, n);
        }
    }

    private static final ThreadLocal<float[]> SCRATCH = ThreadLocal.withInitial(() -> new float[0]);

    private static final double BASE = STD / Math.sqrt(2.0); // t(4) has variance 2

    /**
     * One row of weights: w[c] = s colScale[c] T, T the Student-t(4) variate of the hash h =
     * fmix32(rowSeed ^ colKey[c]) (MurmurHash3's finalizer, a bijection with full avalanche).
     */
    static void fillRow(int rowSeed, float s, int[] colKey, float[] colScale, float[] w, int n) {
        for (int c = 0; c < n; c++) {
            int h = rowSeed ^ colKey[c];
            h ^= h >>> 16;
            h *= 0x85EBCA6B;
            h ^= h >>> 13;
            h *= 0xC2B2AE35;
            h ^= h >>> 16;
            w[c] = s * colScale[c] * t4(h);
        }
    }

    // Q(u) = sum Q_i u^i, u = 2 r - 1 in [-1, 1]: a least-squares fit at 4000 Chebyshev nodes to
    // x^2 r / (1 - r)^2 (x the exact quantile, computed with 40 digits); relative error 2e-7 in float
    private static final float Q0 = 3.614809719911e+00f, Q1 = 1.738965977603e+00f, Q2 = 8.617450911820e-01f,
        Q3 = 4.349207819320e-01f, Q4 = 2.222086588984e-01f, Q5 = 1.130092821209e-01f, Q6 = 5.806839310416e-02f,
        Q7 = 3.528201164924e-02f, Q8 = 1.952218032903e-02f, Q9 = 1.918870570675e-03f, Q10 = 7.891145517861e-05f,
        Q11 = 6.713165406986e-03f, Q12 = 3.867300005060e-03f;

    /**
     * The unit Student-t(4) variate of a 32-bit hash: its lowest bit the sign, the other 31 a
     * two-sided tail probability t = ((h &gt;&gt;&gt; 1) + 1) 2^-31 in (0, 1] (added in float: the int
     * sum overflows at the top), and |T| the x with P(|T| &gt; x) = t. With r = sqrt(t),
     * x = (1 - r) sqrt(Q(r) / r) where Q is smooth on [0, 1] (from sqrt(6) at r = 0 to 64/9 at r = 1:
     * the tail's expansion in 1/x^2 makes x^2 r analytic in r, and x ~ (1 - t)/0.75 near 0), so a
     * degree-12 polynomial in 2 r - 1 gives x to 1e-7 relative without cancellation at either end.
     */
    static float t4(int h) {
        float t = ((float) (h >>> 1) + 1f) * 0x1p-31f;
        float r = (float) Math.sqrt(t);
        float u = 2f * r - 1f;
        // Horner's rule in fused multiply-adds: one rounding a step, and half the instructions
        // (measured: 1.8 against 2.5 ns a weight for the row loop)
        float q = Math.fma(Math.fma(Math.fma(Math.fma(Math.fma(Math.fma(Math.fma(Math.fma(Math.fma(Math.fma(Math.fma(Math.fma(
            Q12, u, Q11), u, Q10), u, Q9), u, Q8), u, Q7), u, Q6), u, Q5), u, Q4), u, Q3), u, Q2), u, Q1), u, Q0);
        float x = (1f - r) * (float) Math.sqrt(q / r);
        return x * (1 - ((h & 1) << 1));
    }

    private static double gaussian(SplittableRandom r) {
        double u = r.nextDouble(), v = r.nextDouble();
        return Math.sqrt(-2 * Math.log(1 - u)) * Math.cos(2 * Math.PI * v);
    }

    static long mix(long a, long b) {
        long z = a * 0x9E3779B97F4A7C15L + b;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    @Override public String toString() { return "SyntheticModel[" + name() + ", synthetic, " + layers.size() + " linear layers]"; }
}
