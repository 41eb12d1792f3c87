package org.halodse.objectives.quant;

import java.util.function.IntToDoubleFunction;

/** Runs a {@link QuantOption} on one layer: RTN or the HALO quantizer. */
public final class OptionQuantizer {
    private OptionQuantizer() {
    }

    /**
     * Quantizes; returns the HALO result (for RTN a single-class result built from the codes) and
     * writes the dequantized weights to {@code deq} when not null.
     */
    public static HaloQuantizer.Result run(QuantOption o, float[] w, int k, int n, double[] meanSquare, float[] sens,
                                           IntToDoubleFunction delay, float[] deq) {
        if (!o.isRtn()) {
            return HaloQuantizer.quantize(w, k, n, meanSquare, sens, o.haloConfig(delay, HaloQuantizer.DEFAULT_ALPHAS, true), deq);
        }
        return rtn(o, w, k, n, meanSquare, null, deq);
    }

    /** RTN; {@code columnMax} (may be null): max|w| of each full column when {@code w} holds sampled rows. */
    public static HaloQuantizer.Result rtn(QuantOption o, float[] w, int k, int n, double[] meanSquare, float[] columnMax, float[] deq) {
        return rtn(o, w, k, n, meanSquare, columnMax, deq, null, null, null);
    }

    /**
     * As {@link #rtn(QuantOption, float[], int, int, double[], float[], float[])}, also writing each
     * row's squared error sum_n (w - q)^2 and energy sum_n w^2 (unweighted) to {@code rowError} and
     * {@code rowEnergy} when not null (a sampled layer's interval needs them: a pass of their own
     * cost as much as the quantization). {@code rowSquares} (may be null): each row's sum of squares,
     * when the caller has them.
     */
    public static HaloQuantizer.Result rtn(QuantOption o, float[] w, int k, int n, double[] meanSquare, float[] columnMax, float[] deq,
                                           double[] rowError, double[] rowEnergy, double[] rowSquares) {
        int group = o.group() <= 0 ? k : o.group();
        UniformQuantizer.Scales sc = new UniformQuantizer.Scales(k, n, o.bits(), group);
        int[] codes = new int[n];
        float[] q = new float[n];
        long[] hist = new long[256];
        double err = 0, en = 0;
        int t = o.tile();
        int tr = (k + t - 1) / t, tc = (n + t - 1) / t;
        long[][] used = new long[tr * tc][4];
        // per tile of the current tile row, how often it holds each value (one increment per weight,
        // in the first-level cache); added to the histogram and the tiles' value sets when the tile
        // row is done (a count in four copies and a flag per (tile, value) per weight cost twice)
        int[] rowCounts = new int[tc * 256];
        for (int r = 0; r < k; r++) {
            if (r % sc.groupSize == 0) sc.group(w, r, columnMax);
            int base = r * n;
            sc.quantizeRow(w, base, codes, q);
            if (deq != null) System.arraycopy(q, 0, deq, base, n);
            double e = errorSquares(w, base, q, n), s = rowSquares != null ? rowSquares[r] : HaloQuantizer.rowSquares(w, base, n);
            countCodes(codes, n, t, rowCounts);
            if (r % t == t - 1 || r == k - 1) flushCounts(rowCounts, (r / t) * tc, hist, used);
            err += meanSquare[r] * e;
            en += meanSquare[r] * s;
            if (rowError != null) rowError[r] = e;
            if (rowEnergy != null) rowEnergy[r] = s;
        }
        int[] book = new int[2 * ((1 << (o.bits() - 1)) - 1) + 1];
        for (int i = 0; i < book.length; i++) book[i] = i - book.length / 2;
        long groups = (long) ((k + group - 1) / group) * n;
        HaloQuantizer.ClassResult none = new HaloQuantizer.ClassResult(0, 0, new int[0], new long[256], 0, Double.NaN, o.bits());
        HaloQuantizer.ClassResult all = new HaloQuantizer.ClassResult(tr * tc, (long) k * n, book, hist, err, 1.0, o.bits());
        return new HaloQuantizer.Result(new HaloQuantizer.ClassResult[] {none, all}, err, en, hist, 0, 0, 0,
            ((long) k * n * o.bits() + 7) / 8, 2 * groups, 0, 0, filled(tr * tc), used);
    }

    /**
     * The sum of (w - q)^2 over a row ({@code w} from {@code base}, {@code q} from 0), each
     * difference in float as the weights are, in four partial sums added in a fixed order (as
     * {@link HaloQuantizer#rowSquares}).
     */
    static double errorSquares(float[] w, int base, float[] q, int n) {
        double a0 = 0, a1 = 0, a2 = 0, a3 = 0;
        int c = 0;
        for (; c + 3 < n; c += 4) {
            double d0 = w[base + c] - q[c], d1 = w[base + c + 1] - q[c + 1], d2 = w[base + c + 2] - q[c + 2], d3 = w[base + c + 3] - q[c + 3];
            a0 += d0 * d0;
            a1 += d1 * d1;
            a2 += d2 * d2;
            a3 += d3 * d3;
        }
        for (; c < n; c++) {
            double d = w[base + c] - q[c];
            a0 += d * d;
        }
        return (a0 + a1) + (a2 + a3);
    }

    /** Each weight's code counted for its tile ({@code t} columns wide) of the row: counts[tile * 256 + code + 128]. */
    private static void countCodes(int[] codes, int n, int t, int[] counts) {
        for (int c0 = 0, tile = 0; c0 < n; c0 += t, tile++) {
            int c1 = Math.min(n, c0 + t), at = (tile << 8) + 128;
            for (int x = c0; x < c1; x++) counts[at + codes[x]]++;
        }
    }

    /** A tile row's counts (its first tile is {@code tile0}) into the histogram and the tiles' value sets; the counts reset. */
    private static void flushCounts(int[] counts, int tile0, long[] hist, long[][] used) {
        for (int i = 0; i < counts.length; i++) {
            int cnt = counts[i];
            if (cnt == 0) continue;
            int v = i & 255;
            hist[v] += cnt;
            used[tile0 + (i >> 8)][v >> 6] |= 1L << v;
            counts[i] = 0;
        }
    }

    private static byte[] filled(int tiles) {
        byte[] b = new byte[tiles];
        java.util.Arrays.fill(b, (byte) 1);
        return b;
    }
}
