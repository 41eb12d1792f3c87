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
 * (1/2048 of y's range: a 0.03 to 0.11 code step wide bucket for a symmetric 8-bit axis, under
 * 0.02 for a zero-point axis of 32 values) may land in the neighbouring bin. This is for sampled
 * layers, whose histograms are estimates anyway: a sampled LLaMA layer's segment is bucketed once
 * per kind and its dozens of scale choices (3 targets x 4 factors per allowed set) cost a pass over
 * 4096 buckets each instead of a pass over a million weights (measured: histogram passes were 47%
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
    static final int BUCKETS = 4096;
    private static final double HALF = BUCKETS / 2.0;

    final int layers, tiles;
    /** Per row layer and bucket: h0, h0 y, h0 y^2, count (interleaved: one cache line per update). */
    final double[] sums;
    /** Per tile of the segment (in the segment's order): the least and largest y of its dense weights (+inf/-inf: none). */
    final double[] tileMin, tileMax;

    private NormalizedBuckets(int layers, int tiles) {
        this.layers = layers;
        this.tiles = tiles;
        sums = new double[layers * BUCKETS * 4];
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
        NormalizedBuckets b = new NormalizedBuckets(layers, segTiles.length);
        int cols = Math.min(tc.tile(), n);
        double[] mid = new double[cols], rinv = new double[cols], r2 = new double[cols];
        double[] y = new double[cols];
        final double[] s = b.sums;
        for (int ti = 0; ti < segTiles.length; ti++) {
            int tile = segTiles[ti];
            int r0 = tc.rowStart(tile), r1 = tc.rowEnd(tile), c0 = tc.colStart(tile), c1 = tc.colEnd(tile), len = c1 - c0;
            int g0 = channel ? (tile / tc.tileCols()) * n + c0 : tile;
            for (int j = 0; j < len; j++) {
                int g = channel ? g0 + j : g0;
                normalization(lo[g], hi[g], zeroPoint, mid, rinv, r2, j);
            }
            double yMin = Double.POSITIVE_INFINITY, yMax = Double.NEGATIVE_INFINITY;
            for (int r = r0; r < r1; r++) {
                int base = r * n + c0;
                double e = ms[r];
                int off = rowLayer[r] * BUCKETS * 4;
                normalize(w, base, mid, rinv, y, len);
                for (int j = 0; j < len; j++) {
                    if (sparse[base + j]) continue;
                    double v = y[j], h0 = e * r2[j], hy = h0 * v;
                    int at = off + 4 * bucket(v);
                    s[at] += h0;
                    s[at + 1] += hy;
                    s[at + 2] += hy * v;
                    s[at + 3] += 1;
                    yMin = Math.min(yMin, v);
                    yMax = Math.max(yMax, v);
                }
            }
            b.tileMin[ti] = yMin;
            b.tileMax[ti] = yMax;
        }
        return b;
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

    private static void normalize(float[] w, int base, double[] mid, double[] rinv, double[] y, int len) {
        for (int j = 0; j < len; j++) y[j] = (w[base + j] - mid[j]) * rinv[j];
    }

    static int bucket(double y) {
        double f = (y + 1.0) * HALF;
        return f <= 0 ? 0 : f >= BUCKETS ? BUCKETS - 1 : (int) f;
    }

    /**
     * The half-step histogram at x = K y + T into {@code out} (the layout of a histogram of
     * {@code layers} row layers: [layer][bin][h, h x, h x^2, count], added to), and into
     * {@code occupied} (8 words per tile of the segment) every bin between the bins of each tile's
     * extremes.
     */
    void histogram(double k, double t, double[] out, long[] occupied) {
        final int B = HalfStepHistogram.BINS;
        double k1 = 1 / k, k2 = k1 * k1;
        for (int l = 0; l < layers; l++) {
            int in = l * BUCKETS * 4, to = l * B * 4;
            for (int b = 0; b < BUCKETS; b++, in += 4) {
                double cnt = sums[in + 3];
                if (cnt == 0) continue;
                double s0 = sums[in], s1 = sums[in + 1], s2 = sums[in + 2];
                double yBar = s0 > 0 ? s1 / s0 : (b + 0.5) / HALF - 1.0;
                int at = to + 4 * HalfStepHistogram.bin(yBar * k + t);
                out[at] += s0 * k2;
                out[at + 1] += s1 * k1 + t * s0 * k2;
                out[at + 2] += s2 + 2 * t * s1 * k1 + t * t * s0 * k2;
                out[at + 3] += cnt;
            }
        }
        for (int ti = 0; ti < tiles; ti++) {
            if (tileMin[ti] > tileMax[ti]) continue;
            int b0 = HalfStepHistogram.bin(tileMin[ti] * k + t), b1 = HalfStepHistogram.bin(tileMax[ti] * k + t);
            for (int bin = b0; bin <= b1; bin++) occupied[ti * 8 + (bin >> 6)] |= 1L << bin;
        }
    }
}
