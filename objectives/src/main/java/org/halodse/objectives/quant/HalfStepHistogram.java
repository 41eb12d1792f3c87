package org.halodse.objectives.quant;

import java.util.Arrays;

/**
 * Weighted points on the INT8 grid's axis (in code units), binned at half steps: bin i covers
 * [-128 + i/2, -128 + (i+1)/2), the first bin also everything below and the last everything
 * above. Each bin keeps the exact sums of h, h*x and h*x^2 of its points, not a representative.
 *
 * <p>Why this is exact for codebooks on the integer grid: the nearest-center boundary between two
 * integer centers a &lt; b is (a+b)/2, an integer or half-integer, i.e. always a bin edge; points
 * below -128 (above 127) go to the lowest (highest) center whatever the codebook. So every point
 * of a bin has the same nearest center in every codebook, and the squared error of a bin against a
 * center c is S2 - 2c S1 + c^2 S0 exactly (a tie on an edge costs the same either way).
 */
public final class HalfStepHistogram {
    public static final int BINS = 512;
    final double[] s0 = new double[BINS], s1 = new double[BINS], s2 = new double[BINS];

    /** Bin of {@code x} (code units). */
    public static int bin(double x) {
        // clamped by min/max, not by tests: loops of bins compile to SIMD code (NaN gives bin 0)
        return (int) Math.min(Math.max(Math.floor((x + 128.0) * 2.0), 0.0), BINS - 1);
    }

    /** Index of the bin edge at integer value {@code v} (the lower edge of v's bin). */
    static int edge(int v) {
        return 2 * v + 256;
    }

    public void add(double x, double h) {
        int b = bin(x);
        s0[b] += h;
        double hx = h * x;
        s1[b] += hx;
        s2[b] += hx * x;
    }

    public void clear() {
        Arrays.fill(s0, 0);
        Arrays.fill(s1, 0);
        Arrays.fill(s2, 0);
    }

    public double totalWeight() {
        double t = 0;
        for (double v : s0) t += v;
        return t;
    }

    /** Weighted squared error of every point against its nearest value of {@code codebook} (sorted). */
    public double cost(int[] codebook) {
        int[] near = OptimalCodebook.nearestByBin(codebook);
        double c = 0;
        for (int b = 0; b < BINS; b++) {
            if (s0[b] == 0) continue;
            double v = near[b];
            c += s2[b] - 2 * v * s1[b] + v * v * s0[b];
        }
        return Math.max(0, c);
    }

    /** Sets bins b0..b1 (inclusive) of the bin set (8 words, one bit per bin) at {@code at} of {@code bits}. */
    static void setBins(long[] bits, int at, int b0, int b1) {
        for (int wd = b0 >> 6, last = b1 >> 6; wd <= last; wd++) bits[at + wd] |= wordMask(wd, b0, b1);
    }

    /** Whether any of bins b0..b1 (inclusive) is set in the bin set at {@code at} of {@code bits}. */
    static boolean anyBin(long[] bits, int at, int b0, int b1) {
        for (int wd = b0 >> 6, last = b1 >> 6; wd <= last; wd++) if ((bits[at + wd] & wordMask(wd, b0, b1)) != 0) return true;
        return false;
    }

    /** The bits of word {@code wd} (bins 64 wd .. 64 wd + 63) that lie in b0..b1: all from the lowest up, less those above the highest. */
    private static long wordMask(int wd, int b0, int b1) {
        int lo = Math.max(b0, wd << 6) & 63, hi = Math.min(b1, (wd << 6) + 63) & 63;
        return (-1L << lo) & (-1L >>> (63 - hi));
    }
}
