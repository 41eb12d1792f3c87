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
 * <p>Why counter-based and table-driven: the profile's sampled mode streams every weight of a 7 B
 * model once (6.5 G weights), and a rejection sampler on a sequential generator cost ~10-20 ns a
 * weight. Here a weight is one splitmix64 hash of its counter and an inverse-CDF lookup: the two-sided
 * tail probability t = P(|T| &gt; x) is uniform; its binary exponent and top 6 mantissa bits pick a
 * cell of a table of exact t4 quantiles (closed form) at 64 points per octave of t, linearly
 * interpolated (tail probabilities down to 2^-53 covered).
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
    }

    public static SyntheticModel of(Preset p) { return new SyntheticModel(p, DEFAULT_SEED); }

    public static SyntheticModel of(Preset p, long seed) { return new SyntheticModel(p, seed); }

    public Preset preset() { return preset; }

    public long seed() { return seed; }

    @Override public String name() { return "synthetic-" + preset.id; }

    @Override public boolean synthetic() { return true; }

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
        final int[] outliers;

        Layer(String name, int k, int n) {
            this.name = name;
            this.k = k;
            this.n = n;
            layerSeed = mix(seed, name.hashCode() * 0x9E3779B97F4A7C15L + name.length());
            colScale = new float[n];
            SplittableRandom cr = new SplittableRandom(mix(layerSeed, -1));
            for (int c = 0; c < n; c++) colScale[c] = (float) Math.exp(0.2 * gaussian(cr));
            outliers = outlierChannels(k);
        }

        float[] rows(int[] rows) {
            return rows(rows, new float[Math.multiplyExact(rows == null ? k : rows.length, n)]);
        }

        float[] rows(int[] rows, float[] w) {
            int m = rows == null ? k : rows.length;
            for (int j = 0; j < m; j++) {
                int r = rows == null ? j : rows[j];
                if (r < 0 || r >= k) throw new IllegalArgumentException(name + ": row " + r + " outside 0.." + (k - 1));
            }
            if (w.length < (long) m * n) throw new IllegalArgumentException(name + ": " + w.length + " floats for " + m + " rows of " + n);
            // a whole layer is generated in parallel; a band of a few rows (the streaming pass, which
            // already runs one layer per thread) in the caller's thread
            IntStream js = IntStream.range(0, m);
            if ((long) m * n >= 1L << 20) js = js.parallel();
            js.forEach(j -> row(rows == null ? j : rows[j], w, j * n));
            return w;
        }

        private void row(int r, float[] w, int off) {
            long rowSeed = mix(layerSeed, r);
            double s = BASE * rowScale(outliers, r);
            float[] cs = colScale;
            for (int c = 0; c < n; c++) w[off + c] = (float) (s * cs[c] * studentT4(rowSeed, c));
        }
    }

    private static final double BASE = STD / Math.sqrt(2.0); // t(4) has variance 2

    /** Cells per octave of the tail probability in {@link #T4}. */
    private static final int CELLS = 64;
    /**
     * |T| at tail probability t = 2^-o (1 + i/64) at [2 idx], idx = o * 64 + i (octaves o = 1..53
     * used), and at [2 idx + 1] the rise to the cell's right end: the next entry, except for an
     * octave's last cell, whose right end t = 2^(1-o) is the first entry of octave o - 1.
     */
    private static final double[] T4 = new double[2 * (55 * CELLS + 1)];

    static {
        double[] at = new double[55 * CELLS + 1];
        for (int idx = 0; idx < at.length; idx++) {
            double t = Math.scalb(1.0 + (double) (idx % CELLS) / CELLS, -(idx / CELLS));
            at[idx] = t >= 1 ? 0 : t4Tail(t);
        }
        for (int idx = 0; idx < at.length; idx++) {
            int o = idx / CELLS, i = idx % CELLS;
            double hi = i + 1 < CELLS ? (idx + 1 < at.length ? at[idx + 1] : at[idx]) : o >= 1 ? at[(o - 1) * CELLS] : at[idx];
            T4[2 * idx] = at[idx];
            T4[2 * idx + 1] = hi - at[idx];
        }
    }

    /**
     * The exact quantile of |T|, T Student-t with 4 degrees of freedom, at two-sided tail probability
     * t: the x with P(|T| &gt; x) = t. Closed form for 4 degrees of freedom, with p = 1 - t/2:
     * alpha = 4 p (1 - p) = t (2 - t), q = cos(acos(sqrt(alpha)) / 3) / sqrt(alpha), x = 2 sqrt(q - 1).
     */
    static double t4Tail(double t) {
        double a = t * (2 - t), sa = Math.sqrt(a);
        double q = Math.cos(Math.acos(sa) / 3) / sa;
        return 2 * Math.sqrt(Math.max(0, q - 1));
    }

    /**
     * The Student-t(4) variate of column {@code col} of the row with seed {@code rowSeed}: a hash of
     * the counter gives a sign (its lowest bit) and a 53-bit uniform tail probability t in (0, 1]
     * (its top bits); t's octave and the top 6 bits of its mantissa select a table cell, the rest of
     * the mantissa interpolates.
     */
    static double studentT4(long rowSeed, int col) {
        return t4FromHash(mix(rowSeed, col));
    }

    /** The variate of {@link #studentT4} from its hash {@code y}. */
    static double t4FromHash(long y) {
        // t = u 2^-53 with u = (y >>> 11) + 1 in [1, 2^53], taken apart in integers (the same
        // octave, cell and position as from t's double bits, without two int-double conversions):
        // u in [2^p, 2^(p+1)) puts t in octave o = 53 - p; the 52 bits after u's leading one are t's
        // mantissa, its top 6 the cell, the other 46 the position in the cell
        long u = (y >>> 11) + 1;
        int lz = Long.numberOfLeadingZeros(u), o = lz - 10; // p = 63 - lz
        if (o == 0) return 0; // t = 1
        long mant = (u << (lz + 1)) >>> 12;
        int idx = 2 * (o * CELLS + (int) (mant >>> 46));
        double v = T4[idx] + T4[idx + 1] * ((mant & 0x3FFFFFFFFFFFL) * 0x1.0p-46);
        return Double.longBitsToDouble(Double.doubleToRawLongBits(v) ^ (y << 63)); // the sign without a branch (a coin flip mispredicts half the time)
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
