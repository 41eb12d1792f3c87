package org.halodse.objectives.profile;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntToDoubleFunction;
import java.util.stream.IntStream;
import org.halodse.objectives.model.LinearLayer;
import org.halodse.objectives.model.RowLoader;
import org.halodse.objectives.proxy.ChannelStats;
import org.halodse.objectives.quant.HaloQuantizer;
import org.halodse.objectives.quant.OptionQuantizer;
import org.halodse.objectives.quant.QuantOption;

/**
 * Builds the layer profile tables: every layer times every option. Layers run in parallel on a
 * pool of {@code threads}; each layer's table lands at its index, and nothing depends on the
 * schedule, so the profile is the same for any thread count.
 *
 * <p>Options: the codebook options that share a preparation (sparse rule and tile size) are
 * quantized together by {@link HaloQuantizer#quantizeAll}: the tile ranking is common, so the
 * histograms of each scale choice are built once per segment of the ranking and summed into every
 * option's classes; an option's error, value histogram and tile values come from histograms
 * (exact). Unsampled, each option equals {@link HaloQuantizer#quantize} alone.
 *
 * <p>Sampled mode: a layer with more than {@code sampleAbove} weights is profiled on about
 * {@code sampleRows} of its K input channels (fewer for a layer wider than 4096 outputs:
 * {@link #sampleRowsFor}), stratified by units of the tiles' common height
 * (128): in each unit the channels with the largest E[x^2] are taken with certainty (largest
 * first, at most half the unit's draw, and beyond that cap every channel with E[x^2] at least 20
 * times the median, i.e. an LLM outlier feature: one left to chance would dominate the sums when
 * drawn and be missed entirely when not), the rest drawn uniformly (seeded by the layer name and
 * {@code seed}). A drawn row's E[x^2] is scaled so the drawn rows of a unit sum to the unit's total
 * E[x^2] (ratio estimator with E[x^2], known for every channel, as auxiliary variable; counts use
 * the row-count factor K/m and are estimates). Error and energy are estimates of the full sums;
 * the proxy is their ratio.
 *
 * <p>Its 95% interval is a delete-a-group jackknife: the drawn rows of every stratum are dealt to
 * {@link #JACKKNIFE_GROUPS} groups; replicate r leaves group r out (the other groups' rows weighted
 * up so their E[x^2] sums to all groups', the ratio calibration redone; rows taken with certainty
 * always in) and re-solves each class's optimal codebook on its own rows, at the clipping and
 * zero-point target the search chose on all sampled rows (with the exact-pass diagnostic switch,
 * the search runs on a subsample and the replicate also picks between its best and runner-up), so
 * the interval carries the noise of the codebook choice as well as the rows' (measured coverage
 * over 8 sample seeds: 158 of 160 on 5 synthetic LLaMA-2-7B layers x 4 options; with the earlier
 * table generator 160 of 160 and 224 of 224; the earlier
 * delta-method interval carried only the rows' and covered the full value in 2 of 10 checks, with
 * the tile ranking then done on the sample). Half-width
 * t(R-1, 0.975) times the jackknife standard error. Not in the interval: the noise of the sparse
 * thresholds estimated on the sample. {@link SampleCheck} measures its coverage over sample seeds.
 *
 * <p>When the model source offers a {@link RowLoader} (the synthetic presets), only the sampled rows
 * are loaded for the quantization, and one streaming pass over the layer (row by row, nothing
 * kept) gives the full layer's scale-group ranges, the columns' max|w| for per-channel RTN and the
 * tiles' sensitivity sums, so scales and tile classes are the full layer's. The sparse weights of
 * the full layer are not known without ranking all its weights: their two thresholds (outlier limit
 * from the weighted standard deviation, salient threshold from the weighted count) are estimated
 * from the weighted sample and the streaming pass applies the same ones. Per-group RTN (groups of
 * consecutive rows) runs on the sample's rows grouped as they come (biased: group maxima of the
 * sample); per-channel RTN is exact in its scales. Without a row loader the full layer is loaded
 * and everything but the error sums is exact ({@code restrict}).
 *
 * <p>A sampled layer is quantized without the per-group clipping refinement: a group's own choice
 * made on its sampled rows would be biased (its largest weights are mostly not in the sample, so
 * clipping looks free), while the class-level choice sees a representative share of all groups.
 * So a sampled layer's entry estimates the class-level-clipping quantizer, which the unsampled
 * profile with {@code refine} off computes exactly.
 *
 * <p>A sampled layer's histograms at its many scale choices come from one bucketing per segment
 * and normalization of its sampled weights ({@code NormalizedBuckets} in the quantizer), not from
 * a pass over the rows per choice: the clipping search then sees every sampled row, and a tile's
 * used codes are those between the codes of its extreme weights (exact where the unsampled path
 * takes each occupied bin). Measured against passes over the rows on the same sample (the
 * diagnostic switch -Dhalo.quant.exactSampled=true, SampleCheck on 7 layers x 4 options): every
 * sampled proxy's gap to the full one agreed within 0.02 percentage points.
 */
public final class Profiler {
    /**
     * Version of the quantizers and the profile computation, part of the cache key: bump it with
     * every change that alters a profile's numbers, so stale cache entries are not reused.
     */
    public static final String VERSION = "profile-8";

    /**
     * {@code refine}: each scale group also picks its own clipping factor for the class codebook
     * ({@link HaloQuantizer.Config#refine()}).
     */
    public record Settings(long sampleAbove, int sampleRows, long seed, int threads, boolean refine) {
        public Settings(long sampleAbove, int sampleRows, long seed, int threads) {
            this(sampleAbove, sampleRows, seed, threads, Boolean.parseBoolean(System.getProperty("halo.profile.refine", "true")));
        }

        public static Settings defaults() {
            return new Settings(8_000_000L, 768, 1, Runtime.getRuntime().availableProcessors());
        }

        public static Settings unsampled(int threads) {
            return new Settings(Long.MAX_VALUE, Integer.MAX_VALUE, 1, threads);
        }
    }

    @FunctionalInterface
    public interface Progress {
        void layerDone(int done, int total, String layer);
    }

    private final IntToDoubleFunction delay;
    /** delay of every INT8 value, at index value + 128 (read once per tile and option) */
    private final double[] delayTable = new double[256];
    private final double worst;
    private final Settings settings;

    /** {@code delay}: ps for every INT8 weight value (-128..127), from characterization. */
    public Profiler(IntToDoubleFunction delay, Settings settings) {
        this.delay = delay;
        double w = 0;
        for (int v = 0; v < 256; v++) w = Math.max(w, delayTable[v] = delay.applyAsDouble(v - 128));
        this.worst = w;
        this.settings = settings;
    }

    public ModelProfile run(String key, String model, boolean synthetic, List<LinearLayer> layers, ChannelStats stats,
                            List<QuantOption> options, Progress progress) {
        long t0 = System.nanoTime();
        LayerProfile[] out = new LayerProfile[layers.size()];
        AtomicInteger done = new AtomicInteger();
        ForkJoinPool pool = new ForkJoinPool(Math.max(1, settings.threads()));
        try {
            pool.submit(() -> IntStream.range(0, layers.size()).parallel().forEach(i -> {
                out[i] = layer(layers.get(i), stats, options);
                int d = done.incrementAndGet();
                if (progress != null) {
                    synchronized (progress) {
                        progress.layerDone(d, layers.size(), layers.get(i).name());
                    }
                }
            })).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException re) throw re;
            throw new IllegalStateException(e.getCause());
        } finally {
            pool.shutdown();
        }
        double secs = (System.nanoTime() - t0) / 1e9;
        return new ModelProfile(ModelProfile.FORMAT, key, model, synthetic, stats.identity(), layers.size(), options.size(),
            List.copyOf(options), worst, null, Math.round(secs * 1000) / 1000.0, List.of(out));
    }

    /** The table of one layer. */
    public LayerProfile layer(LinearLayer l, ChannelStats stats, List<QuantOption> options) {
        int kFull = l.inFeatures(), n = l.outFeatures();
        double[] msFull = stats.meanSquare(l.name(), kFull);
        if (msFull.length != kFull) throw new IllegalArgumentException(l.name() + ": E[x^2] has " + msFull.length + " channels, expected " + kFull);
        float[] sensFull = stats.sensitivity(l.name(), kFull, n);
        int draw = sampleRowsFor(settings.sampleRows(), n);
        boolean sample = l.parameters() > settings.sampleAbove() && draw < kFull;
        Sample smp = null;
        float[] full = null;
        RowLoader rl = null;
        float[] w;
        double[] ms;
        float[] sens;
        int k;
        if (sample) {
            int unit = 0;
            for (QuantOption o : options) if (!o.isRtn()) unit = unit == 0 ? o.tile() : gcd(unit, o.tile());
            smp = sample(l.name(), msFull, draw, Math.max(1, unit == 0 ? 128 : unit), settings.seed());
            int[] rows = smp.rows();
            if (l.loader() instanceof RowLoader r && !Boolean.getBoolean("halo.profile.noRowLoader")) {
                w = r.loadRows(rows);
                rl = r;
            } else {
                full = l.load();
                w = copyRows(full, n, rows);
            }
            k = rows.length;
            ms = scaledMeanSquare(msFull, rows, smp.msFactor());
            // tiles and salient weights are ranked by the unscaled sensitivity (a drawn row is not
            // more sensitive for standing for several); the error sums use the scaled E[x^2]
            sens = sampleSensitivity(w, k, n, rows, msFull, sensFull);
        } else {
            w = l.load();
            k = kFull;
            ms = msFull;
            sens = sensFull;
        }
        double countScale = sample ? (double) kFull / k : 1;
        Map<String, HaloQuantizer.Prepared> prepared = new HashMap<>();
        List<OptionRow> rowsOut = new ArrayList<>();
        // every sampled row's sum of squares, once: energy, outlier rule and RTN all read it
        double[] rowSq = sample ? HaloQuantizer.rowSquareSums(w, k, n) : null;
        float[] columnMax = null;
        if (rl != null) {
            // rows loaded alone: one streaming pass over the layer gives every option group's
            // scale-group ranges and the columns' max|w| for per-channel RTN, exactly
            Map<String, Streamed> streamed = new java.util.LinkedHashMap<>();
            Map<Double, OutlierRule> rules = new HashMap<>();
            for (QuantOption o : options) {
                String key = prepKey(o);
                if (o.isRtn() || streamed.containsKey(key)) continue;
                OutlierRule rule = rules.get(o.sigmas());
                if (rule == null) rules.put(o.sigmas(), rule = outlierRule(n, w, rowSq, smp, o.sigmas()));
                streamed.put(key, streamedSample(kFull, n, w, sens, smp, o.tile(), o.sparse(), rule));
            }
            columnMax = stream(rl, kFull, n, msFull, sensFull, streamed.values(), smp.rows(), w);
            for (Map.Entry<String, Streamed> e : streamed.entrySet()) prepared.put(e.getKey(), e.getValue().prepared(w, k, n, ms, rowSq, smp.bounds(e.getValue().tile, kFull)));
        }
        HaloQuantizer.RowGroups groups = sample ? rowGroups(l.name(), smp, settings.seed()) : null;
        Map<QuantOption, HaloQuantizer.Estimate> est = codebookEstimates(options, prepared, groups, smp, full, w, k, n, ms, sens, kFull, msFull, sensFull);
        for (QuantOption o : options) {
            HaloQuantizer.Result r;
            Double thr = null;
            Double lo = null, hi = null;
            double cs = countScale;
            if (o.isRtn()) {
                // RTN is cheap: on the full layer when it is at hand (exact), else on the sample
                if (full != null || !sample) {
                    r = OptionQuantizer.run(o, sample ? full : w, kFull, n, msFull, null, delay, null);
                    cs = 1;
                } else {
                    // per-channel scales from the full columns' max|w| when streamed; per-group
                    // RTN (groups of consecutive rows) on the sample's own rows: see the class doc
                    double[] rowErr = new double[k], rowEn = new double[k];
                    r = OptionQuantizer.rtn(o, w, k, n, ms, o.group() <= 0 || o.group() >= kFull ? columnMax : null, null, rowErr, rowEn, rowSq);
                    double[] ci = interval(rowErr, rowEn, ms, smp, r.relativeError());
                    lo = ci[0];
                    hi = ci[1];
                }
            } else {
                thr = o.fastThreshold(delay);
                HaloQuantizer.Estimate e = est.get(o);
                r = e.result();
                if (sample) {
                    double[] ci = jackknife(r.relativeError(), e.replicates());
                    lo = ci[0];
                    hi = ci[1];
                }
            }
            List<ClassRow> classes = classRows(o, r, thr, sample, cs);
            rowsOut.add(new OptionRow(o.label(), r.relativeError(), r.error(), r.energy(), lo, hi,
                // scales, zero points and codebooks are per group of the kept grid: not scaled
                scale(r.denseBytes(), cs) + r.metaBytes() + scale(r.sparseBytes(), cs), scale(r.denseBytes(), cs), r.metaBytes(),
                scale(r.sparseBytes(), cs), (int) scale(r.sparseCount(), cs), r.zeroPointOpsPerToken(), classes));
        }
        return new LayerProfile(l.name(), l.block(), l.role().name(), kFull, n, sample ? k : 0, rowsOut);
    }

    /**
     * The codebook options' estimates, batched per preparation (sparse rule and tile size): they
     * share the tile ranking and so the scale-choice histograms of the ranking's segments.
     * {@code prepared}: the preparations a streaming pass made (others are made here).
     */
    private Map<QuantOption, HaloQuantizer.Estimate> codebookEstimates(List<QuantOption> options, Map<String, HaloQuantizer.Prepared> prepared,
                                                                      HaloQuantizer.RowGroups groups, Sample smp, float[] full, float[] w, int k,
                                                                      int n, double[] ms, float[] sens, int kFull, double[] msFull, float[] sensFull) {
        boolean sample = smp != null;
        Map<QuantOption, HaloQuantizer.Estimate> est = new HashMap<>();
        Map<String, List<QuantOption>> byPrep = new java.util.LinkedHashMap<>();
        for (QuantOption o : options) if (!o.isRtn()) byPrep.computeIfAbsent(prepKey(o), x -> new ArrayList<>()).add(o);
        for (Map.Entry<String, List<QuantOption>> e : byPrep.entrySet()) {
            QuantOption o0 = e.getValue().get(0);
            HaloQuantizer.Prepared p = prepared.get(e.getKey());
            if (p == null) {
                if (smp == null) p = HaloQuantizer.prepare(w, k, n, ms, sens, o0.tile(), o0.sparse(), o0.sigmas());
                else {
                    int[] bounds = smp.bounds(o0.tile(), kFull);
                    if (full != null) { // the full layer at hand: its sparse weights, tile classes and scale ranges exactly
                        HaloQuantizer.Prepared f = HaloQuantizer.prepare(full, kFull, n, msFull, sensFull, o0.tile(), o0.sparse(), o0.sigmas());
                        p = HaloQuantizer.restrict(f, smp.rows(), bounds, w, ms);
                    } else {
                        p = HaloQuantizer.prepareSample(w, k, n, ms, sens, o0.tile(), o0.sparse(), o0.sigmas(), bounds, smp.factor());
                    }
                }
            }
            List<HaloQuantizer.Config> cfgs = new ArrayList<>();
            for (QuantOption o : e.getValue()) cfgs.add(o.haloConfig(delay, HaloQuantizer.DEFAULT_ALPHAS, settings.refine() && !sample));
            List<HaloQuantizer.Estimate> res = HaloQuantizer.quantizeAll(p, cfgs, groups);
            for (int i = 0; i < cfgs.size(); i++) est.put(e.getValue().get(i), res.get(i));
        }
        return est;
    }

    /** An option's class rows; sampled, a codebook option's tile counts are the full layer's (the grid is kept), not scaled. */
    private List<ClassRow> classRows(QuantOption o, HaloQuantizer.Result r, Double thr, boolean sample, double cs) {
        List<ClassRow> classes = new ArrayList<>();
        for (int c = 0; c < 2; c++) {
            HaloQuantizer.ClassResult cr = r.classes()[c];
            if (o.isRtn() && c == 0) continue;
            classes.add(classRow(c == 0 ? "fast" : "slow", cr, c == 0 ? thr : null, r.tileClass(), r.tileUsed(), c, cs));
        }
        if (sample && !o.isRtn()) {
            for (int c = 0; c < classes.size(); c++) {
                ClassRow x = classes.get(c);
                classes.set(c, new ClassRow(x.name(), r.classes()[c].tiles(), x.slots(), x.bits(), x.codebook(), x.thresholdPs(), x.slowestValue(),
                    x.slowestDelayPs(), x.histogram(), tileCounts(r, c)));
            }
        }
        return classes;
    }

    /**
     * The sampled rows' E[x^2], each scaled by its row's factor. (Every loop over rows or weights
     * is a method of its own, out of {@link #layer}: with one, the JIT compiled all of layer, with
     * everything it calls inlined, on stack replacement and again: 4 s of a 2-core machine's time.)
     */
    static double[] scaledMeanSquare(double[] msFull, int[] rows, double[] factor) {
        double[] ms = new double[rows.length];
        for (int j = 0; j < rows.length; j++) ms[j] = msFull[rows[j]] * factor[j];
        return ms;
    }

    /**
     * The sampled rows' sensitivities: from the full layer's when given, else E[x^2] w^2. (A method
     * of its own: as a loop inside {@link #layer} it made the JIT compile all of that method, twice,
     * for seconds of a 2-core machine's time.)
     */
    static float[] sampleSensitivity(float[] w, int k, int n, int[] rows, double[] msFull, float[] sensFull) {
        float[] sens = new float[k * n];
        for (int j = 0; j < k; j++) {
            if (sensFull != null) System.arraycopy(sensFull, rows[j] * n, sens, j * n, n);
            else sensitivity(w, j * n, j * n + n, msFull[rows[j]], sens); // as the streaming pass computes it
        }
        return sens;
    }

    /**
     * The rows to draw from a layer of {@code n} outputs: {@code sampleRows} up to
     * {@link #SAMPLE_WIDTH} outputs, fewer beyond, by the square root of 4096 / n (an 11008-wide
     * layer: 468 of 768). A wider row carries more weights, so a row's sum is less noisy. Measured
     * (SampleCheck, 7 synthetic LLaMA-2-7B layers x 4 options x 8 sample seeds): the gate and up
     * projections at 468 rows came within 0.25% and 0.46% of their full proxy, the 4096-wide layers
     * at 768 rows within 0.31 to 0.63%; with rows in proportion to 4096 / n (286) the wide ones
     * reached 0.90% and 1.14%.
     */
    static int sampleRowsFor(int sampleRows, int n) {
        if (n <= SAMPLE_WIDTH) return sampleRows;
        return (int) Math.max(2, Math.round(sampleRows * Math.sqrt((double) SAMPLE_WIDTH / n)));
    }

    /** See {@link #sampleRowsFor}. */
    public static final int SAMPLE_WIDTH = 4096;

    private SortedMap<Integer, Integer> tileCounts(HaloQuantizer.Result r, int cls) {
        return classRow("", r.classes()[cls], null, r.tileClass(), r.tileUsed(), cls, 1).tileSlowest();
    }

    private static int gcd(int a, int b) {
        return b == 0 ? a : gcd(b, a % b);
    }

    private static long scale(long v, double s) {
        return s == 1 ? v : Math.round(v * s);
    }

    private ClassRow classRow(String name, HaloQuantizer.ClassResult cr, Double thr, byte[] tileClass, long[][] used, int cls, double countScale) {
        SortedMap<Integer, Long> hist = new TreeMap<>();
        Integer slowest = null;
        double sd = -1;
        for (int v = 0; v < 256; v++) {
            long cnt = cr.histogram()[v];
            if (cnt == 0) continue;
            hist.put(v - 128, scale(cnt, countScale));
            double d = delay.applyAsDouble(v - 128);
            if (d > sd) {
                sd = d;
                slowest = v - 128;
            }
        }
        // per tile, its slowest value (the lowest of equal delays): over the set bits of the
        // tile's 256-bit value set, counted per value, into the map at the end
        int[] slowestCount = new int[256];
        for (int t = 0; t < tileClass.length; t++) {
            if (tileClass[t] != cls) continue;
            int sv = -1;
            double best = -1;
            long[] u = used[t];
            for (int wd = 0; wd < 4; wd++) {
                for (long bits = u[wd]; bits != 0; bits &= bits - 1) {
                    int v = wd * 64 + Long.numberOfTrailingZeros(bits);
                    if (delayTable[v] > best) {
                        best = delayTable[v];
                        sv = v;
                    }
                }
            }
            if (sv >= 0) slowestCount[sv]++;
        }
        SortedMap<Integer, Integer> tileSlowest = new TreeMap<>();
        for (int v = 0; v < 256; v++) if (slowestCount[v] > 0) tileSlowest.put(v - 128, slowestCount[v]);
        if (countScale != 1) tileSlowest.replaceAll((v, c) -> (int) Math.round(c * countScale));
        return new ClassRow(name, (int) scale(cr.tiles(), countScale), scale(cr.slots(), countScale), cr.bits(), cr.codebook(), thr, slowest,
            slowest == null ? null : sd, hist, tileSlowest);
    }

    /**
     * Sampled rows (ascending), their weight factors (rows of the layer each stands for) and each
     * row's stratum (-1: taken with certainty).
     */
    record Sample(int[] rows, double[] factor, double[] msFactor, int[] stratum, int[] strataRows, int[] strataDrawn) {
        /** For tiles of {@code tile} rows: where each tile row of the full layer starts in the sample. */
        int[] bounds(int tile, int k) {
            int tr = (k + tile - 1) / tile;
            int[] b = new int[tr + 1];
            for (int i = 0, j = 0; i <= tr; i++) {
                int lim = Math.min(k, i * tile);
                while (j < rows.length && rows[j] < lim) j++;
                b[i] = j;
            }
            return b;
        }
    }

    /**
     * Stratified by units of {@code unit} consecutive rows (the tiles' common divisor, so every
     * tile row keeps its share of the sample): in each unit about m * unit / K rows (at least 2,
     * at most all): the unit's rows among the 1% of channels with the largest E[x^2] with certainty
     * (at most half the unit's draw), the rest uniformly without replacement, seeded by the layer.
     */
    static Sample sample(String layer, double[] ms, int m, int unit, long seed) {
        int k = ms.length;
        int units = (k + unit - 1) / unit;
        int per = Math.max(2, (int) Math.ceil((double) m * unit / k));
        int[] byE = org.halodse.objectives.quant.IndexSort.descending(ms);
        boolean[] top = new boolean[k];
        for (int i = 0; i < Math.ceil(0.01 * k); i++) top[byE[i]] = true;
        // extreme channels (E[x^2] at least 20 times the median: LLM outlier features) are always
        // taken, beyond the cap: one left to chance would dominate the sums when drawn, and be
        // missed entirely when not
        double extreme = 20 * ms[byE[k / 2]];
        Random rnd = new Random(seed * 0x9E3779B97F4A7C15L ^ layer.hashCode());
        boolean[] take = new boolean[k], cert = new boolean[k];
        int[] strataRows = new int[units], strataDrawn = new int[units];
        for (int u = 0; u < units; u++) {
            int r0 = u * unit, r1 = Math.min(k, r0 + unit), size = r1 - r0;
            if (per >= size) {
                for (int r = r0; r < r1; r++) take[r] = cert[r] = true;
                continue;
            }
            int c = 0;
            // the unit's top channels by E[x^2], largest first (an outlier channel must not lose
            // its place to a smaller top channel that comes first in index order)
            for (int i = 0; i < byE.length && top[byE[i]]; i++) {
                int r = byE[i];
                if (r < r0 || r >= r1) continue;
                if (c < per / 2 || ms[r] >= extreme) { take[r] = cert[r] = true; c++; }
            }
            int[] rest = new int[size - c];
            for (int r = r0, j = 0; r < r1; r++) if (!cert[r]) rest[j++] = r;
            int draw = Math.min(rest.length, Math.max(per - c, per - per / 2));
            for (int i = 0; i < draw; i++) {
                int j = i + rnd.nextInt(rest.length - i);
                int t = rest[i];
                rest[i] = rest[j];
                rest[j] = t;
                take[rest[i]] = true;
            }
            strataRows[u] = rest.length;
            strataDrawn[u] = draw;
        }
        int total = 0;
        for (boolean b : take) if (b) total++;
        int[] rows = new int[total], stratum = new int[total];
        double[] f = new double[total];
        for (int r = 0, j = 0; r < k; r++) {
            if (!take[r]) continue;
            int u = r / unit;
            rows[j] = r;
            stratum[j] = cert[r] ? -1 : u;
            f[j++] = cert[r] ? 1 : (double) strataRows[u] / strataDrawn[u];
        }
        // E[x^2] of the channels is known for all of them: a drawn row's E[x^2] is scaled so the
        // drawn rows of a stratum sum to the stratum's (undrawn population's) total, a ratio
        // estimator with E[x^2] as the auxiliary variable: the error and energy sums then vary only
        // with the rows' weights, not with their E[x^2] (log-normal, the larger part of the spread)
        double[] popMs = new double[units], drawnMs = new double[units];
        for (int r = 0; r < k; r++) if (!cert[r] && strataDrawn[r / unit] > 0) popMs[r / unit] += ms[r];
        for (int j = 0; j < total; j++) if (stratum[j] >= 0) drawnMs[stratum[j]] += ms[rows[j]];
        double[] mf = new double[total];
        for (int j = 0; j < total; j++) {
            int u = stratum[j];
            mf[j] = u < 0 ? 1 : drawnMs[u] > 0 ? popMs[u] / drawnMs[u] : f[j];
        }
        return new Sample(rows, f, mf, stratum, strataRows, strataDrawn);
    }

    private static String prepKey(QuantOption o) {
        return o.tile() + "/" + o.sparse() + "/" + o.sigmas();
    }

    /** Jackknife groups of a sample: 8, or fewer when fewer rows were drawn. */
    static final int JACKKNIFE_GROUPS = 8;

    /**
     * The drawn rows of every stratum dealt to the jackknife groups in a seeded random order (so each
     * group holds about 1/R of every stratum, as a delete-a-group jackknife of a stratified sample
     * needs); rows taken with certainty are in every replicate (-1).
     */
    static HaloQuantizer.RowGroups rowGroups(String layer, Sample s, long seed) {
        int m = s.rows().length, drawn = 0;
        for (int u : s.stratum()) if (u >= 0) drawn++;
        int r = Math.min(JACKKNIFE_GROUPS, drawn);
        if (r < 2) return null;
        int[] g = new int[m];
        Random rnd = new Random(seed * 0x2545F4914F6CDD1DL ^ layer.hashCode() ^ 0x6a61636bL);
        Map<Integer, List<Integer>> byStratum = new java.util.TreeMap<>();
        for (int j = 0; j < m; j++) {
            g[j] = -1;
            if (s.stratum()[j] >= 0) byStratum.computeIfAbsent(s.stratum()[j], x -> new ArrayList<>()).add(j);
        }
        int next = 0; // continue the deal across strata so small strata do not all start at group 0
        for (List<Integer> rows : byStratum.values()) {
            java.util.Collections.shuffle(rows, rnd);
            for (int j : rows) g[j] = next++ % r;
        }
        return new HaloQuantizer.RowGroups(g, r);
    }

    /**
     * 95% interval from the delete-a-group jackknife: v = (R-1)/R sum (theta_r - mean)^2, half-width
     * t(R-1, 0.975) sqrt(v). Each replicate re-solves the optimal codebooks on its own rows (at the
     * scales chosen on the whole sample), so the interval carries the codebook choice's noise as
     * well as the rows' (the delta-method interval it replaces carried only the latter: it covered
     * the full value in 2 of 10 checks).
     */
    static double[] jackknife(double theta, double[] reps) {
        if (reps == null) return new double[] {theta, theta};
        int r = reps.length;
        double mean = 0;
        for (double x : reps) mean += x / r;
        double v = 0;
        for (double x : reps) v += (x - mean) * (x - mean);
        v *= (r - 1.0) / r;
        double half = T975[Math.min(r - 1, T975.length - 1)] * Math.sqrt(v);
        return new double[] {Math.max(0, theta - half), theta + half};
    }

    /** Student-t 0.975 quantiles by degrees of freedom (index), 1..30; beyond, 1.96. */
    private static final double[] T975 = {Double.NaN, 12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228, 2.201, 2.179,
        2.160, 2.145, 2.131, 2.120, 2.110, 2.101, 2.093, 2.086, 2.080, 2.074, 2.069, 2.064, 2.060, 2.056, 2.052, 2.048, 2.045, 2.042, 1.96};

    /** One option group's sample selection and, after {@link #stream}, its full-layer scale-group ranges and tile ranking. */
    static final class Streamed {
        final double mean, lim;
        /** The salient threshold, and the float just under it (salient: sensitivity above {@code below}). */
        final float thr, below;
        final int k, n, tile, tileRows, tcols;
        final org.halodse.objectives.quant.SparseSelection.Selection sel;
        final double[] clo, chi, tsens;
        /**
         * During {@link #stream}: the current tile row's range per column, kept as the largest -w
         * and the largest w of the kept weights (-Float.MAX_VALUE or below: none), in arrays of
         * their own (indexed with an offset into the whole layer's, the loops did not compile to
         * SIMD code and ran 5 times slower).
         */
        float[] negLo, hi;
        /**
         * During {@link #stream}: the current tile row's kept sensitivity per column, summed over its
         * rows in float (one SIMD loop per row; added to the tiles' double sums when the tile row
         * is done: a scalar double sum per weight was the pass's largest cost).
         */
        float[] colSens;
        int rangeRow = -1;

        Streamed(double mean, double lim, float thr, int k, int n, int tile, org.halodse.objectives.quant.SparseSelection.Selection sel) {
            this.mean = mean;
            this.lim = lim;
            this.thr = thr;
            below = Math.nextDown(thr);
            this.k = k;
            this.n = n;
            this.tile = tile;
            this.sel = sel;
            tileRows = (k + tile - 1) / tile;
            tcols = (n + tile - 1) / tile;
            clo = new double[tileRows * n];
            chi = new double[tileRows * n];
            tsens = new double[tileRows * tcols];
            Arrays.fill(clo, Double.POSITIVE_INFINITY);
            Arrays.fill(chi, Double.NEGATIVE_INFINITY);
        }

        void startRanges() {
            negLo = new float[n];
            hi = new float[n];
            colSens = new float[n];
            Arrays.fill(negLo, Float.NEGATIVE_INFINITY);
            Arrays.fill(hi, Float.NEGATIVE_INFINITY);
            rangeRow = -1;
        }

        /** The ranges of tile row {@code ti}: the current ones, or a new tile row's after the last one's are flushed. */
        void rangesFor(int ti) {
            if (ti == rangeRow) return;
            flushRanges();
            rangeRow = ti;
        }

        /** The current tile row's ranges into the layer's (at or below -Float.MAX_VALUE: an empty range). */
        private void flushRanges() {
            if (rangeRow < 0) return;
            for (int c = 0, i = rangeRow * n; c < n; c++, i++) {
                if (negLo[c] > -Float.MAX_VALUE) clo[i] = Math.min(clo[i], -negLo[c]);
                if (hi[c] > -Float.MAX_VALUE) chi[i] = Math.max(chi[i], hi[c]);
            }
            for (int c0 = 0, t = rangeRow * tcols; c0 < n; c0 += tile, t++) {
                double sum = 0;
                for (int c = c0, c1 = Math.min(n, c0 + tile); c < c1; c++) sum += colSens[c];
                tsens[t] += sum;
            }
            Arrays.fill(negLo, Float.NEGATIVE_INFINITY);
            Arrays.fill(hi, Float.NEGATIVE_INFINITY);
            Arrays.fill(colSens, 0f);
        }

        void endRanges() {
            flushRanges();
            negLo = hi = null;
            colSens = null;
            rangeRow = -1;
        }

        /**
         * The sample's preparation: the full layer's tile ranking (from the streamed sensitivity
         * sums) restricted to the sampled rows, and the full layer's scale-group ranges; a tile's
         * range is that of its channels' ranges.
         */
        HaloQuantizer.Prepared prepared(float[] ws, int m, int n, double[] mss, double[] rowSq, int[] bounds) {
            int[] rb = new int[tileRows + 1];
            for (int i = 0; i <= tileRows; i++) rb[i] = Math.min(k, i * tile);
            var tc = org.halodse.objectives.quant.TileClasses.ranked(k, n, tile, rb, tsens, null).restrict(m, bounds);
            double[] tlo = new double[tileRows * tcols], thi = new double[tileRows * tcols];
            Arrays.fill(tlo, Double.POSITIVE_INFINITY);
            Arrays.fill(thi, Double.NEGATIVE_INFINITY);
            for (int ti = 0; ti < tileRows; ti++) {
                for (int c = 0; c < n; c++) {
                    int t = ti * tcols + c / tile;
                    tlo[t] = Math.min(tlo[t], clo[ti * n + c]);
                    thi[t] = Math.max(thi[t], chi[ti * n + c]);
                }
            }
            return new HaloQuantizer.Prepared(ws, m, n, mss, sel, tc, new double[][] {clo, chi}, new double[][] {tlo, thi}, rowSq);
        }
    }

    /**
     * The sample side of a sampled layer whose rows were loaded alone (no full layer at hand). The
     * sparse rule of {@link org.halodse.objectives.quant.SparseSelection} is applied with its two
     * thresholds estimated from the sample with every drawn row weighted by the rows it stands for:
     * the outlier limit (sigmas times the weighted standard deviation) and the sensitivity at and
     * above which the weighted count of the remaining weights stays within p K N.
     */
    static Streamed streamedSample(int k, int n, float[] ws, double[] mss, float[] ss, Sample sm, int tile, double p, double sigmas) {
        return streamedSample(k, n, ws, ss, sm, tile, p, outlierRule(n, ws, HaloQuantizer.rowSquareSums(ws, sm.rows().length, n), sm, sigmas));
    }

    /**
     * The outlier rule estimated from the sample: the weighted mean and sigmas times the weighted
     * standard deviation, and the sample's weights beyond it. Option groups with the same sigmas
     * share it (it was computed once per group: two passes over the sample instead of one).
     */
    record OutlierRule(double mean, double lim, boolean[] mask, int outliers) {
    }

    static OutlierRule outlierRule(int n, float[] ws, double[] rowSq, Sample sm, double sigmas) {
        int m = sm.rows().length;
        double[] f = sm.factor();
        double wt = 0, s1 = 0, s2 = 0;
        for (int j = 0; j < m; j++) {
            wt += f[j] * n;
            s1 += f[j] * rowSum(ws, j * n, n);
            s2 += f[j] * rowSq[j];
        }
        double mean = s1 / wt, std = Math.sqrt(Math.max(0, s2 / wt - mean * mean));
        double lim = Double.isFinite(sigmas) ? sigmas * std : Double.POSITIVE_INFINITY;
        boolean[] mask = new boolean[m * n];
        int outliers = 0;
        for (int i = 0; i < mask.length; i++) { // without branches: the compiler makes SIMD code of it
            boolean o = Math.abs(ws[i] - mean) > lim;
            mask[i] = o;
            outliers += o ? 1 : 0;
        }
        return new OutlierRule(mean, lim, mask, outliers);
    }

    /** As above, with the outlier rule given (its mask is copied, not changed). */
    static Streamed streamedSample(int k, int n, float[] ws, float[] ss, Sample sm, int tile, double p, OutlierRule rule) {
        int m = sm.rows().length;
        double[] f = sm.factor();
        double mean = rule.mean(), lim = rule.lim();
        boolean[] mask = rule.mask().clone();
        int outliers = rule.outliers();
        float thr = Float.POSITIVE_INFINITY;
        double want = p * k * (double) n;
        if (want > 0) {
            // the smallest threshold (as a float bit pattern; sensitivities are >= 0, so the order of
            // the patterns is that of the values) whose weighted count of the weights at or above it
            // stays <= want: a weighted histogram of the patterns' top 12 bits (4096 bins: it
            // stays in the first-level cache, where 65536 did not) finds the coarse bin, then the
            // weights of that bin, gathered and sorted by pattern, the exact one
            double[] coarse = new double[1 << COARSE_BITS];
            for (int j = 0; j < m; j++) coarseHistogram(ss, mask, j * n, n, f[j], coarse);
            int lo;
            double above = 0; // weighted count of the bins above the current one
            int bin = coarse.length - 1;
            while (bin >= 0 && above + coarse[bin] <= want) above += coarse[bin--];
            if (bin < 0) lo = 0;
            else lo = thresholdInBin(ss, mask, m, n, f, bin, above, want);
            thr = Float.intBitsToFloat(lo);
        }
        int count = outliers;
        if (thr < Float.POSITIVE_INFINITY) { // without a threshold (p = 0) nothing is salient
            for (int i = 0; i < mask.length; i++) {
                boolean salient = !mask[i] & ss[i] >= thr;
                mask[i] |= salient;
                count += salient ? 1 : 0;
            }
        }
        return new Streamed(mean, lim, thr, k, n, tile, new org.halodse.objectives.quant.SparseSelection.Selection(mask, count, outliers));
    }

    /** Top bits of a sensitivity's float pattern that make its coarse bin: sign, exponent and 3 mantissa bits. */
    private static final int COARSE_BITS = 12;

    /** The dense weights of one row into the coarse histogram of their sensitivities' patterns, each with weight {@code f}. */
    private static void coarseHistogram(float[] ss, boolean[] mask, int base, int n, double f, double[] coarse) {
        for (int i = base, end = base + n; i < end; i++) {
            if (!mask[i]) coarse[Float.floatToRawIntBits(ss[i]) >>> (32 - COARSE_BITS)] += f;
        }
    }

    /**
     * The threshold pattern within coarse bin {@code bin}: the dense weights of the bin, sorted by
     * pattern (ties in row order), taken from the top while the weighted count ({@code above} so
     * far) stays within {@code want}; the threshold is the pattern just above the first one that
     * would exceed it (the bin's lowest pattern when none does).
     */
    private static int thresholdInBin(float[] ss, boolean[] mask, int m, int n, double[] f, int bin, double above, double want) {
        int shift = 32 - COARSE_BITS;
        int cnt = 0;
        long[] key = new long[1024];
        for (int j = 0; j < m; j++) {
            for (int i = j * n, end = i + n; i < end; i++) {
                int b = Float.floatToRawIntBits(ss[i]);
                if (mask[i] || b >>> shift != bin) continue;
                if (cnt == key.length) key = Arrays.copyOf(key, 2 * cnt);
                key[cnt++] = ((long) b << 32) | j; // pattern, then row: a sort of the keys orders both
            }
        }
        Arrays.sort(key, 0, cnt);
        int x = cnt - 1;
        while (x >= 0) {
            int pattern = (int) (key[x] >>> 32);
            double g = 0; // the weighted count of this pattern's weights, added in row order
            int y = x;
            while (y >= 0 && (int) (key[y] >>> 32) == pattern) y--;
            for (int z = y + 1; z <= x; z++) g += f[(int) key[z]];
            if (above + g > want) return pattern + 1;
            above += g;
            x = y;
        }
        return bin << shift;
    }

    /**
     * The streaming pass: reads the layer row by row through the row loader, keeping for every
     * option group (by its sparse rule) the min and max of the dense weights of every channel's
     * scale group (per tile row) of the FULL layer, so the scales are the full layer's (a sample's
     * own group maxima would be too small and its error biased low: measured 18 to 56% on the
     * synthetic LLaMA-2-7B), and the sensitivity sum of every tile, so the tile classes are the full
     * layer's ranking (ranked on the sample, the tiles whose sampled rows happen to be small were
     * chosen fast and the fast class's error came out low); returns each column's max|w| over all
     * rows (per-channel RTN). Deterministic for any thread count: rows are summed in order.
     */
    static float[] stream(RowLoader rl, int k, int n, double[] ms, float[] sensFull, java.util.Collection<Streamed> groups) {
        return stream(rl, k, n, ms, sensFull, groups, new int[0], new float[0]);
    }

    /**
     * As above; the rows {@code have} (ascending) are taken from {@code haveRows} (their weights,
     * row after row) instead of being loaded again: the sampled rows, generated before the pass.
     */
    static float[] stream(RowLoader rl, int k, int n, double[] ms, float[] sensFull, java.util.Collection<Streamed> groups, int[] have,
                          float[] haveRows) {
        float[] colMax = new float[n];
        Streamed[] gs = groups.toArray(new Streamed[0]);
        // the option groups share their outlier rule (mean and limit: all are estimated from the
        // same sample) and differ in the salient threshold: the outlier test and the sensitivity of
        // a weight are computed once per rule, not once per group
        List<List<Streamed>> byRule = new ArrayList<>();
        for (Streamed g : gs) {
            List<Streamed> same = null;
            for (List<Streamed> r : byRule) if (r.get(0).mean == g.mean && r.get(0).lim == g.lim) same = r;
            if (same == null) byRule.add(same = new ArrayList<>());
            same.add(g);
        }
        // Per row, in loops the JIT turns into SIMD code (float arithmetic, min and max only: no
        // branch, no select, no float's bits, one array written per loop): whether a weight is an
        // outlier (1) or not (0), per group whether it is left out (1: outlier or salient) or kept
        // (0); then the kept weights' range (a left-out weight moved beyond every kept one by
        // Float.MAX_VALUE) and the kept sensitivities (times 1, the others times 0) added to the
        // columns' sums of the tile row.
        float[] out = new float[n], left = new float[n];
        float[] sensF = new float[n];
        float[][] bounds = new float[byRule.size()][];
        for (int ru = 0; ru < bounds.length; ru++) bounds[ru] = keptBounds(byRule.get(ru).get(0).mean, byRule.get(ru).get(0).lim);
        float[] row = new float[n];
        Streamed[][] rules = new Streamed[byRule.size()][];
        for (int ru = 0; ru < rules.length; ru++) rules[ru] = byRule.get(ru).toArray(new Streamed[0]);
        for (Streamed g : gs) g.startRanges();
        // row by row into one array: generated (or read) and scanned while it is in the core's cache
        int next = 0; // the first of the rows at hand not yet passed
        for (int r = 0; r < k; r++) {
            double e = ms[r];
            // the row in an array of its own: loops indexed with an offset compiled to slower code
            if (next < have.length && have[next] == r) System.arraycopy(haveRows, n * next++, row, 0, n);
            else rl.loadRow(r, row);
            if (sensFull != null) System.arraycopy(sensFull, r * n, sensF, 0, n);
            for (Streamed g : gs) g.rangesFor(r / g.tile);
            passRow(row, n, e, sensFull == null, colMax, sensF, out, left, rules, bounds);
        }
        for (Streamed g : gs) g.endRanges();
        for (float m : colMax) {
            // the ranges' arithmetic moves a left-out weight by Float.MAX_VALUE past every kept
            // one, exact for |w| below 2^103: far beyond any weight a model holds
            if (!(m < 0x1p100f)) throw new IllegalArgumentException("a weight of magnitude " + m + ": expected below 2^100");
        }
        return colMax;
    }

    /**
     * One row of the streaming pass, in blocks of columns whose arrays (row, sensitivities,
     * outlier and left-out flags, each group's ranges and sums) stay in the first-level cache from one loop to
     * the next (over whole rows they did not: 16 KB an array at 4096 columns). A method of its own,
     * called per row: compiled once, where inside the pass's loop the JIT compiled it with the
     * whole pass, on stack replacement, five times (2 s of a 2-core machine's time).
     */
    private static void passRow(float[] row, int n, double e, boolean ownSensitivity, float[] colMax, float[] sensF, float[] out, float[] left,
                                Streamed[][] rules, float[][] bounds) {
        for (int c0 = 0; c0 < n; c0 += COLUMN_BLOCK) {
            int c1 = Math.min(n, c0 + COLUMN_BLOCK);
            columnMax(row, c0, c1, colMax);
            if (ownSensitivity) sensitivity(row, c0, c1, e, sensF);
            for (int ru = 0; ru < rules.length; ru++) {
                outliers(row, c0, c1, bounds[ru][0], bounds[ru][1], out);
                for (Streamed g : rules[ru]) {
                    float[] l = out;
                    if (g.thr < Float.POSITIVE_INFINITY) { // no salient weight without a threshold: left out = outlier
                        leftOut(sensF, out, g.below, left, c0, c1);
                        l = left;
                    }
                    keptRange(row, l, g.negLo, g.hi, c0, c1);
                    keptSensitivity(sensF, l, g.colSens, c0, c1);
                }
            }
        }
    }

    /** Columns per block of the streaming pass: 512 x 4 bytes x some ten arrays stay within a 32 KB first-level cache. */
    static final int COLUMN_BLOCK = 512;

    // The loops of the streaming pass, one small method each: compiled on their own, each is one
    // SIMD loop (inside the long-running pass they were compiled on stack replacement, and slower)

    private static void columnMax(float[] w, int from, int to, float[] colMax) {
        for (int c = from; c < to; c++) colMax[c] = Math.max(colMax[c], Math.abs(w[c]));
    }

    private static void sensitivity(float[] w, int from, int to, double e, float[] sensF) {
        for (int c = from; c < to; c++) {
            double v = w[c];
            sensF[c] = (float) (e * v * v);
        }
    }

    /** 2^100: a nonzero float difference (at least 2^-149) times it twice is at least 2^51, so min(1, ...) is 1. */
    private static final float STEP = 0x1p100f;

    /**
     * 1 where a weight lies outside [lo, hi] (the bounds of {@link #keptBounds}), 0 inside: the
     * weight clamped to the bounds differs from itself by a nonzero amount, which min(1, |d| 2^200)
     * turns into 1. Float arithmetic, min and max only: one SIMD loop (a test on the floats' bits
     * or a comparison's select was not: 0.9 against 0.1 ns a weight). Java's min and max order -0
     * below +0 as the bounds' bisection does.
     */
    static void outliers(float[] w, int from, int to, float lo, float hi, float[] out) {
        if (lo == Float.NEGATIVE_INFINITY && hi == Float.POSITIVE_INFINITY) { // no limit: no outlier
            Arrays.fill(out, from, to, 0f);
            return;
        }
        if (lo > hi) { // none kept
            Arrays.fill(out, from, to, 1f);
            return;
        }
        for (int c = from; c < to; c++) out[c] = Math.min(1f, Math.abs(Math.max(lo, Math.min(hi, w[c])) - w[c]) * STEP * STEP);
    }

    /**
     * 1 where a weight is an outlier ({@code out}) or salient (sensitivity at or above the
     * threshold, i.e. above {@code below}, the float just under it), else 0; as {@link #outliers}.
     */
    static void leftOut(float[] sens, float[] out, float below, float[] left, int from, int to) {
        for (int c = from; c < to; c++) left[c] = Math.max(out[c], Math.min(1f, Math.max(0f, sens[c] - below) * STEP * STEP));
    }

    /**
     * The least and the largest float w that are not outliers of the rule |w - mean| &gt; lim (the
     * difference in double, as the sample's rule computes it): that difference grows with w, so the
     * floats kept form one interval, found by bisection over the finite floats' order (weights are
     * finite: the model readers reject others). No limit: -inf and +inf.
     */
    static float[] keptBounds(double mean, double lim) {
        if (!(lim < Double.POSITIVE_INFINITY)) return new float[] {Float.NEGATIVE_INFINITY, Float.POSITIVE_INFINITY};
        int lo = floatKey(-Float.MAX_VALUE), hi = floatKey(Float.MAX_VALUE);
        // the largest float with w - mean <= lim, and the least with w - mean >= -lim
        int a = lo, b = hi;
        if (!((double) fromFloatKey(a) - mean <= lim)) return new float[] {Float.MAX_VALUE, -Float.MAX_VALUE}; // none kept
        while (a < b) {
            int mid = (int) (((long) a + b + 1) >> 1);
            if ((double) fromFloatKey(mid) - mean <= lim) a = mid;
            else b = mid - 1;
        }
        int top = a;
        a = lo;
        b = top;
        while (a < b) {
            int mid = (int) (((long) a + b) >> 1);
            if ((double) fromFloatKey(mid) - mean >= -lim) b = mid;
            else a = mid + 1;
        }
        if (!((double) fromFloatKey(a) - mean >= -lim)) return new float[] {Float.MAX_VALUE, -Float.MAX_VALUE}; // none kept
        return new float[] {fromFloatKey(a), fromFloatKey(top)};
    }

    /** The float as an int that orders as the float does (negative floats' magnitude bits flipped). */
    static int floatKey(float v) {
        int bits = Float.floatToRawIntBits(v);
        return bits ^ ((bits >> 31) & 0x7FFFFFFF);
    }

    /** The inverse of {@link #floatKey}. */
    static float fromFloatKey(int key) {
        return Float.intBitsToFloat(key ^ ((key >> 31) & 0x7FFFFFFF));
    }

    /**
     * The kept weights' range per column (kept: {@code left} 0): the largest w, and the largest -w
     * (so -0 stays below +0); a left-out weight enters as w - MAX_VALUE (exactly -MAX_VALUE for
     * |w| below 2^103), below every kept one. A weight that is kept enters as itself: x - 0 = x, -0
     * included.
     */
    private static void keptRange(float[] w, float[] left, float[] negLo, float[] hi, int from, int to) {
        for (int c = from; c < to; c++) {
            float away = left[c] * Float.MAX_VALUE;
            negLo[c] = Math.max(negLo[c], -w[c] - away);
            hi[c] = Math.max(hi[c], w[c] - away);
        }
    }

    /** The kept sensitivities added to the columns' sums: the float times 1 - left (1 kept, 0 left out). */
    private static void keptSensitivity(float[] sensF, float[] left, float[] sum, int from, int to) {
        for (int c = from; c < to; c++) sum[c] += sensF[c] * (1f - left[c]);
    }

    /** The sum of {@code n} weights from {@code base} in four interleaved partial sums (as {@link HaloQuantizer#rowSquares}). */
    static double rowSum(float[] w, int base, int n) {
        double a0 = 0, a1 = 0, a2 = 0, a3 = 0;
        int c = 0;
        for (; c + 3 < n; c += 4) {
            a0 += w[base + c];
            a1 += w[base + c + 1];
            a2 += w[base + c + 2];
            a3 += w[base + c + 3];
        }
        for (; c < n; c++) a0 += w[base + c];
        return (a0 + a1) + (a2 + a3);
    }

    static float[] copyRows(float[] w, int n, int[] rows) {
        float[] s = new float[rows.length * n];
        for (int j = 0; j < rows.length; j++) System.arraycopy(w, rows[j] * n, s, j * n, n);
        return s;
    }

    /**
     * 95% interval of the ratio estimator R = A/B by the delta method for a stratified sample:
     * d_r = a_r - R b_r (per-row error and energy, unscaled), Var(A - R B) = sum over strata of
     * N_h^2 (1 - n_h/N_h) s_h^2 / n_h.
     */
    static double[] interval(double[] rowErr, double[] rowEn, double[] msScaled, Sample s, double r) {
        int units = s.strataRows().length;
        // per stratum: sums of d, x = E[x^2], d^2, d x, x^2 (for the residuals d - rho_h x)
        double[] sd = new double[units], sx = new double[units], sdd = new double[units], sdx = new double[units], sxx = new double[units];
        double bTotal = 0;
        for (int j = 0; j < s.rows().length; j++) {
            double e = rowErr[j], en = rowEn[j];
            bTotal += msScaled[j] * en;
            int u = s.stratum()[j];
            if (u < 0) continue;
            double base = msScaled[j] / s.msFactor()[j];
            double d = base * e - r * base * en;
            sd[u] += d;
            sx[u] += base;
            sdd[u] += d * d;
            sdx[u] += d * base;
            sxx[u] += base * base;
        }
        if (bTotal == 0) return new double[] {r, r};
        double var = 0;
        for (int u = 0; u < units; u++) {
            int nh = s.strataDrawn()[u], bigN = s.strataRows()[u];
            if (nh < 2 || sx[u] <= 0) continue;
            // ratio estimator with E[x^2] as auxiliary: X_h * sum(d) / sum(x); its variance from
            // the residuals d - rho x (rho = sum d / sum x), which sum to zero
            double rho = sd[u] / sx[u];
            double sh = Math.max(0, (sdd[u] - 2 * rho * sdx[u] + rho * rho * sxx[u]) / (nh - 1));
            var += (double) bigN * bigN * (1 - (double) nh / bigN) * sh / nh;
        }
        double half = 1.96 * Math.sqrt(var) / bTotal;
        return new double[] {Math.max(0, r - half), r + half};
    }
}
