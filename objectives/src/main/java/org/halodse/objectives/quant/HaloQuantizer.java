package org.halodse.objectives.quant;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

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
 * With {@code zeroPoint}, w = s (c - z) with an integer z per scale group: the group's midpoint is
 * mapped to a target on the allowed values' axis (their midrange, median or mean, searched with
 * alpha) and its wider side fitted to the allowed values on that side, so a one-signed set of fast values can
 * represent signed weights. Its cost: z * sum(a) once per output column and scale group, i.e.
 * one extra multiply-add per token for each scale group of a class that uses it
 * ({@link Result#zeroPointOpsPerToken}; with 128-row tiles, 1/128 of the layer's MACs), and 2
 * bytes per such group. A class whose allowed values are one-signed always uses it
 * ({@link #usesZeroPoint}).
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
     * dense slots than this looks at every s-th row of each tile only (s at most 8); the per-group
     * refinement looks at all rows, and the final codebook is solved exactly on all weights at the
     * chosen scales.
     */
    public static final long SEARCH_ENTRIES = 1 << 15;

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
                           double[][] channelRange, double[][] tileRange, double energy) {
        public Prepared(float[] w, int k, int n, double[] meanSquare, SparseSelection.Selection sparse, TileClasses tiles) {
            this(w, k, n, meanSquare, sparse, tiles, ranges(w, n, sparse.mask(), tiles, true), ranges(w, n, sparse.mask(), tiles, false),
                HaloQuantizer.energy(w, k, n, meanSquare));
        }

        Prepared(float[] w, int k, int n, double[] meanSquare, SparseSelection.Selection sparse, TileClasses tiles, double[][] ch, double[][] ti) {
            this(w, k, n, meanSquare, sparse, tiles, ch, ti, HaloQuantizer.energy(w, k, n, meanSquare));
        }
    }

    /** sum_k E[x_k^2] sum_n w_kn^2. */
    static double energy(float[] w, int k, int n, double[] ms) {
        double energy = 0;
        for (int r = 0; r < k; r++) {
            double s = 0;
            int base = r * n;
            for (int c = 0; c < n; c++) s += (double) w[base + c] * w[base + c];
            energy += ms[r] * s;
        }
        return energy;
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

    public static int bits(int size) {
        return size <= 1 ? 1 : 32 - Integer.numberOfLeadingZeros(size - 1);
    }

    /** Quantizes; writes the dequantized weights to {@code deq} when it is not null. */
    public static Result quantize(Prepared p, Config cfg, float[] deq) {
        if (p.tiles().tile() != cfg.tileSize()) throw new IllegalArgumentException("prepared for tile " + p.tiles().tile() + ", config says " + cfg.tileSize());
        return new Work(p, cfg, deq).run();
    }

    private static final class Work {
        final Prepared p;
        final Config cfg;
        final float[] w, deq;
        final double[] ms;
        final boolean[] sparse;
        final TileClasses tc;
        final int k, n, t, groups;
        final boolean channel;
        final double[] gmin, gmax, scale, inv;
        final int[] zp;
        final double[] groupAlpha;
        final long[][] used;
        // sparse slots: index, dequantized dense slot value
        boolean useZp;
        /** Where a zero-point group's midpoint goes on the allowed values' axis. */
        double zTarget;
        int[] spIdx = new int[16];
        double[] spD0 = new double[16];
        int spN;

        Work(Prepared p, Config cfg, float[] deq) {
            this.p = p;
            this.cfg = cfg;
            this.w = p.w();
            this.deq = deq;
            this.ms = p.meanSquare();
            this.sparse = p.sparse().mask();
            this.tc = p.tiles();
            this.k = p.k();
            this.n = p.n();
            this.t = tc.tile();
            this.channel = cfg.scale() == Scale.CHANNEL;
            this.groups = channel ? tc.tileRows() * n : tc.tiles();
            gmin = new double[groups];
            gmax = new double[groups];
            scale = new double[groups];
            inv = new double[groups];
            zp = new int[groups];
            groupAlpha = new double[groups];
            used = new long[tc.tiles()][4];
        }

        int gid(int tile, int c) {
            return channel ? (tile / tc.tileCols()) * n + c : tile;
        }

        Result run() {
            Arrays.fill(gmin, Double.POSITIVE_INFINITY);
            Arrays.fill(gmax, Double.NEGATIVE_INFINITY);
            double[][] ext = channel ? p.channelRange() : p.tileRange();
            System.arraycopy(ext[0], 0, gmin, 0, groups);
            System.arraycopy(ext[1], 0, gmax, 0, groups);
            byte[] cls = tc.classes(cfg.fastShare());
            ClassResult[] out = new ClassResult[2];
            long[] total = new long[256];
            double error = 0;
            long denseBits = 0;
            long meta = 2L * groups;
            long zpGroups = 0;
            for (int cl = 0; cl < 2; cl++) {
                List<Integer> tl = new ArrayList<>();
                for (int tile = 0; tile < cls.length; tile++) if (cls[tile] == cl) tl.add(tile);
                int[] tiles = tl.stream().mapToInt(Integer::intValue).toArray();
                ClassSpec spec = cl == 0 ? cfg.fast() : cfg.slow();
                useZp = usesZeroPoint(cfg, spec.allowed());
                ClassResult r = quantizeClass(tiles, spec);
                if (useZp) zpGroups += classGroups(tiles).length;
                out[cl] = r;
                error += r.error();
                for (int v = 0; v < 256; v++) total[v] += r.histogram()[v];
                denseBits += r.slots() * r.bits();
                meta += r.codebook().length;
            }
            // the sparse residuals at INT8, one scale per output column
            double[] colMax = new double[n];
            double[] resid = new double[spN];
            for (int j = 0; j < spN; j++) {
                int i = spIdx[j];
                resid[j] = w[i] - spD0[j];
                colMax[i % n] = Math.max(colMax[i % n], Math.abs(resid[j]));
            }
            int cols = 0;
            for (double m : colMax) if (m > 0) cols++;
            double spErr = 0;
            for (int j = 0; j < spN; j++) {
                int i = spIdx[j];
                double s = colMax[i % n] / 127.0;
                double q = s == 0 ? 0 : Math.max(-127, Math.min(127, Math.round(resid[j] / s))) * s;
                double v = spD0[j] + q;
                if (deq != null) deq[i] = (float) v;
                double d = w[i] - v;
                spErr += ms[i / n] * d * d;
            }
            double energy = p.energy();
            long sparseBytes = SparseSelection.bytes(spN, k, n, cols);
            return new Result(out, error + spErr, energy, total, spN, p.sparse().outliers(), spErr,
                (denseBits + 7) / 8, meta + 2 * zpGroups, sparseBytes, zpGroups, cls, used);
        }

        void setScale(int g, double alpha, AllowedValues a) {
            double lo = gmin[g], hi = gmax[g];
            if (lo > hi) { // no dense weight in the group
                scale[g] = 1;
                inv[g] = 1;
                zp[g] = 0;
                return;
            }
            double s;
            int z = 0;
            if (useZp && a.max() > a.min()) {
                if (hi - lo <= 1e-30) {
                    lo = Math.min(lo, 0);
                    hi = Math.max(hi, 0);
                }
                if (hi - lo <= 1e-30) {
                    s = 1e-20;
                    z = (int) Math.round(zTarget);
                } else {
                    // the group's midpoint goes to zTarget; the scale fits the wider side into the
                    // allowed values on its side of zTarget (for the midrange target: the whole range)
                    double c = (hi + lo) / 2, up = a.max() - zTarget, down = zTarget - a.min();
                    double need = Math.max(up > 0 ? (hi - c) / up : 0, down > 0 ? (c - lo) / down : 0);
                    s = alpha * (need > 0 ? need : (hi - lo) / (a.max() - a.min()));
                    double zz = Math.rint(zTarget - c / s);
                    z = (int) Math.max(-32767, Math.min(32767, zz));
                }
            } else {
                double amax = Math.max(Math.abs(lo), Math.abs(hi));
                int cmax = a.maxAbs();
                s = amax <= 1e-30 || cmax == 0 ? 1e-20 : alpha * amax / cmax;
                if (cmax == 0 || a.size() == 1) z = useZp ? a.min() : 0;
            }
            scale[g] = s;
            inv[g] = 1.0 / s;
            zp[g] = z;
        }

        void fill(HalfStepHistogram h, int[] tiles, int step) {
            h.clear();
            final double[] s0 = h.s0, s1 = h.s1, s2 = h.s2;
            final float[] w = this.w;
            final boolean[] sp = sparse;
            final double[] inv = this.inv, scale = this.scale;
            final int[] zp = this.zp;
            for (int tile : tiles) {
                int r0 = tc.rowStart(tile), r1 = tc.rowEnd(tile), c0 = tc.colStart(tile), c1 = tc.colEnd(tile);
                int gb = channel ? (tile / tc.tileCols()) * n + c0 : tile;
                int gs = channel ? 1 : 0;
                for (int r = r0 + (step > 1 ? (tile * 7) % step : 0); r < r1; r += step) {
                    int base = r * n;
                    double e = ms[r];
                    for (int c = c0; c < c1; c++) {
                        int i = base + c;
                        if (sp[i]) continue;
                        int g = gb + gs * (c - c0);
                        double sc = scale[g];
                        double x = w[i] * inv[g] + zp[g];
                        double hh = e * sc * sc;
                        double f = (x + 128.0) * 2.0;
                        int bin = f <= 0 ? 0 : f >= HalfStepHistogram.BINS ? HalfStepHistogram.BINS - 1 : (int) f;
                        double hx = hh * x;
                        s0[bin] += hh;
                        s1[bin] += hx;
                        s2[bin] += hx * x;
                    }
                }
            }
        }

        /** Per group, the weighted squared error of its dense weights at the current scales against a codebook. */
        void groupCosts(int[] tiles, int[] near, double[] cost, int step) {
            final float[] w = this.w;
            final boolean[] sp = sparse;
            final double[] inv = this.inv, scale = this.scale;
            final int[] zp = this.zp;
            for (int tile : tiles) {
                int r0 = tc.rowStart(tile), r1 = tc.rowEnd(tile), c0 = tc.colStart(tile), c1 = tc.colEnd(tile);
                int gb = channel ? (tile / tc.tileCols()) * n + c0 : tile;
                int gs = channel ? 1 : 0;
                for (int r = r0 + (step > 1 ? (tile * 7) % step : 0); r < r1; r += step) {
                    int base = r * n;
                    double e = ms[r];
                    for (int c = c0; c < c1; c++) {
                        int i = base + c;
                        if (sp[i]) continue;
                        int g = gb + gs * (c - c0);
                        double x = w[i] * inv[g] + zp[g];
                        double f = (x + 128.0) * 2.0;
                        int bin = f <= 0 ? 0 : f >= HalfStepHistogram.BINS ? HalfStepHistogram.BINS - 1 : (int) f;
                        double d = w[i] - scale[g] * (near[bin] - zp[g]);
                        cost[g] += e * d * d;
                    }
                }
            }
        }

        int[] classGroups(int[] tiles) {
            if (!channel) return tiles.clone();
            int[] gs = new int[0];
            int cnt = 0;
            for (int tile : tiles) {
                int c0 = tc.colStart(tile), c1 = tc.colEnd(tile);
                if (gs.length < cnt + (c1 - c0)) gs = Arrays.copyOf(gs, Math.max(2 * gs.length, cnt + (c1 - c0)));
                for (int c = c0; c < c1; c++) gs[cnt++] = gid(tile, c);
            }
            return Arrays.copyOf(gs, cnt);
        }

        /**
         * Zero-point targets tried for a class: the midrange of the allowed values (the whole
         * range used evenly), and their median and mean (the group's midpoint where the allowed
         * values are dense, e.g. among the small fast values of a two's complement multiplier).
         */
        double[] zeroPointTargets(AllowedValues a) {
            double mid = (a.min() + a.max()) / 2.0;
            if (!useZp) return new double[] {mid};
            int[] v = a.values();
            double med = v[v.length / 2], mean = 0;
            for (int x : v) mean += x;
            mean = Math.rint(mean / v.length);
            return java.util.stream.DoubleStream.of(mid, med, mean).distinct().toArray();
        }

        ClassResult quantizeClass(int[] tiles, ClassSpec spec) {
            AllowedValues a = spec.allowed();
            int size = Math.min(spec.size(), a.size());
            long[] hist = new long[256];
            if (tiles.length == 0) return new ClassResult(0, 0, new int[0], hist, 0, Double.NaN, bits(size));
            int[] gs = classGroups(tiles);
            HalfStepHistogram h = new HalfStepHistogram();
            long entries = 0;
            for (int tile : tiles) entries += (long) (tc.rowEnd(tile) - tc.rowStart(tile)) * (tc.colEnd(tile) - tc.colStart(tile));
            int step = (int) Math.max(1, Math.min(8, (entries + SEARCH_ENTRIES - 1) / SEARCH_ENTRIES));
            // each group picks its own scale from at least 32 of its rows (a channel group is one
            // column of a tile: subsampling its rows further makes the choice noise)
            int groupRows = Integer.MAX_VALUE;
            for (int tile : tiles) groupRows = Math.min(groupRows, tc.rowEnd(tile) - tc.rowStart(tile));
            int refineStep = channel ? 1 : step;
            double best = Double.POSITIVE_INFINITY, bestAlpha = cfg.alphas()[0], bestTarget = (a.min() + a.max()) / 2.0;
            int[] book = null;
            for (double target : zeroPointTargets(a)) {
                zTarget = target;
                for (double alpha : cfg.alphas()) {
                    for (int g : gs) setScale(g, alpha, a);
                    fill(h, tiles, step);
                    OptimalCodebook.Result res = OptimalCodebook.solve(h, a, size);
                    if (res.cost() < best) {
                        best = res.cost();
                        bestAlpha = alpha;
                        bestTarget = target;
                        book = res.values();
                    }
                }
                if (!useZp) break;
            }
            zTarget = bestTarget;
            for (int g : gs) {
                setScale(g, bestAlpha, a);
                groupAlpha[g] = bestAlpha;
            }
            if (cfg.refine() && cfg.alphas().length > 1) {
                int[] near = OptimalCodebook.nearestByBin(book);
                double[] bestG = new double[groups];
                double[] cur = new double[groups];
                Arrays.fill(bestG, Double.POSITIVE_INFINITY);
                // each group tries the class's factor and its neighbours on the grid
                double[] al = cfg.alphas();
                int bi = 0;
                for (int i = 0; i < al.length; i++) if (al[i] == bestAlpha) bi = i;
                for (double alpha : Arrays.copyOfRange(al, Math.max(0, bi - 1), Math.min(al.length, bi + 2))) {
                    for (int g : gs) {
                        setScale(g, alpha, a);
                        cur[g] = 0;
                    }
                    groupCosts(tiles, near, cur, refineStep);
                    for (int g : gs) {
                        if (cur[g] < bestG[g]) {
                            bestG[g] = cur[g];
                            groupAlpha[g] = alpha;
                        }
                    }
                }
                for (int g : gs) setScale(g, groupAlpha[g], a);
                fill(h, tiles, 1);
                book = OptimalCodebook.solve(h, a, size).values();
            } else if (step > 1) { // the search saw a subsample: the codebook is solved on all weights
                fill(h, tiles, 1);
                book = OptimalCodebook.solve(h, a, size).values();
            }
            int[] near = OptimalCodebook.nearestByBin(book);
            double err = 0;
            long slots = 0;
            final float[] w = this.w;
            final boolean[] sp = sparse;
            final int[] th = new int[256]; // the tile's histogram: the values it holds
            for (int tile : tiles) {
                long[] u = used[tile];
                int r0 = tc.rowStart(tile), r1 = tc.rowEnd(tile), c0 = tc.colStart(tile), c1 = tc.colEnd(tile);
                int gb = channel ? (tile / tc.tileCols()) * n + c0 : tile;
                int gstep = channel ? 1 : 0;
                slots += (long) (r1 - r0) * (c1 - c0);
                Arrays.fill(th, 0);
                for (int r = r0; r < r1; r++) {
                    int base = r * n;
                    double e = ms[r];
                    for (int c = c0; c < c1; c++) {
                        int i = base + c;
                        int g = gb + gstep * (c - c0);
                        if (sp[i]) {
                            int code = near[HalfStepHistogram.bin(zp[g])];
                            th[code + 128]++;
                            if (spN == spIdx.length) {
                                spIdx = Arrays.copyOf(spIdx, 2 * spN);
                                spD0 = Arrays.copyOf(spD0, 2 * spN);
                            }
                            spIdx[spN] = i;
                            spD0[spN++] = scale[g] * (code - zp[g]);
                            continue;
                        }
                        double x = w[i] * inv[g] + zp[g];
                        double f = (x + 128.0) * 2.0;
                        int code = near[f <= 0 ? 0 : f >= HalfStepHistogram.BINS ? HalfStepHistogram.BINS - 1 : (int) f];
                        double v = scale[g] * (code - zp[g]);
                        if (deq != null) deq[i] = (float) v;
                        double d = w[i] - v;
                        err += e * d * d;
                        th[code + 128]++;
                    }
                }
                for (int v = 0; v < 256; v++) {
                    if (th[v] == 0) continue;
                    hist[v] += th[v];
                    u[v >> 6] |= 1L << (v & 63);
                }
            }
            return new ClassResult(tiles.length, slots, book, hist, err, bestAlpha, bits(book.length));
        }
    }
}
