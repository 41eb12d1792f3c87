package org.halodse.objectives.quant;

import java.util.Arrays;

/**
 * The dense weights of one segment of tiles, each normalized by its scale group, bucketed once;
 * from the buckets, the half-step histogram at any scale choice of one kind, without another pass
 * over the weights.
 *
 * <p>Why it works: at clipping factor alpha (and zero-point target T) every group maps its weights
 * to the code axis by the same affine map of the normalized weight y = (w - m) / r, x = K y + T,
 * with m, r the group's midpoint and half-range (zero point) or 0 and max|w| (symmetric), K =
 * 1/(alpha q) (q: the larger of 1/(max - T) and 1/(T - min) over the allowed values' sides) or
 * max|allowed| / alpha, and the weight of the error h = E[x^2] s^2 = E[x^2] r^2 / K^2. So the sums
 * of h0 = E[x^2] r^2, h0 y and h0 y^2 per bucket of y give each bucket's sums of h, h x and h x^2
 * at any (K, T) exactly; only which half-step bin a bucket falls in is approximate: the whole
 * bucket goes to the bin of its weighted mean, so a weight within a bucket's width of a bin edge
 * (at most about 0.11 code steps: {@link #SYMMETRIC_BUCKETS}) may land in the neighbouring bin.
 * This is for sampled layers, whose histograms are estimates anyway: a sampled LLaMA layer's
 * segment is bucketed once per kind and its dozens of scale choices (3 targets x 4 factors per
 * allowed set) cost a pass over the buckets each instead of a pass over a million weights (measured: histogram passes were 47%
 * of the sampled profile's time).
 *
 * <p>A tile's codes are taken from the range of its normalized weights (min and max y): every code
 * of the codebook between the codes of its extremes is counted as used. Exact for the extremes;
 * for a sampled tile (about 24 of its 128 rows) it estimates the full tile, whose rows fill the
 * codes between (the sampled rows alone may skip one).
 *
 * <p>Degenerate groups (a range of at most 1e-30, where the quantizer's scale is 1e-20) get y = 0
 * and h0 = 0: their error, E[x^2] (w - dequant)^2 with |w| at most 1e-30, is nil either way.
 */
final class NormalizedBuckets {
    /**
     * Buckets over y in [-1, 1]: 4096 for a symmetric axis (K up to 128 / 0.55, so a bucket is at
     * most 0.11 code steps wide), 1024 for a zero-point one (K = half the allowed values' span /
     * alpha: at most about 60 here, so again at most about 0.11 steps). 1024 buckets of 4 sums per
     * row layer stay in the core's first-level cache while a row is bucketed; 4096 do not (the
     * zero-point structures, nine tenths of the weights, bucket twice as fast with 1024).
     */
    static final int SYMMETRIC_BUCKETS = 4096, ZERO_POINT_BUCKETS = 1024;

    /** Columns per block of {@link #buildSegments}: a block's dozen small arrays stay within a 32 KB first-level cache. */
    static final int BLOCK = 512;

    final int buckets;
    private final double half;

    final int layers, tiles;
    /** Per row layer and bucket: h0, h0 y, h0 y^2, count (interleaved: one cache line per update). */
    final double[] sums;
    /** The same summed over the row layers (what the search needs: one pass over the buckets, not one per layer). */
    final double[] merged;
    /** Per tile of the segment (in the segment's order): the least and largest y of its dense weights (+inf/-inf: none). */
    final double[] tileMin, tileMax;

    private NormalizedBuckets(int layers, int tiles, int buckets) {
        this.layers = layers;
        this.buckets = buckets;
        half = buckets / 2.0;
        this.tiles = tiles;
        sums = new double[layers * buckets * 4];
        merged = new double[buckets * 4];
        tileMin = new double[tiles];
        tileMax = new double[tiles];
        Arrays.fill(tileMin, Double.POSITIVE_INFINITY);
        Arrays.fill(tileMax, Double.NEGATIVE_INFINITY);
    }

    /**
     * Buckets the dense weights of {@code segTiles}: scale groups per channel within a tile row
     * ({@code channel}) or per tile, ranges {@code lo}/{@code hi} per group, zero-point
     * normalization (midpoint, half-range) or symmetric (0, max|w|).
     */
    static NormalizedBuckets build(float[] w, int n, boolean[] sparse, double[] ms, int[] rowLayer, int layers, TileClasses tc, int[] segTiles,
                                   double[] lo, double[] hi, boolean channel, boolean zeroPoint) {
        return buildSegments(w, n, sparse, ms, rowLayer, layers, tc, new int[][] {segTiles}, new boolean[] {true}, lo, hi, channel, zeroPoint)[0];
    }

    /**
     * {@link #build} for every segment {@code s} with {@code needed[s]} (the others: null), in one
     * pass over the rows: per tile row, each row's normalized weights, error weights and buckets in
     * SIMD loops over blocks of adjacent tiles of the needed segments (per tile, 128 columns, the
     * loops' set-up cost as much as their work: 1.7 ns a weight before the scatter; over whole
     * rows, their arrays left the first-level cache), then the scatter tile by tile into its
     * segment's buckets. Each bucket's sums are added in row order within a tile row, then tile row
     * by tile row (fixed: the same for any thread count).
     */
    static NormalizedBuckets[] buildSegments(float[] w, int n, boolean[] sparse, double[] ms, int[] rowLayer, int layers, TileClasses tc,
                                             int[][] segTiles, boolean[] needed, double[] lo, double[] hi, boolean channel, boolean zeroPoint) {
        int nb = zeroPoint ? ZERO_POINT_BUCKETS : SYMMETRIC_BUCKETS;
        NormalizedBuckets[] out = new NormalizedBuckets[segTiles.length];
        int tiles = tc.tiles(), tcols = tc.tileCols();
        int[] segOf = new int[tiles], posIn = new int[tiles];
        Arrays.fill(segOf, -1);
        for (int sg = 0; sg < segTiles.length; sg++) {
            if (!needed[sg]) continue;
            out[sg] = new NormalizedBuckets(layers, segTiles[sg].length, nb);
            for (int i = 0; i < segTiles[sg].length; i++) {
                segOf[segTiles[sg][i]] = sg;
                posIn[segTiles[sg][i]] = i;
            }
        }
        final double half = nb / 2.0;
        // per tile row, the needed tiles' columns cut into blocks of adjacent tiles of at most
        // BLOCK columns; per block its groups' normalization, and per row its weights' y, h and
        // bucket, all in block-sized arrays that stay in the first-level cache between the loops
        // (whole-row arrays of doubles did not: 32 KB each at 4096 columns)
        int cap = Math.max(BLOCK, tc.tile());
        double[][] bMid = new double[tcols][], bRinv = new double[tcols][], bR2 = new double[tcols][];
        int[] blockStart = new int[tcols], blockEnd = new int[tcols], blockTile0 = new int[tcols], blockTiles = new int[tcols];
        float[] wb = new float[cap];
        double[] y = new double[cap], h = new double[cap];
        int[] at = new int[cap];
        double[] yMinT = new double[tiles], yMaxT = new double[tiles];
        Arrays.fill(yMinT, Double.POSITIVE_INFINITY);
        Arrays.fill(yMaxT, Double.NEGATIVE_INFINITY);
        int[] rowTiles = new int[tcols];
        for (int tr = 0; tr < tc.tileRows(); tr++) {
            int r0 = tc.rowBounds()[tr], r1 = tc.rowBounds()[tr + 1];
            if (r0 >= r1) continue;
            int cnt = 0, blocks = 0;
            for (int tcol = 0; tcol < tcols; tcol++) {
                int t = tr * tcols + tcol;
                if (segOf[t] < 0) continue;
                int c0 = tc.colStart(t), c1 = tc.colEnd(t);
                if (blocks == 0 || blockEnd[blocks - 1] != c0 || c1 - blockStart[blocks - 1] > cap) { // a new block
                    if (bMid[blocks] == null) {
                        bMid[blocks] = new double[cap];
                        bRinv[blocks] = new double[cap];
                        bR2[blocks] = new double[cap];
                    }
                    blockStart[blocks] = c0;
                    blockTile0[blocks] = cnt;
                    blockTiles[blocks] = 0;
                    blocks++;
                }
                int b = blocks - 1, a = blockStart[b];
                for (int c = c0; c < c1; c++) {
                    int g = channel ? tr * n + c : t;
                    normalization(lo[g], hi[g], zeroPoint, bMid[b], bRinv[b], bR2[b], c - a);
                }
                blockEnd[b] = c1;
                blockTiles[b]++;
                rowTiles[cnt++] = t;
            }
            if (cnt == 0) continue;
            for (int r = r0; r < r1; r++) {
                int base = r * n, off = rowLayer[r] * nb * 4;
                double e = ms[r];
                for (int b = 0; b < blocks; b++) {
                    int a = blockStart[b], len = blockEnd[b] - a;
                    System.arraycopy(w, base + a, wb, 0, len);
                    normalize(wb, bMid[b], bRinv[b], y, len);
                    weights(e, bR2[b], h, len);
                    buckets(y, half, nb, at, len);
                    for (int i = blockTile0[b], end = i + blockTiles[b]; i < end; i++) {
                        int t = rowTiles[i];
                        scatter(out[segOf[t]].sums, off, sparse, base + a, y, h, at, tc.colStart(t) - a, tc.colEnd(t) - a, yMinT, yMaxT, t);
                    }
                }
            }
        }
        for (int sg = 0; sg < segTiles.length; sg++) {
            NormalizedBuckets b = out[sg];
            if (b == null) continue;
            for (int i = 0; i < segTiles[sg].length; i++) {
                b.tileMin[i] = yMinT[segTiles[sg][i]];
                b.tileMax[i] = yMaxT[segTiles[sg][i]];
            }
            for (int l = 0; l < layers; l++) for (int i = 0; i < nb * 4; i++) b.merged[i] += b.sums[l * nb * 4 + i];
        }
        return out;
    }

    /**
     * The dense weights of one tile's columns [c0, c1) of one row into the buckets at {@code off};
     * the tile's least and largest y updated in {@code yMinT}, {@code yMaxT} at {@code t}.
     */
    private static void scatter(double[] s, int off, boolean[] sparse, int base, double[] y, double[] h, int[] at, int c0, int c1,
                                double[] yMinT, double[] yMaxT, int t) {
        double yMin = yMinT[t], yMax = yMaxT[t];
        for (int j = c0; j < c1; j++) {
            if (sparse[base + j]) continue;
            double v = y[j], h0 = h[j], hy = h0 * v;
            int a = off + at[j];
            s[a] += h0;
            s[a + 1] += hy;
            s[a + 2] += hy * v;
            s[a + 3] += 1;
            // branches, not Math.min/max: rarely taken, so predicted, where Math.min's
            // NaN- and -0-safe sequence made a slow chain through every weight
            if (v < yMin) yMin = v;
            if (v > yMax) yMax = v;
        }
        yMinT[t] = yMin;
        yMaxT[t] = yMax;
    }

    /** A group's midpoint, 1/half-range and half-range squared (zero point), or 0, 1/max|w|, max|w|^2; degenerate: y = 0, h0 = 0. */
    private static void normalization(double lo, double hi, boolean zeroPoint, double[] mid, double[] rinv, double[] r2, int j) {
        double m = 0, r;
        if (lo > hi) r = 0; // no dense weight in the group
        else if (zeroPoint) {
            if (hi - lo <= 1e-30) { // as the quantizer does: a one-value group's range is widened to include zero
                lo = Math.min(lo, 0);
                hi = Math.max(hi, 0);
            }
            m = (hi + lo) / 2;
            r = hi - lo <= 1e-30 ? 0 : (hi - lo) / 2;
        } else {
            r = Math.max(Math.abs(lo), Math.abs(hi));
            if (r <= 1e-30) r = 0;
        }
        mid[j] = m;
        rinv[j] = r == 0 ? 0 : 1 / r;
        r2[j] = r * r;
    }

    private static void normalize(float[] w, double[] mid, double[] rinv, double[] y, int len) {
        for (int j = 0; j < len; j++) y[j] = (w[j] - mid[j]) * rinv[j];
    }

    private static void weights(double e, double[] r2, double[] h, int len) {
        for (int j = 0; j < len; j++) h[j] = e * r2[j];
    }

    /**
     * 4 times the bucket of every column: (y + 1) half truncated, clamped to [0, buckets - 1] (NaN:
     * 0), in a loop of its own (SIMD; clamped as ints after the conversion, not as doubles before
     * it: half the cost, the same buckets).
     */
    private static void buckets(double[] y, double half, int buckets, int[] at, int len) {
        int top = buckets - 1;
        for (int j = 0; j < len; j++) at[j] = 4 * Math.max(0, Math.min(top, (int) ((y[j] + 1.0) * half)));
    }

    /**
     * The half-step histogram at x = K y + T of all row layers together into {@code out}
     * ([bin][h, h x, h x^2, count], added to), and into {@code occupied} (8 words per tile of the
     * segment) every bin between the bins of each tile's extremes.
     */
    void histogram(double k, double t, double[] out, long[] occupied) {
        map(merged, 0, k, t, out, 0);
        for (int ti = 0; ti < tiles; ti++) {
            if (tileMin[ti] > tileMax[ti]) continue;
            int b0 = HalfStepHistogram.bin(tileMin[ti] * k + t), b1 = HalfStepHistogram.bin(tileMax[ti] * k + t);
            // a mask per word (a bit at a time was up to 512 operations per tile and scale choice)
            HalfStepHistogram.setBins(occupied, ti * 8, b0, b1);
        }
    }


    /**
     * As {@link #histogram}, per row layer: [layer][bin][h, h x, h x^2, count], added to; no tile
     * bins. A bucket goes to the same bin in every layer (that of its mean over all layers), so the
     * layers add up to {@link #histogram}'s.
     */
    void layerHistograms(double k, double t, double[] out) {
        for (int b = 0; b < buckets; b++) {
            if (merged[4 * b + 3] == 0) continue;
            int bin = bin(merged, 4 * b, b, k, t);
            for (int l = 0; l < layers; l++) add(sums, l * buckets * 4 + 4 * b, k, t, out, (l * HalfStepHistogram.BINS + bin) * 4);
        }
    }

    /** One layer's buckets (from {@code in}) mapped to the half-step bins of x = K y + T (at {@code to}). */
    private void map(double[] src, int in, double k, double t, double[] out, int to) {
        for (int b = 0; b < buckets; b++, in += 4) {
            if (src[in + 3] == 0) continue;
            add(src, in, k, t, out, to + 4 * bin(src, in, b, k, t));
        }
    }

    /** The bin of a bucket: that of its weighted mean y (its centre when its weights carry no weight). */
    private int bin(double[] src, int in, int b, double k, double t) {
        double s0 = src[in], yBar = s0 > 0 ? src[in + 1] / s0 : (b + 0.5) / half - 1.0;
        return HalfStepHistogram.bin(yBar * k + t);
    }

    /** A bucket's sums of h0, h0 y, h0 y^2, count as sums of h, h x, h x^2, count at x = K y + T, added at {@code at}. */
    private static void add(double[] src, int in, double k, double t, double[] out, int at) {
        double k1 = 1 / k, k2 = k1 * k1;
        double s0 = src[in], s1 = src[in + 1], s2 = src[in + 2];
        out[at] += s0 * k2;
        out[at + 1] += s1 * k1 + t * s0 * k2;
        out[at + 2] += s2 + 2 * t * s1 * k1 + t * t * s0 * k2;
        out[at + 3] += src[in + 3];
    }
}
