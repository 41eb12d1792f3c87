package org.halodse.objectives.quant;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The HALO quantizer of one layer (row-major K x N, y = x W):
 * <ol>
 * <li>sparse side part ({@link SparseSelection}): outliers and the most sensitive fraction kept at
 * INT8 in a CSR matrix, excluded from the dense quantization;</li>
 * <li>tiles ranked by sensitivity ({@link TileClasses}); the least sensitive share uses the fast
 * class, the rest the slow class;</li>
 * <li>per class, a codebook of at most {@code size} values from the class's allowed subset of the
 * INT8 grid, optimal for the activation-weighted squared error (sum of E[x_k^2] (w_kn - q_kn)^2)
 * by {@link OptimalCodebook}, together with a scale/clipping search: scales are per output
 * channel within each tile (or per tile), s = alpha * max|w| / max|allowed|, and alpha (alpha &lt; 1
 * clips) is searched on a grid for the class; with {@code refine}, each scale group then picks its
 * own alpha (the class's or a grid neighbour) for the chosen codebook and the codebook is re-solved
 * on all weights (never worse).</li>
 * </ol>
 * With {@code zeroPoint}, w = s (c - z) with a real offset z per scale group (stored as the FP16
 * bias s z, as llama.cpp's Q4_1 stores a float minimum): the group's midpoint is mapped exactly to a
 * target on the allowed values' axis (their midrange, median or mean, searched with alpha) and its
 * wider side fitted to the allowed values on that side, so a one-signed set of fast values can
 * represent signed weights. Its cost: s z * sum(a) once per output column and scale group, i.e.
 * one extra multiply-add per token for each scale group of a class that uses it
 * ({@link Result#zeroPointOpsPerToken}; with 128-row tiles, 1/128 of the layer's MACs), and 2
 * bytes per such group. A class whose allowed values are one-signed always uses it
 * ({@link #usesZeroPoint}). Why real and not an integer z: every group then maps its normalized
 * weights (w - mid) / half-range onto the code axis by the same affine map, so a sampled layer's
 * histograms at every scale choice come from one bucketing of those normalized weights
 * ({@link NormalizedBuckets}); an integer z shifts each group by its own rounding residual.
 *
 * <p>A sparse weight's dense slot holds the code nearest the group's zero (usually 0 itself); the
 * sparse matrix stores the residual w - dequant(slot), so dense + sparse add up to the weight.
 */
public final class HaloQuantizer {
    private HaloQuantizer() {
    }

    public enum Scale { CHANNEL, TILE }

    /** A tile class: its allowed values and its codebook size (at most 2^bits values). */
    public record ClassSpec(AllowedValues allowed, int size) {
        public ClassSpec {
            if (allowed.isEmpty()) throw new IllegalArgumentException("class with no allowed values");
            if (size < 1) throw new IllegalArgumentException("codebook size " + size);
        }
    }

    public static final double[] DEFAULT_ALPHAS = {1.0, 0.85, 0.7, 0.55};

    /**
     * The class-level scale search (clipping grid and zero-point targets) of a class with more
     * dense slots than this looks at every s-th row of each tile only (s at most {@link #MAX_SEARCH_STEP}); the per-group
     * refinement looks at all rows, and the final codebook is solved exactly on all weights at the
     * chosen scales. (A sampled layer's search sees all its rows: its histograms come from
     * {@link NormalizedBuckets}.)
     */
    public static final long SEARCH_ENTRIES = 1 << 15;

    /**
     * The search's largest row step: 32 still leaves a class of a million slots (a sampled LLaMA layer's)
     * 30 000 points for each histogram of the clipping search, which only ranks four factors.
     */
    public static final int MAX_SEARCH_STEP = 32;

    /**
     * A subsampled search's runner-up is checked on all rows when its cost is within this share of
     * the best's: the two may have swapped places by chance on the subsample (seen: 1% of a layer's
     * error lost); further apart they do not (the margin is several times the subsample's noise in
     * the difference of two clipping factors' costs).
     */
    static final double RUNNER_UP_MARGIN = 0.03;

    /**
     * Diagnostic switch (-Dhalo.quant.exactSampled=true): a sampled layer's histograms by passes over
     * its rows, as for a layer profiled in full, instead of from {@link NormalizedBuckets}; for
     * measuring what the buckets change.
     */
    static final boolean EXACT_SAMPLED = Boolean.getBoolean("halo.quant.exactSampled");

    public record Config(ClassSpec fast, ClassSpec slow, double fastShare, int tileSize, double sparseFraction,
                         double outlierSigmas, Scale scale, boolean zeroPoint, double[] alphas, boolean refine) {
        public Config {
            if (tileSize < 1) throw new IllegalArgumentException("tile size " + tileSize);
            if (alphas.length == 0) throw new IllegalArgumentException("no scale factors");
        }
    }

    /**
     * The option-independent part: the sparse selection and the tile ranking; for a matrix of
     * sampled rows, also the min and max of the dense weights of every scale group of the full layer
     * (per channel-in-tile and per tile), so the scales are those of the full layer.
     */
    public record Prepared(float[] w, int k, int n, double[] meanSquare, SparseSelection.Selection sparse, TileClasses tiles,
                           double[][] channelRange, double[][] tileRange, double[] rowSquares, double energy) {
        public Prepared(float[] w, int k, int n, double[] meanSquare, SparseSelection.Selection sparse, TileClasses tiles) {
            this(w, k, n, meanSquare, sparse, tiles, ranges(w, n, sparse.mask(), tiles, true), ranges(w, n, sparse.mask(), tiles, false));
        }

        Prepared(float[] w, int k, int n, double[] meanSquare, SparseSelection.Selection sparse, TileClasses tiles, double[][] ch, double[][] ti) {
            this(w, k, n, meanSquare, sparse, tiles, ch, ti, HaloQuantizer.rowSquareSums(w, k, n));
        }

        /** {@code rowSquares}: each row's sum of squared weights ({@link HaloQuantizer#rowSquareSums}), shared by the callers that need it. */
        public Prepared(float[] w, int k, int n, double[] meanSquare, SparseSelection.Selection sparse, TileClasses tiles, double[][] ch, double[][] ti,
                        double[] rowSquares) {
            this(w, k, n, meanSquare, sparse, tiles, ch, ti, rowSquares, HaloQuantizer.energy(meanSquare, rowSquares));
        }
    }

    /** sum_k E[x_k^2] sum_n w_kn^2, from the rows' sums of squares. */
    static double energy(double[] ms, double[] rowSquares) {
        double energy = 0;
        for (int r = 0; r < ms.length; r++) energy += ms[r] * rowSquares[r];
        return energy;
    }

    /**
     * Every row's sum of squares ({@link #rowSquares} per row): computed once per
     * matrix and shared (each of five users summed the sampled rows again: 3% of the profile).
     */
    public static double[] rowSquareSums(float[] w, int k, int n) {
        double[] s = new double[k];
        for (int r = 0; r < k; r++) s[r] = rowSquares(w, r * n, n);
        return s;
    }

    /**
     * The sum of squares of {@code n} weights from {@code base}, in four interleaved partial sums
     * added in a fixed order (one chain of dependent additions ran at a quarter of the speed; the
     * order is fixed, so the result is the same for any thread count).
     */
    public static double rowSquares(float[] w, int base, int n) {
        double a0 = 0, a1 = 0, a2 = 0, a3 = 0;
        int c = 0;
        for (; c + 3 < n; c += 4) {
            double x0 = w[base + c], x1 = w[base + c + 1], x2 = w[base + c + 2], x3 = w[base + c + 3];
            a0 += x0 * x0;
            a1 += x1 * x1;
            a2 += x2 * x2;
            a3 += x3 * x3;
        }
        for (; c < n; c++) {
            double x = w[base + c];
            a0 += x * x;
        }
        return (a0 + a1) + (a2 + a3);
    }

    /**
     * {min[], max[]} of the dense weights of every scale group: per channel within each tile row
     * ({@code channel}) or per tile. Empty groups keep +inf / -inf.
     */
    static double[][] ranges(float[] w, int n, boolean[] mask, TileClasses ft, boolean channel) {
        int groups = channel ? ft.tileRows() * n : ft.tiles();
        double[] lo = new double[groups], hi = new double[groups];
        java.util.Arrays.fill(lo, Double.POSITIVE_INFINITY);
        java.util.Arrays.fill(hi, Double.NEGATIVE_INFINITY);
        for (int t = 0; t < ft.tiles(); t++) {
            int r0 = ft.rowStart(t), r1 = ft.rowEnd(t), c0 = ft.colStart(t), c1 = ft.colEnd(t);
            int gb = channel ? (t / ft.tileCols()) * n : t, gs = channel ? 1 : 0;
            for (int r = r0; r < r1; r++) {
                for (int c = c0; c < c1; c++) {
                    int i = r * n + c;
                    if (mask[i]) continue;
                    double v = w[i];
                    int g = gb + gs * c;
                    if (v < lo[g]) lo[g] = v;
                    if (v > hi[g]) hi[g] = v;
                }
            }
        }
        return new double[][] {lo, hi};
    }

    public static Prepared prepare(float[] w, int k, int n, double[] meanSquare, float[] sensitivity, int tile, double sparseFraction, double sigmas) {
        return prepare(w, k, n, meanSquare, sensitivity, tile, sparseFraction, sigmas, null);
    }

    private static Prepared prepare(float[] w, int k, int n, double[] meanSquare, float[] sensitivity, int tile, double sparseFraction, double sigmas,
                                    double[] rowWeight) {
        if (w.length != (long) k * n) throw new IllegalArgumentException("weights " + w.length + " != " + k + " x " + n);
        if (meanSquare.length != k) throw new IllegalArgumentException("E[x^2] has " + meanSquare.length + " channels, expected " + k);
        SparseSelection.Selection sel = SparseSelection.select(w, k, n, meanSquare, sensitivity, sparseFraction, sigmas);
        TileClasses tc = TileClasses.rank(w, k, n, tile, meanSquare, sensitivity, sel.mask(), null, rowWeight);
        return new Prepared(w, k, n, meanSquare, sel, tc);
    }

    /**
     * The preparation of a matrix holding only some rows of a layer prepared in full: {@code rows}
     * ascending, tile row i of the full layer contributing rows [bounds[i], bounds[i+1]) of the
     * sample. The same sparse weights, tile classes and scale-group ranges as the full layer.
     */
    public static Prepared restrict(Prepared full, int[] rows, int[] bounds, float[] w, double[] meanSquare) {
        int n = full.n(), m = rows.length;
        boolean[] fm = full.sparse().mask();
        boolean[] mask = new boolean[m * n];
        int count = 0;
        for (int j = 0; j < m; j++) {
            System.arraycopy(fm, rows[j] * n, mask, j * n, n);
            for (int c = 0; c < n; c++) if (mask[j * n + c]) count++;
        }
        int outliers = (int) Math.round((double) full.sparse().outliers() * count / Math.max(1, full.sparse().count()));
        TileClasses ft = full.tiles();
        double[][] ch = full.channelRange(), ti = full.tileRange();
        return new Prepared(w, m, n, meanSquare, new SparseSelection.Selection(mask, count, outliers), ft.restrict(m, bounds), ch, ti);
    }

    /** As {@link #prepare}, for sampled rows ranked on their own: tile rows per {@code bounds}, row weights for the share. */
    public static Prepared prepareSample(float[] w, int m, int n, double[] meanSquare, float[] sensitivity, int tile, double sparseFraction,
                                        double sigmas, int[] bounds, double[] rowWeight) {
        SparseSelection.Selection sel = SparseSelection.select(w, m, n, meanSquare, sensitivity, sparseFraction, sigmas);
        return new Prepared(w, m, n, meanSquare, sel, TileClasses.rank(w, m, n, tile, meanSquare, sensitivity, sel.mask(), bounds, rowWeight));
    }

    /**
     * One class's outcome. {@code histogram}: how many dense MAC slots hold each INT8 value (index
     * value + 128), sparse slots included.
     */
    public record ClassResult(int tiles, long slots, int[] codebook, long[] histogram, double error, double alpha, int bits) {
    }

    /**
     * {@code error} = sum_k E[x_k^2] sum_n (w - q)^2 (dense and sparse), {@code energy} =
     * sum_k E[x_k^2] sum_n w^2; their ratio is the layer's proxy. {@code tileUsed[t]}: 256-bit set
     * of the values tile t holds.
     */
    public record Result(ClassResult[] classes, double error, double energy, long[] histogram, int sparseCount, int sparseOutliers,
                         double sparseError, long denseBytes, long metaBytes, long sparseBytes, long zeroPointOpsPerToken,
                         byte[] tileClass, long[][] tileUsed) {
        public double relativeError() { return energy == 0 ? 0 : error / energy; }
        public long bytes() { return denseBytes + metaBytes + sparseBytes; }
    }

    /**
     * Whether a class uses the asymmetric zero point: when the option asks for it, and always when
     * the class's allowed values are one-signed or lopsided (the shorter side reaches less than 3/4
     * of the longer: e.g. 0..30 or -5..60), since a symmetric scale would then leave part of the
     * codes unused or clip the weights of one sign. The fast values of two's complement multipliers
     * are typically small positive ones.
     */
    public static boolean usesZeroPoint(Config cfg, AllowedValues a) {
        if (cfg.zeroPoint()) return true;
        if (a.size() < 2) return false;
        double neg = Math.max(0, -a.min()), pos = Math.max(0, a.max());
        return Math.min(neg, pos) < 0.75 * Math.max(neg, pos);
    }

    public static Result quantize(float[] w, int k, int n, double[] meanSquare, float[] sensitivity, Config cfg, float[] deq) {
        return quantize(prepare(w, k, n, meanSquare, sensitivity, cfg.tileSize(), cfg.sparseFraction(), cfg.outlierSigmas()), cfg, deq);
    }

    /** {@link HalfStepHistogram#bin} of each value in [from, to), in a loop of its own (branch-free: SIMD). */
    private static void halfStepBins(double[] z, int from, int to, int[] bin) {
        for (int j = from; j < to; j++) bin[j] = HalfStepHistogram.bin(z[j]);
    }

    /**
     * The dense slot's code of the {@code len} sparse weights of a class from {@code at} (bins and
     * codes indexed from 0, tiles from {@code at}): the codebook code nearest its group's zero, by
     * half-step bin, counted into the class's histogram and its tile's value set.
     */
    private static void denseCodes(int[] near, int[] bin, int[] tile, int at, int len, long[] hist, long[][] used, double[] code) {
        for (int x = 0; x < len; x++) {
            int c = near[bin[x]];
            hist[c + 128]++;
            used[tile[at + x]][(c + 128) >> 6] |= 1L << ((c + 128) & 63);
            code[x] = c;
        }
    }

    /** What the dense slots hold (its code's value, scale (code - z)) into {@code d0} from {@code at}. */
    private static void denseSlots(double[] scale, double[] code, double[] z, double[] d0, int at, int len) {
        for (int x = 0; x < len; x++) d0[at + x] = scale[x] * (code[x] - z[x]);
    }

    /** Each column's max |residual| past the dense slot, over the sparse weights [at, at + len). */
    private static void residualMax(double[] w, double[] d0, int[] col, double[] colMax, int at, int len) {
        // a branch, rarely taken once a column has its first few, where Math.max's NaN- and
        // -0-safe sequence ran for every weight (|resid| is never NaN or -0)
        for (int j = at, end = at + len; j < end; j++) {
            double a = Math.abs(w[j] - d0[j]);
            if (a > colMax[col[j]]) colMax[col[j]] = a;
        }
    }

    /** Sparse weights per chunk of the sparse part: its dozen arrays of doubles stay within a core's cache. */
    static final int SPARSE_CHUNK = 2048;

    private static int nonZero(double[] v) {
        int c = 0;
        for (double x : v) c += x > 0 ? 1 : 0;
        return c;
    }

    /**
     * Each sparse weight's column's INT8 residual scale (max / 127) and the divisor of its code (the
     * scale, or 1 for a column without residual: its zeros give code 0), gathered for [at, at +
     * len) from the per-column {@code colScale}, {@code colDiv}.
     */
    private static void residualScales(double[] colScale, double[] colDiv, int[] col, double[] scale, double[] div, int at, int len) {
        for (int x = 0; x < len; x++) {
            scale[x] = colScale[col[at + x]];
            div[x] = colDiv[col[at + x]];
        }
    }

    /**
     * Adds each row layer's run of the sparse weights' errors to {@code layerSum}: the weights come
     * row by row, so a run of one layer is summed in a local before it is added (added at every
     * weight, each addition waited for the last one's store: 2 against 0.4 ns a weight).
     */
    private static void errorSums(double[] de, int[] layer, int at, int len, double[] layerSum) {
        if (len == 0) return;
        int cur = layer[at];
        double run = 0;
        for (int x = 0; x < len; x++) {
            int l = layer[at + x];
            if (l != cur) {
                layerSum[cur] += run;
                run = 0;
                cur = l;
            }
            run += de[x];
        }
        layerSum[cur] += run;
    }

    /**
     * The sparse weights' INT8 residual for [at, at + len): residual w - d0, code {@link
     * #roundHalfUp}(residual / div) clamped to +-127, the weight's value {@code v} = d0 + code s and
     * its error E[x^2] (w - v)^2 (v, de, div and s indexed from 0).
     */
    private static void residualError(double[] div, double[] s, double[] d0, double[] w, double[] ms, double[] v, double[] de, int at, int len) {
        for (int x = 0; x < len; x++) {
            int j = at + x;
            // |resid / div| <= 127 (div is the column's max |resid| / 127, or 1 for a column of
            // zeros), so the rounding stays in doubles: roundHalfUp's conversion to long kept the
            // loop scalar (5.7 against 1.3 ns a weight)
            double code = Math.max(-127.0, Math.min(127.0, roundHalfUpSmall((w[j] - d0[j]) / div[x])));
            double vj = d0[j] + code * s[x], d = w[j] - vj;
            v[x] = vj;
            de[x] = ms[j] * d * d;
        }
    }

    /**
     * Math.round(x) for a double, without a data-dependent branch (the tests of the floor by
     * truncation and of the fraction mispredicted; a third of the sparse part's time): floor(x) plus
     * floor(2 (x - floor(x))), which is 1 when the fraction is at least 1/2, capped at 1: x - floor(x)
     * is exact below 2^52 except for x in (-1/2, 0), where x + 1 may round up to 1 (x = -4.9e-324).
     * Beyond 2^52, and for NaN and infinities, Math.round itself (a branch never taken).
     */
    static long roundHalfUp(double x) {
        if (!(Math.abs(x) < 0x1p52)) return Math.round(x);
        return (long) roundHalfUpSmall(x);
    }

    /** {@link #roundHalfUp} as a double, for |x| below 2^52 (no branch, no conversion: SIMD in a loop). */
    static double roundHalfUpSmall(double x) {
        double f = Math.floor(x);
        return f + Math.min(1.0, Math.floor(2 * (x - f)));
    }

    public static int bits(int size) {
        return size <= 1 ? 1 : 32 - Integer.numberOfLeadingZeros(size - 1);
    }

    /** Quantizes; writes the dequantized weights to {@code deq} when it is not null. */
    public static Result quantize(Prepared p, Config cfg, float[] deq) {
        return new Batch(p, List.of(cfg), null).run(0, deq).result();
    }

    /**
     * Rows grouped for a delete-a-group jackknife of a sampled matrix: {@code group[r]} in
     * 0..count-1, or -1 for a row that is in every replicate (taken with certainty).
     */
    public record RowGroups(int[] group, int count) {
        public RowGroups {
            if (count < 2) throw new IllegalArgumentException("jackknife needs at least 2 groups, got " + count);
            for (int g : group) if (g < -1 || g >= count) throw new IllegalArgumentException("row group " + g + " outside -1.." + (count - 1));
        }
    }

    /**
     * One option's outcome in {@link #quantizeAll}; {@code replicates}: the relative error of each
     * delete-a-group replicate (rows of group r left out, the other groups' rows weighted up so
     * their E[x^2] sums to all groups'), each class taking the better of the search's best and
     * runner-up scale choices with its own optimal codebook; null without row groups.
     */
    public record Estimate(Result result, double[] replicates) {
    }

    /**
     * Every configuration on the same prepared layer. Each result equals {@code quantize(p, cfg,
     * null)}; the work is shared: the tiles are cut into segments at every configuration's fast/slow
     * boundary (the ranking is common), and the half-step histogram of a segment at a given scale
     * choice (allowed range, zero-point target, clipping factor, search step) is built once and
     * summed into every class that holds the segment. A class's error, value histogram and the values
     * each tile holds then come from histograms (exact: see {@link HalfStepHistogram}), so no option
     * needs a pass of its own over the weights unless it refines its scales per group.
     */
    public static List<Estimate> quantizeAll(Prepared p, List<Config> cfgs, RowGroups groups) {
        Batch b = new Batch(p, cfgs, groups);
        List<Estimate> out = new ArrayList<>();
        for (int i = 0; i < cfgs.size(); i++) out.add(b.run(i, null));
        return out;
    }

    /**
     * The scale and zero point of a group whose dense weights span [lo, hi], for clipping factor
     * {@code alpha} on allowed values {@code a}: writes {s, 1/s} to {@code si} and returns the offset z.
     */
    static double groupScale(double lo, double hi, double alpha, AllowedValues a, boolean useZp, double zTarget, double[] si) {
        if (lo > hi) { // no dense weight in the group
            si[0] = 1;
            si[1] = 1;
            return 0;
        }
        double s;
        double z = 0;
        if (useZp && a.max() > a.min()) {
            if (hi - lo <= 1e-30) {
                lo = Math.min(lo, 0);
                hi = Math.max(hi, 0);
            }
            if (hi - lo <= 1e-30) {
                s = 1e-20;
                z = zTarget;
            } else {
                // the group's midpoint goes to zTarget; the scale fits the wider side into the
                // allowed values on its side of zTarget (for the midrange target: the whole range)
                // (reciprocals of the sides, and z from 1/s: one division per group, not four)
                double c = (hi + lo) / 2, up = a.max() - zTarget, down = zTarget - a.min();
                double iu = up > 0 ? 1 / up : 0, id = down > 0 ? 1 / down : 0;
                double need = Math.max((hi - c) * iu, (c - lo) * id);
                s = alpha * (need > 0 ? need : (hi - lo) / (a.max() - a.min()));
                z = zTarget - c * (1.0 / s);
            }
        } else {
            double amax = Math.max(Math.abs(lo), Math.abs(hi));
            int cmax = a.maxAbs();
            s = amax <= 1e-30 || cmax == 0 ? 1e-20 : alpha * amax / cmax;
            if (cmax == 0 || a.size() == 1) z = useZp ? a.min() : 0;
        }
        si[0] = s;
        si[1] = 1.0 / s;
        return z;
    }

    /**
     * {@link #groupScale} for the {@code len} groups from {@code g0} on, all at one clipping factor:
     * their scales, inverse scales and zero points to [0, len). The same arithmetic, in
     * loops without branches on the data (the compiler turns them into SIMD code); the groups of
     * {@link #needsScalarScale} go through {@link #groupScale} itself. A fifth of
     * the profile's time went to the scales of the search's tiles before (one scale per column of a
     * sampled tile's ~24 rows).
     */
    static void groupScales(double[] lo, double[] hi, int g0, int len, double alpha, AllowedValues a, boolean useZp, double zTarget,
                            double[] scale, double[] inv, double[] zp, double[] si) {
        if (useZp && a.max() > a.min()) {
            double up = a.max() - zTarget, down = zTarget - a.min();
            double iu = up > 0 ? 1 / up : 0, id = down > 0 ? 1 / down : 0;
            // with a range above 1e-30 the need is positive (up and down are not both <= 0), so
            // the loop keeps no branch
            for (int j = 0; j < len; j++) {
                double l = lo[g0 + j], h = hi[g0 + j], c = (h + l) / 2;
                double s = alpha * Math.max((h - c) * iu, (c - l) * id), is = 1.0 / s;
                zp[j] = zTarget - c * is;
                scale[j] = s;
                inv[j] = is;
            }
        } else if (a.maxAbs() != 0 && a.size() != 1) {
            int cmax = a.maxAbs();
            for (int j = 0; j < len; j++) {
                double s = alpha * Math.max(Math.abs(lo[g0 + j]), Math.abs(hi[g0 + j])) / cmax;
                zp[j] = 0;
                scale[j] = s;
                inv[j] = 1.0 / s;
            }
        }
        // the allowed set's part of the test once, not per group (its calls per group were 2% of the profile)
        boolean zpAxis = useZp && a.max() > a.min(), noAxis = a.maxAbs() == 0 || a.size() == 1;
        for (int j = 0; j < len; j++) {
            double l = lo[g0 + j], h = hi[g0 + j];
            if (!needsScalarScale(l, h, inv[j], zpAxis, noAxis)) continue;
            zp[j] = groupScale(l, h, alpha, a, useZp, zTarget, si);
            scale[j] = si[0];
            inv[j] = si[1];
        }
    }

    /**
     * The groups {@link #groupScales} leaves to {@link #groupScale}: no dense weight, a range of at
     * most 1e-30, a one-value or all-zero set, or (zero point) a scale of 0 from a range of two
     * neighbouring doubles whose midpoint rounds to the side that has no room. {@code zpAxis}: a
     * zero point on a set of several values; {@code noAxis}: an all-zero or one-value set.
     */
    private static boolean needsScalarScale(double lo, double hi, double inv, boolean zpAxis, boolean noAxis) {
        if (zpAxis) return !(hi - lo > 1e-30) || !(inv < Double.POSITIVE_INFINITY);
        return noAxis || lo > hi || !(Math.max(Math.abs(lo), Math.abs(hi)) > 1e-30);
    }

    /**
     * What fixes the scales of every group: of the allowed values only what {@link #groupScale} reads
     * (min, max, max|v|, whether there is one value), the zero point, its target and the clipping
     * factor. Options whose allowed sets share these share their histograms.
     */
    private record ScaleKey(boolean channel, int min, int max, int maxAbs, boolean single, boolean zp, double target, double alpha) {
        static ScaleKey of(boolean channel, AllowedValues a, boolean zp, double target, double alpha) {
            return new ScaleKey(channel, a.min(), a.max(), a.maxAbs(), a.size() == 1, zp, target, alpha);
        }
    }

    private record HistKey(ScaleKey scale, int step, int segment) {
    }

    /**
     * Half-step histogram sums of one segment's dense weights at one scale choice, per row layer
     * (the jackknife's row groups, then the rows in every replicate), interleaved per bin (h, h x,
     * h x^2, count: one cache line per update) and kept twice, for even and odd columns (consecutive
     * weights mostly fall in the same bin; two copies halve the chains of dependent additions). At
     * step 1 also, per tile of the segment, the set of occupied bins (8 words each).
     */
    private static final class Hist {
        final int layers, copies;
        final double[] s;
        final long[] occupied;
        /**
         * From buckets: {@code s} holds all row layers merged (layers = 1) and the per-layer
         * histograms (for the jackknife) are made on demand from {@code from} at (k, t).
         */
        NormalizedBuckets from;
        double k, t;

        /** {@code copies}: 2 for a pass over the weights (even and odd columns), 1 from buckets. */
        Hist(int layers, boolean exact, int tiles, int copies) {
            this.layers = layers;
            this.copies = copies;
            s = new double[copies * layers * HalfStepHistogram.BINS * 4];
            occupied = exact ? new long[tiles * 8] : null;
        }
    }

    /** A class's histogram: the sum over its segments (and row layers {@code layers}, weighted). */
    private static final class ClassHist {
        final HalfStepHistogram h = new HalfStepHistogram();
        long[] count;
    }

    private static final class Batch {
        final Prepared p;
        final List<Config> cfgs;
        final float[] w;
        final double[] ms;
        final boolean[] sparse;
        final TileClasses tc;
        final int k, n;
        /** Row layers: 0..R-1 the jackknife groups, R the rows in every replicate; R = 0 without groups. */
        final int reps, layers;
        final int[] rowLayer;
        final double[] layerEnergy, layerMs;
        /** Per replicate, the weight of the rows of the groups it keeps. */
        final double[] up;
        /** Segment boundaries on the ranking (ascending tile positions) and each segment's tiles (ascending index). */
        final int[] cuts;
        final int[][] segTiles;
        final long[] segEntries;
        final int[] sparseIdx, sparseTile, sparseCol, sparseLayer;
        final double[] sparseMs, sparseW;
        /**
         * Per sparse weight, its scale group's dense range, [channel scales, tile scales][lo, hi]:
         * gathered once (the options read them in order; gathered per option from the layer-wide
         * range arrays, with the weights themselves, they were a third of the sparse part's time).
         */
        final double[][][] sparseRange;
        final Map<HistKey, Hist> cache = new HashMap<>();
        final double[] si = new double[2];
        /**
         * Sampled (row groups given): histograms from {@link NormalizedBuckets}, one bucketing per
         * segment and normalization kind, at every scale choice on all rows (no subsampled search).
         */
        final boolean bucketed;
        /** Per normalization kind (zero point or not, channel or tile scales): every segment's buckets (null: not needed). */
        final Map<String, NormalizedBuckets[]> buckets = new HashMap<>();

        Batch(Prepared p, List<Config> cfgs, RowGroups groups) {
            this.p = p;
            this.cfgs = cfgs;
            this.w = p.w();
            this.ms = p.meanSquare();
            this.sparse = p.sparse().mask();
            this.tc = p.tiles();
            this.k = p.k();
            this.n = p.n();
            for (Config c : cfgs) {
                if (tc.tile() != c.tileSize()) throw new IllegalArgumentException("prepared for tile " + tc.tile() + ", config says " + c.tileSize());
            }
            reps = groups == null ? 0 : groups.count();
            bucketed = groups != null && !EXACT_SAMPLED;
            layers = reps + 1;
            rowLayer = new int[k];
            if (groups != null) {
                if (groups.group().length != k) throw new IllegalArgumentException("row groups for " + groups.group().length + " rows, expected " + k);
                for (int r = 0; r < k; r++) rowLayer[r] = groups.group()[r] < 0 ? reps : groups.group()[r];
            }
            layerEnergy = new double[layers];
            layerMs = new double[layers];
            for (int r = 0; r < k; r++) {
                layerEnergy[rowLayer[r]] += ms[r] * p.rowSquares()[r];
                layerMs[rowLayer[r]] += ms[r];
            }
            // replicate r weights the other groups' rows up so that their E[x^2] sums to all groups'
            // (the sample's ratio calibration redone on the replicate's rows; a plain R/(R-1) would
            // let the E[x^2] drawn into the left-out group, not the weights, drive the spread)
            up = new double[reps];
            double drawnMs = 0;
            for (int l = 0; l < reps; l++) drawnMs += layerMs[l];
            for (int r = 0; r < reps; r++) up[r] = drawnMs - layerMs[r] > 0 ? drawnMs / (drawnMs - layerMs[r]) : (double) reps / (reps - 1);
            java.util.TreeSet<Integer> cut = new java.util.TreeSet<>(List.of(0, tc.tiles()));
            for (Config c : cfgs) cut.add(tc.fastTiles(c.fastShare()));
            cuts = cut.stream().mapToInt(Integer::intValue).toArray();
            segTiles = new int[cuts.length - 1][];
            segEntries = new long[cuts.length - 1];
            int[] asc = tc.ascending();
            for (int s = 0; s < segTiles.length; s++) {
                segTiles[s] = Arrays.copyOfRange(asc, cuts[s], cuts[s + 1]);
                Arrays.sort(segTiles[s]);
                for (int t : segTiles[s]) segEntries[s] += (long) (tc.rowEnd(t) - tc.rowStart(t)) * (tc.colEnd(t) - tc.colStart(t));
            }
            int cnt = p.sparse().count();
            // the sparse weights' indices, compacted
            // (room for one more row than the count: the count is checked once a row, not per weight)
            int[] idx = new int[cnt + n + 1];
            int found = 0;
            for (int r = 0; r < k && found <= cnt; r++) found = compact(sparse, r * n, n, idx, found);
            if (found != cnt) throw new IllegalStateException("sparse selection counts " + cnt + " weights, its mask " + (found > cnt ? "more" : found));
            sparseIdx = Arrays.copyOf(idx, cnt);
            sparseTile = new int[cnt];
            sparseCol = new int[cnt];
            sparseMs = new double[cnt];
            sparseLayer = new int[cnt];
            sparseW = new double[cnt];
            sparseRange = new double[2][2][cnt];
            double[][] chRange = range(true), tiRange = range(false);
            int[] rb = tc.rowBounds();
            // the indices ascend: the row and its tile row advance with them (a division and a
            // binary search per sparse weight before)
            for (int j = 0, r = 0, ti = 0, rowEnd = n; j < cnt; j++) {
                int i = sparseIdx[j];
                while (i >= rowEnd) {
                    r++;
                    rowEnd += n;
                }
                while (ti + 1 < tc.tileRows() && rb[ti + 1] <= r) ti++;
                int c = i - (rowEnd - n);
                sparseCol[j] = c;
                sparseMs[j] = ms[r];
                int t = ti * tc.tileCols() + c / tc.tile();
                sparseTile[j] = t;
                sparseLayer[j] = rowLayer[r];
                sparseW[j] = w[i];
                int gc = gid(true, t, c), gt = gid(false, t, c);
                sparseRange[0][0][j] = chRange[0][gc];
                sparseRange[0][1][j] = chRange[1][gc];
                sparseRange[1][0][j] = tiRange[0][gt];
                sparseRange[1][1][j] = tiRange[1][gt];
            }
        }

        /** Appends the indices of the sparse weights of row [base, base + n) to {@code idx} from {@code found}; returns the new count. */
        private static int compact(boolean[] sparse, int base, int n, int[] idx, int found) {
            // without a branch per weight (a branch taken for 1 to 2% of the weights at random
            // cost more than the store done for all)
            for (int i = base, end = base + n; i < end; i++) {
                idx[found] = i;
                found += sparse[i] ? 1 : 0;
            }
            return found;
        }

        /**
         * The sparse weights ordered by their tile's class (fast first, each class in index order)
         * for one split of the ranking, with what the sparse part reads of each gathered alongside.
         */
        static final class SparseOrder {
            final int fast;
            final int[] idx, tile, col, layer;
            final double[] w, ms;
            /** [channel scales, tile scales][lo, hi] of each weight's scale group. */
            final double[][][] range;

            SparseOrder(Batch b, byte[] cls) {
                int f = 0;
                for (int t : b.sparseTile) f += cls[t] == 0 ? 1 : 0;
                fast = f;
                int[] perm = classOrder(b.sparseTile, cls, f);
                idx = gather(perm, b.sparseIdx);
                tile = gather(perm, b.sparseTile);
                col = gather(perm, b.sparseCol);
                layer = gather(perm, b.sparseLayer);
                w = gather(perm, b.sparseW);
                ms = gather(perm, b.sparseMs);
                range = new double[2][2][];
                for (int s = 0; s < 2; s++) for (int e = 0; e < 2; e++) range[s][e] = gather(perm, b.sparseRange[s][e]);
            }

            /** The sparse weights' positions, the {@code fast} ones of fast tiles first, each class in index order. */
            private static int[] classOrder(int[] sparseTile, byte[] cls, int f) {
                int cnt = sparseTile.length;
                int[] perm = new int[cnt];
                for (int j = 0, x0 = 0, x1 = f; j < cnt; j++) perm[cls[sparseTile[j]] == 0 ? x0++ : x1++] = j;
                return perm;
            }

            private static int[] gather(int[] perm, int[] src) {
                int[] out = new int[perm.length];
                for (int x = 0; x < perm.length; x++) out[x] = src[perm[x]];
                return out;
            }

            private static double[] gather(int[] perm, double[] src) {
                double[] out = new double[perm.length];
                for (int x = 0; x < perm.length; x++) out[x] = src[perm[x]];
                return out;
            }
        }

        final Map<Integer, SparseOrder> sparseOrders = new HashMap<>();

        /** The sparse weights in class order for the split at {@code fastTiles} (whose classes are {@code cls}). */
        SparseOrder sparseOrder(int fastTiles, byte[] cls) {
            return sparseOrders.computeIfAbsent(fastTiles, x -> new SparseOrder(this, cls));
        }

        /** The segments of a class: fast = those below the option's fast count on the ranking. */
        int[] segments(int fastTiles, int cl) {
            List<Integer> out = new ArrayList<>();
            for (int s = 0; s < segTiles.length; s++) if ((cuts[s + 1] <= fastTiles) == (cl == 0) && segTiles[s].length > 0) out.add(s);
            return out.stream().mapToInt(Integer::intValue).toArray();
        }

        double[][] range(boolean channel) {
            return channel ? p.channelRange() : p.tileRange();
        }

        int gid(boolean channel, int tile, int c) {
            return channel ? (tile / tc.tileCols()) * n + c : tile;
        }

        /** The histogram of a segment at a scale choice, built on first use. */
        Hist hist(ScaleKey key, AllowedValues a, int step, int seg) {
            HistKey hk = new HistKey(key, step, seg);
            Hist h = cache.get(hk);
            if (h == null) {
                h = bucketed && regular(key) ? fromBuckets(key, seg) : fill(key, a, step, seg, null);
                cache.put(hk, h);
            }
            return h;
        }

        /**
         * Whether every group's map to the code axis is x = K y + T of its normalized weight: a
         * zero point on a set of several values, or a symmetric scale on a set with a nonzero
         * value and more than one value (else {@link #groupScale}'s special cases apply).
         */
        static boolean regular(ScaleKey key) {
            return key.zp() ? key.max() > key.min() : key.maxAbs() != 0 && !key.single();
        }

        /** The segments whose classes use this normalization kind in some configuration of the batch, and {@code seg}. */
        boolean[] neededSegments(boolean zp, boolean channel, int seg) {
            boolean[] need = new boolean[segTiles.length];
            need[seg] = true;
            for (Config cfg : cfgs) {
                if ((cfg.scale() == Scale.CHANNEL) != channel) continue;
                int fast = tc.fastTiles(cfg.fastShare());
                for (int cl = 0; cl < 2; cl++) {
                    if (usesZeroPoint(cfg, (cl == 0 ? cfg.fast() : cfg.slow()).allowed()) != zp) continue;
                    for (int s : segments(fast, cl)) need[s] = true;
                }
            }
            return need;
        }

        /** A segment's histogram (all rows, every row layer) at a regular scale choice, from the segment's buckets. */
        Hist fromBuckets(ScaleKey key, int seg) {
            boolean channel = key.channel(), zp = key.zp();
            // every segment some class of the batch takes with this kind, bucketed in one pass
            NormalizedBuckets[] all = buckets.computeIfAbsent((zp ? "zp" : "sym") + (channel ? "/channel" : "/tile"),
                x -> NormalizedBuckets.buildSegments(w, n, sparse, ms, rowLayer, layers, tc, segTiles, neededSegments(zp, channel, seg), range(channel)[0],
                    range(channel)[1], channel, zp));
            if (all[seg] == null) { // not foreseen by neededSegments: on its own
                all[seg] = NormalizedBuckets.build(w, n, sparse, ms, rowLayer, layers, tc, segTiles[seg], range(channel)[0], range(channel)[1], channel, zp);
            }
            NormalizedBuckets nb = all[seg];
            double k, t;
            if (zp) {
                // groupScale: s = alpha r max(1/up, 1/down) over the sides with room, z = T - mid / s
                double up = key.max() - key.target(), down = key.target() - key.min();
                k = 1 / (key.alpha() * Math.max(up > 0 ? 1 / up : 0, down > 0 ? 1 / down : 0));
                t = key.target();
            } else { // s = alpha max|w| / max|allowed|
                k = key.maxAbs() / key.alpha();
                t = 0;
            }
            Hist h = new Hist(1, true, segTiles[seg].length, 1);
            nb.histogram(k, t, h.s, h.occupied);
            h.from = nb;
            h.k = k;
            h.t = t;
            return h;
        }

        /**
         * Fills a segment's histogram; scales from {@code key}, or per group from {@code groupAlpha}
         * (refined scales, target {@code key.target()}) when not null.
         */
        Hist fill(ScaleKey key, AllowedValues a, int step, int seg, double[] groupAlpha) {
            boolean exact = step == 1;
            int[] tiles = segTiles[seg];
            int lay = exact ? layers : 1;
            Hist h = new Hist(lay, exact, tiles.length, 2);
            final double[] hs = h.s;
            final long[] occ = h.occupied;
            final float[] w = this.w;
            final boolean[] sp = sparse;
            boolean channel = key.channel();
            double[][] rg = range(channel);
            int cols = Math.min(tc.tile(), n);
            double[] sq = new double[cols], inv = new double[cols];
            double[] zp = new double[cols];
            final int B = HalfStepHistogram.BINS, odd = lay * B * 4;
            byte[] hit = exact ? new byte[B] : null;
            for (int ti = 0; ti < tiles.length; ti++) {
                int tile = tiles[ti];
                int r0 = tc.rowStart(tile), r1 = tc.rowEnd(tile), c0 = tc.colStart(tile), c1 = tc.colEnd(tile);
                int first = r0 + (step > 1 ? (tile * 7) % step : 0);
                // a subsampled search may take no row of a short tile (a sampled layer's tile row
                // has ~24 rows, the step is up to 32): then it needs none of the tile's scales
                if (first >= r1) continue;
                if (channel && groupAlpha == null) {
                    groupScales(rg[0], rg[1], gid(true, tile, c0), c1 - c0, key.alpha(), a, key.zp(), key.target(), sq, inv, zp, si);
                    for (int j = 0; j < c1 - c0; j++) sq[j] *= sq[j];
                } else for (int c = c0; c < c1; c++) {
                    int g = gid(channel, tile, c);
                    if (!channel && c > c0) {
                        sq[c - c0] = sq[0];
                        inv[c - c0] = inv[0];
                        zp[c - c0] = zp[0];
                        continue;
                    }
                    zp[c - c0] = groupScale(rg[0][g], rg[1][g], groupAlpha != null ? groupAlpha[g] : key.alpha(), a, key.zp(), key.target(), si);
                    sq[c - c0] = si[0] * si[0];
                    inv[c - c0] = si[1];
                }
                int lo = B, hi = -1;
                for (int r = first; r < r1; r += step) {
                    int base = r * n;
                    double e = ms[r];
                    int off = exact ? rowLayer[r] * B * 4 : 0;
                    for (int c = c0; c < c1; c++) {
                        int i = base + c;
                        if (sp[i]) continue;
                        int j = c - c0;
                        double x = w[i] * inv[j] + zp[j];
                        double hh = e * sq[j];
                        double f = (x + 128.0) * 2.0;
                        int bin = f <= 0 ? 0 : f >= B ? B - 1 : (int) f;
                        double hx = hh * x;
                        int at = off + (j & 1) * odd + bin * 4;
                        hs[at] += hh;
                        hs[at + 1] += hx;
                        hs[at + 2] += hx * x;
                        hs[at + 3] += 1;
                        if (exact) {
                            hit[bin] = 1;
                            lo = Math.min(lo, bin);
                            hi = Math.max(hi, bin);
                        }
                    }
                }
                if (exact) {
                    int ob = ti * 8;
                    for (int bin = lo; bin <= hi; bin++) {
                        if (hit[bin] == 0) continue;
                        hit[bin] = 0;
                        occ[ob + (bin >> 6)] |= 1L << bin;
                    }
                }
            }
            return h;
        }

        /** The sum of the segments' histograms over every copy and row layer, with the counts. */
        ClassHist sum(List<Hist> hs) {
            ClassHist ch = new ClassHist();
            final int B = HalfStepHistogram.BINS;
            double[] d0 = ch.h.s0, d1 = ch.h.s1, d2 = ch.h.s2;
            ch.count = new long[B];
            for (Hist h : hs) {
                for (int part = 0; part < h.copies * h.layers; part++) {
                    int off = part * B * 4;
                    for (int b = 0; b < B; b++) {
                        int at = off + 4 * b;
                        d0[b] += h.s[at];
                        d1[b] += h.s[at + 1];
                        d2[b] += h.s[at + 2];
                        ch.count[b] += (long) h.s[at + 3];
                    }
                }
            }
            return ch;
        }

        /**
         * The segments' histograms (every copy) summed per row layer, [layer][3 bin + component],
         * and at index {@code layers} the sum of the jackknife groups' layers (all but the last).
         */
        double[][] layerSums(List<Hist> hs) {
            final int B = HalfStepHistogram.BINS;
            double[][] ls = new double[layers + 1][3 * B];
            for (Hist h : hs) {
                double[] src = h.s;
                int copies = h.copies;
                if (h.from != null) {
                    src = new double[layers * B * 4];
                    h.from.layerHistograms(h.k, h.t, src);
                    copies = 1;
                } else if (h.layers != layers) {
                    throw new IllegalStateException("histogram of " + h.layers + " row layers, expected " + layers);
                }
                for (int copy = 0; copy < copies; copy++) {
                    for (int l = 0; l < layers; l++) {
                        double[] d = ls[l];
                        int off = (copy * layers + l) * B * 4;
                        for (int b = 0; b < B; b++) {
                            d[3 * b] += src[off + 4 * b];
                            d[3 * b + 1] += src[off + 4 * b + 1];
                            d[3 * b + 2] += src[off + 4 * b + 2];
                        }
                    }
                }
            }
            for (int l = 0; l < reps; l++) for (int i = 0; i < 3 * B; i++) ls[layers][i] += ls[l][i];
            return ls;
        }

        /**
         * Replicate r of {@link #layerSums}: the rows in every replicate plus the other groups'
         * weighted up by {@code up[r]}, from the drawn groups' total minus group r (one pass over
         * the bins per replicate instead of one per layer).
         */
        ClassHist replicate(double[][] ls, int r) {
            ClassHist ch = new ClassHist();
            double[] d0 = ch.h.s0, d1 = ch.h.s1, d2 = ch.h.s2, all = ls[reps], drawn = ls[layers], out = ls[r];
            double f = up[r];
            for (int b = 0; b < HalfStepHistogram.BINS; b++) {
                d0[b] = all[3 * b] + f * (drawn[3 * b] - out[3 * b]);
                d1[b] = all[3 * b + 1] + f * (drawn[3 * b + 1] - out[3 * b + 1]);
                d2[b] = all[3 * b + 2] + f * (drawn[3 * b + 2] - out[3 * b + 2]);
            }
            return ch;
        }

        /**
         * Zero-point targets tried for a class: the midrange of the allowed values (the whole
         * range used evenly), and their median and mean (the group's midpoint where the allowed
         * values are dense, e.g. among the small fast values of a two's complement multiplier).
         */
        static double[] zeroPointTargets(AllowedValues a, boolean useZp) {
            double mid = (a.min() + a.max()) / 2.0;
            if (!useZp) return new double[] {mid};
            int[] v = a.values();
            double med = v[v.length / 2], mean = 0;
            for (int x : v) mean += x;
            mean = Math.rint(mean / v.length);
            return java.util.stream.DoubleStream.of(mid, med, mean).distinct().toArray();
        }

        /** A class's outcome, with what the sparse slots, the replicates and deq need. */
        private record ClassOut(ClassResult result, int[] near, ScaleKey key, double[] groupAlpha, double[] replicateError, long[] tileValues) {
            /** The same outcome with a histogram of its own (the sparse slots are counted into it per option). */
            ClassOut copy() {
                ClassResult r = result;
                return new ClassOut(new ClassResult(r.tiles(), r.slots(), r.codebook(), r.histogram().clone(), r.error(), r.alpha(), r.bits()), near, key,
                    groupAlpha, replicateError, tileValues);
            }
        }

        /**
         * What a class's outcome depends on besides the prepared layer: options that share it (the
         * slow class of options that differ only in their fast set) share one quantization.
         */
        private record ClassKey(boolean channel, List<Integer> segments, AllowedValues allowed, int size, boolean zeroPoint, List<Double> alphas,
                                boolean refine) {
        }

        final Map<ClassKey, ClassOut> classes = new HashMap<>();

        /** {@link #quantizeClass}, once per distinct class; its tiles' values ORed into {@code used}. */
        ClassOut classOutcome(Config cfg, boolean channel, int[] segs, ClassSpec spec, boolean useZp, long[][] used) {
            ClassKey key = new ClassKey(channel, Arrays.stream(segs).boxed().toList(), spec.allowed(), spec.size(), useZp,
                Arrays.stream(cfg.alphas()).boxed().toList(), cfg.refine());
            ClassOut o = classes.get(key);
            if (o == null) classes.put(key, o = quantizeClass(cfg, channel, segs, spec, useZp));
            if (o.tileValues() != null) {
                int i = 0;
                for (int s : segs) for (int t : segTiles[s]) for (int x = 0; x < 4; x++) used[t][x] |= o.tileValues()[i++];
            }
            return o.copy();
        }

        Estimate run(int ci, float[] deq) {
            Config cfg = cfgs.get(ci);
            boolean channel = cfg.scale() == Scale.CHANNEL;
            int groups = channel ? tc.tileRows() * n : tc.tiles();
            int fast = tc.fastTiles(cfg.fastShare());
            byte[] cls = tc.classes(cfg.fastShare());
            long[][] used = new long[tc.tiles()][4];
            ClassOut[] co = new ClassOut[2];
            ClassResult[] out = new ClassResult[2];
            long[] total = new long[256];
            double error = 0;
            long denseBits = 0;
            long meta = 2L * groups;
            long zpGroups = 0;
            for (int cl = 0; cl < 2; cl++) {
                ClassSpec spec = cl == 0 ? cfg.fast() : cfg.slow();
                boolean useZp = usesZeroPoint(cfg, spec.allowed());
                co[cl] = classOutcome(cfg, channel, segments(fast, cl), spec, useZp, used);
                ClassResult r = co[cl].result();
                if (useZp) zpGroups += channel ? classColumns(segments(fast, cl)) : r.tiles();
                out[cl] = r;
                error += r.error();
                denseBits += r.slots() * r.bits();
                meta += r.codebook().length;
            }
            // sparse slots: the dense slot holds the code nearest the group's zero; the residual at
            // INT8, one scale per output column. The sparse weights in the order of their class
            // (fast ones first): each class's scales in one pass over its own weights, the code
            // loop with its class's tables at hand (mixed at random, a select per weight between
            // the two classes' results mispredicted and this part was a sixth of the profile)
            SparseOrder so = sparseOrder(fast, cls);
            int spN = so.idx.length;
            // in chunks of SPARSE_CHUNK weights, so a chunk's arrays stay in the core's cache from
            // one loop to the next (each loop over all of a layer's sparse weights, ten arrays of
            // half a megabyte, went out to the shared cache: a tenth of the sampled profile)
            int chunk = Math.min(spN, SPARSE_CHUNK);
            double[] spD0 = new double[spN], colMax = new double[n];
            double[] sc = new double[chunk], iv = new double[chunk], zz = new double[chunk], code = new double[chunk];
            int[] bin = new int[chunk];
            for (int cl = 0; cl < 2; cl++) {
                int from = cl == 0 ? 0 : so.fast, to = cl == 0 ? so.fast : spN;
                ClassOut o = co[cl];
                if (to == from) continue;
                if (o.key() == null) throw new IllegalStateException("class " + cl + " holds sparse weights but no tile");
                AllowedValues a = (cl == 0 ? cfg.fast() : cfg.slow()).allowed();
                double[][] rg = so.range[channel ? 0 : 1];
                for (int at = from; at < to; at += chunk) {
                    int len = Math.min(chunk, to - at);
                    if (channel && o.groupAlpha() == null) { // one clipping factor: the class's scales in one pass
                        groupScales(rg[0], rg[1], at, len, o.key().alpha(), a, o.key().zp(), o.key().target(), sc, iv, zz, si);
                    } else {
                        for (int x = 0; x < len; x++) {
                            int j = at + x, g = gid(channel, so.tile[j], so.col[j]);
                            zz[x] = groupScale(rg[0][j], rg[1][j], o.groupAlpha() != null ? o.groupAlpha()[g] : o.key().alpha(), a, o.key().zp(),
                                o.key().target(), si);
                            sc[x] = si[0];
                        }
                    }
                    halfStepBins(zz, 0, len, bin);
                    denseCodes(o.near(), bin, so.tile, at, len, out[cl].histogram(), used, code);
                    denseSlots(sc, code, zz, spD0, at, len);
                    residualMax(so.w, spD0, so.col, colMax, at, len);
                }
            }
            for (int cl = 0; cl < 2; cl++) for (int v = 0; v < 256; v++) total[v] += out[cl].histogram()[v];
            int cols = nonZero(colMax);
            // the residual's INT8 scale per column (a division per column, not per sparse weight),
            // gathered per weight; each weight's error, then the sums per row layer
            double[] colScale = new double[n], colDiv = new double[n];
            for (int c = 0; c < n; c++) {
                colScale[c] = colMax[c] / 127.0;
                colDiv[c] = colScale[c] == 0 ? 1 : colScale[c];
            }
            double[] spS = sc, spDiv = iv, spV = zz, spDe = code; // the chunk's arrays again
            double[] spLayer = new double[layers];
            for (int at = 0; at < spN; at += chunk) {
                int len = Math.min(chunk, spN - at);
                residualScales(colScale, colDiv, so.col, spS, spDiv, at, len);
                residualError(spDiv, spS, spD0, so.w, so.ms, spV, spDe, at, len);
                if (deq != null) for (int x = 0; x < len; x++) deq[so.idx[at + x]] = (float) spV[x];
                errorSums(spDe, so.layer, at, len, spLayer);
            }
            double spErr = 0;
            for (double x : spLayer) spErr += x;
            if (deq != null) for (int cl = 0; cl < 2; cl++) dequantize(cfg, channel, co[cl], cl == 0 ? cfg.fast() : cfg.slow(), segments(fast, cl), deq);
            double energy = p.energy();
            long sparseBytes = SparseSelection.bytes(spN, k, n, cols);
            Result res = new Result(out, error + spErr, energy, total, spN, p.sparse().outliers(), spErr,
                (denseBits + 7) / 8, meta + 2 * zpGroups, sparseBytes, zpGroups, cls, used);
            double[] reps = null;
            if (this.reps > 0) {
                reps = new double[this.reps];
                double allSp = 0, allEn = 0;
                for (int l = 0; l < this.reps; l++) {
                    allSp += spLayer[l];
                    allEn += layerEnergy[l];
                }
                for (int r = 0; r < this.reps; r++) {
                    double e = spLayer[this.reps] + up[r] * (allSp - spLayer[r]);
                    double en = layerEnergy[this.reps] + up[r] * (allEn - layerEnergy[r]);
                    for (int cl = 0; cl < 2; cl++) if (co[cl].replicateError() != null) e += co[cl].replicateError()[r];
                    reps[r] = en == 0 ? 0 : e / en;
                }
            }
            return new Estimate(res, reps);
        }

        long classColumns(int[] segs) {
            long c = 0;
            for (int s : segs) for (int t : segTiles[s]) c += tc.colEnd(t) - tc.colStart(t);
            return c;
        }

        ClassOut quantizeClass(Config cfg, boolean channel, int[] segs, ClassSpec spec, boolean useZp) {
            AllowedValues a = spec.allowed();
            int size = Math.min(spec.size(), a.size());
            long[] hist = new long[256];
            if (segs.length == 0) return new ClassOut(new ClassResult(0, 0, new int[0], hist, 0, Double.NaN, bits(size)), null, null, null, null, null);
            long entries = 0;
            int tiles = 0;
            for (int s : segs) {
                entries += segEntries[s];
                tiles += segTiles[s].length;
            }
            int step = bucketed ? 1 : (int) Math.max(1, Math.min(MAX_SEARCH_STEP, (entries + SEARCH_ENTRIES - 1) / SEARCH_ENTRIES));
            double best = Double.POSITIVE_INFINITY, second = Double.POSITIVE_INFINITY;
            double bestAlpha = cfg.alphas()[0], bestTarget = (a.min() + a.max()) / 2.0, secondAlpha = Double.NaN, secondTarget = Double.NaN;
            int[] book = null;
            for (double target : zeroPointTargets(a, useZp)) {
                for (double alpha : cfg.alphas()) {
                    ScaleKey key = ScaleKey.of(channel, a, useZp, target, alpha);
                    List<Hist> hs = new ArrayList<>();
                    for (int s : segs) hs.add(hist(key, a, step, s));
                    OptimalCodebook.Result res = OptimalCodebook.solve(sum(hs).h, a, size);
                    if (res.cost() < best) {
                        second = best;
                        secondAlpha = bestAlpha;
                        secondTarget = bestTarget;
                        best = res.cost();
                        bestAlpha = alpha;
                        bestTarget = target;
                        book = res.values();
                    } else if (res.cost() < second) {
                        second = res.cost();
                        secondAlpha = alpha;
                        secondTarget = target;
                    }
                }
                if (!useZp) break;
            }
            double[] groupAlpha = null;
            ScaleKey key = ScaleKey.of(channel, a, useZp, bestTarget, bestAlpha);
            // the scale choices evaluated on all rows: the search's best and, when the search saw a
            // row subsample, its runner-up too (on a subsample two near-equal clipping factors swap
            // places by chance: measured 1% of a sampled layer's error); the better on all rows wins
            List<ScaleKey> cands = new ArrayList<>(List.of(key));
            if (step > 1 && !(cfg.refine() && cfg.alphas().length > 1) && second <= best * (1 + RUNNER_UP_MARGIN)) {
                cands.add(ScaleKey.of(channel, a, useZp, secondTarget, secondAlpha));
            }
            List<List<Hist>> candHists = new ArrayList<>();
            List<Hist> finals = null;
            ClassHist all = null;
            if (cfg.refine() && cfg.alphas().length > 1) {
                groupAlpha = refine(cfg, channel, segs, a, useZp, bestTarget, bestAlpha, book, step);
                finals = new ArrayList<>();
                for (int s : segs) finals.add(fill(key, a, 1, s, groupAlpha));
                candHists.add(finals);
                all = sum(finals);
                book = OptimalCodebook.solve(all.h, a, size).values();
            } else {
                double bestErr = Double.POSITIVE_INFINITY;
                for (ScaleKey ck : cands) {
                    List<Hist> hs = new ArrayList<>();
                    for (int s : segs) hs.add(hist(ck, a, 1, s));
                    candHists.add(hs);
                    ClassHist ch = sum(hs);
                    int[] b = step > 1 ? OptimalCodebook.solve(ch.h, a, size).values() : book;
                    double e = ch.h.cost(b);
                    if (e < bestErr) {
                        bestErr = e;
                        key = ck;
                        finals = hs;
                        all = ch;
                        book = b;
                    }
                }
                bestAlpha = key.alpha();
            }
            int[] near = OptimalCodebook.nearestByBin(book);
            double err = all.h.cost(book);
            for (int b = 0; b < HalfStepHistogram.BINS; b++) if (all.count[b] != 0) hist[near[b] + 128] += all.count[b];
            long slots = entries; // dense and sparse slots alike
            // the values each tile holds: the codes of its occupied bins (4 words per tile, the
            // segments' tiles in order). The bins nearest one code form a run (near[] ascends), so
            // a tile holds a code when any bin of its run is occupied: one masked test per run and
            // word (a bit at a time, a tile's few hundred occupied bins took a tenth of the search)
            long[] tileValues = new long[4 * tiles];
            int runs = 0;
            int[] runStart = new int[HalfStepHistogram.BINS], runEnd = new int[HalfStepHistogram.BINS];
            for (int b = 0; b < HalfStepHistogram.BINS; b++) {
                if (b == 0 || near[b] != near[b - 1]) runStart[runs++] = b;
                runEnd[runs - 1] = b;
            }
            int si = 0, tv = 0;
            for (int s : segs) {
                Hist h = finals.get(si++);
                int[] ts = segTiles[s];
                for (int ti = 0; ti < ts.length; ti++, tv += 4) {
                    for (int x = 0; x < runs; x++) {
                        if (!HalfStepHistogram.anyBin(h.occupied, ti * 8, runStart[x], runEnd[x])) continue;
                        int v = near[runStart[x]] + 128;
                        tileValues[tv + (v >> 6)] |= 1L << (v & 63);
                    }
                }
            }
            double[] repErr = null;
            if (reps > 0) {
                repErr = new double[reps];
                // each replicate takes the better of the candidate scale choices on its own rows,
                // each with its own optimal codebook
                Arrays.fill(repErr, Double.POSITIVE_INFINITY);
                for (List<Hist> hs : candHists) {
                    double[][] ls = layerSums(hs);
                    for (int r = 0; r < reps; r++) repErr[r] = Math.min(repErr[r], OptimalCodebook.solve(replicate(ls, r).h, a, size).cost());
                }
            }
            return new ClassOut(new ClassResult(tiles, slots, book, hist, err, bestAlpha, bits(book.length)), near, key, groupAlpha, repErr, tileValues);
        }

        /**
         * Per group, the class's clipping factor or a grid neighbour, whichever gives the group's
         * dense weights the least error against the class codebook.
         */
        double[] refine(Config cfg, boolean channel, int[] segs, AllowedValues a, boolean useZp, double target, double bestAlpha, int[] book, int step) {
            int groups = channel ? tc.tileRows() * n : tc.tiles();
            double[] groupAlpha = new double[groups];
            Arrays.fill(groupAlpha, bestAlpha);
            int[] near = OptimalCodebook.nearestByBin(book);
            double[] bestG = new double[groups];
            Arrays.fill(bestG, Double.POSITIVE_INFINITY);
            double[] al = cfg.alphas();
            int bi = 0;
            for (int i = 0; i < al.length; i++) if (al[i] == bestAlpha) bi = i;
            int refineStep = channel ? 1 : step;
            double[][] rg = range(channel);
            final float[] w = this.w;
            final boolean[] sp = sparse;
            final int B = HalfStepHistogram.BINS;
            int cols = Math.min(tc.tile(), n);
            double[] sc = new double[cols], inv = new double[cols], cost = new double[cols];
            double[] zp = new double[cols];
            for (double alpha : Arrays.copyOfRange(al, Math.max(0, bi - 1), Math.min(al.length, bi + 2))) {
                for (int s : segs) {
                    for (int tile : segTiles[s]) {
                        int r0 = tc.rowStart(tile), r1 = tc.rowEnd(tile), c0 = tc.colStart(tile), c1 = tc.colEnd(tile);
                        for (int c = c0; c < c1; c++) {
                            int g = gid(channel, tile, c);
                            zp[c - c0] = groupScale(rg[0][g], rg[1][g], alpha, a, useZp, target, si);
                            sc[c - c0] = si[0];
                            inv[c - c0] = si[1];
                            cost[c - c0] = 0;
                        }
                        for (int r = r0 + (refineStep > 1 ? (tile * 7) % refineStep : 0); r < r1; r += refineStep) {
                            int base = r * n;
                            double e = ms[r];
                            for (int c = c0; c < c1; c++) {
                                int i = base + c;
                                if (sp[i]) continue;
                                int j = c - c0;
                                double x = w[i] * inv[j] + zp[j];
                                double f = (x + 128.0) * 2.0;
                                int bin = f <= 0 ? 0 : f >= B ? B - 1 : (int) f;
                                double d = w[i] - sc[j] * (near[bin] - zp[j]);
                                cost[j] += e * d * d;
                            }
                        }
                        if (channel) {
                            for (int c = c0; c < c1; c++) {
                                int g = gid(true, tile, c);
                                if (cost[c - c0] < bestG[g]) {
                                    bestG[g] = cost[c - c0];
                                    groupAlpha[g] = alpha;
                                }
                            }
                        } else {
                            double tot = 0;
                            for (int c = c0; c < c1; c++) tot += cost[c - c0];
                            if (tot < bestG[tile]) {
                                bestG[tile] = tot;
                                groupAlpha[tile] = alpha;
                            }
                        }
                    }
                }
            }
            return groupAlpha;
        }

        /** Writes the dequantized dense weights of a class. */
        void dequantize(Config cfg, boolean channel, ClassOut o, ClassSpec spec, int[] segs, float[] deq) {
            if (o.near() == null) return;
            double[][] rg = range(channel);
            for (int s : segs) {
                for (int tile : segTiles[s]) {
                    int r0 = tc.rowStart(tile), r1 = tc.rowEnd(tile), c0 = tc.colStart(tile), c1 = tc.colEnd(tile);
                    for (int c = c0; c < c1; c++) {
                        int g = gid(channel, tile, c);
                        double alpha = o.groupAlpha() != null ? o.groupAlpha()[g] : o.key().alpha();
                        double z = groupScale(rg[0][g], rg[1][g], alpha, spec.allowed(), o.key().zp(), o.key().target(), si);
                        for (int r = r0; r < r1; r++) {
                            int i = r * n + c;
                            if (sparse[i]) continue;
                            int code = o.near()[HalfStepHistogram.bin(w[i] * si[1] + z)];
                            deq[i] = (float) (si[0] * (code - z));
                        }
                    }
                }
            }
        }
    }
}
