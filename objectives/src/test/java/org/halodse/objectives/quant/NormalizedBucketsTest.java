package org.halodse.objectives.quant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The bucketed histograms of a sampled layer against the quantizer's own definition weight by
 * weight: every weight mapped to the code axis with its group's scale and offset from
 * {@link HaloQuantizer#groupScale}, its error weight E[x^2] s^2 summed into its half-step bin.
 */
class NormalizedBucketsTest {
    private static final int B = HalfStepHistogram.BINS;

    @Test
    void bucketHistogramsMatchThePerWeightDefinition() {
        Random rnd = new Random(17);
        int k = 96, n = 80, tile = 32, layers = 3;
        float[] w = new float[k * n];
        for (int i = 0; i < w.length; i++) w[i] = (float) (0.02 * rnd.nextGaussian() / Math.sqrt(0.3 + rnd.nextDouble()));
        for (int c = 0; c < n; c++) w[5 * n + c] = 0.7f; // a row of equal weights: one-value groups somewhere
        for (int r = 32; r < 64; r++) w[r * n + 79] = 0; // an all-zero group (degenerate)
        boolean[] sparse = new boolean[k * n];
        for (int i = 0; i < sparse.length; i++) sparse[i] = rnd.nextInt(50) == 0;
        double[] ms = new double[k];
        int[] rowLayer = new int[k];
        for (int r = 0; r < k; r++) {
            ms[r] = Math.exp(rnd.nextGaussian());
            rowLayer[r] = rnd.nextInt(layers);
        }
        TileClasses tc = TileClasses.rank(w, k, n, tile, ms, null, sparse);
        int[] seg = {0, 2, 4, 5, 7, 8}; // 6 of the 9 tiles (3 x 3, the last column 16 wide)
        AllowedValues[] sets = {AllowedValues.all(), AllowedValues.of(0, 1, 2, 3, 4, 8, 16, 32, 64), AllowedValues.of(-2, 0, 1, 2, 4, 8, 30)};
        for (boolean channel : new boolean[] {true, false}) {
            double[][] rg = HaloQuantizer.ranges(w, n, sparse, tc, channel);
            for (AllowedValues a : sets) {
                boolean zp = a.min() >= -2; // the two one-signed or lopsided sets with a zero point
                NormalizedBuckets nb = NormalizedBuckets.build(w, n, sparse, ms, rowLayer, layers, tc, seg, rg[0], rg[1], channel, zp);
                double[] targets = zp ? new double[] {(a.min() + a.max()) / 2.0, 4} : new double[] {0};
                for (double target : targets) {
                    for (double alpha : HaloQuantizer.DEFAULT_ALPHAS) {
                        check(w, n, sparse, ms, rowLayer, layers, tc, seg, rg, channel, a, zp, target, alpha, nb);
                    }
                }
            }
        }
    }

    private static void check(float[] w, int n, boolean[] sparse, double[] ms, int[] rowLayer, int layers, TileClasses tc, int[] seg, double[][] rg,
                              boolean channel, AllowedValues a, boolean zp, double target, double alpha, NormalizedBuckets nb) {
        String at = (channel ? "channel" : "tile") + " scales, " + a.size() + " values, target " + target + ", alpha " + alpha;
        // the reference: per weight, the quantizer's definition
        double[] ref = new double[layers * B * 4];
        double[] si = new double[2];
        double nearEdge = 0; // weights within a bucket's width (in code units) of a half-step edge
        double k = zp ? 1 / (alpha * Math.max(1 / (a.max() - target), 1 / (target - a.min()))) : a.maxAbs() / alpha;
        double width = k * 2.0 / nb.buckets;
        long[] refOcc = new long[seg.length * 8];
        for (int ti = 0; ti < seg.length; ti++) {
            int t = seg[ti];
            int binLo = B, binHi = -1;
            for (int r = tc.rowStart(t); r < tc.rowEnd(t); r++) {
                for (int c = tc.colStart(t); c < tc.colEnd(t); c++) {
                    int i = r * n + c;
                    if (sparse[i]) continue;
                    int g = channel ? (t / tc.tileCols()) * n + c : t;
                    double z = HaloQuantizer.groupScale(rg[0][g], rg[1][g], alpha, a, zp, target, si);
                    double x = w[i] * si[1] + z, h = ms[r] * si[0] * si[0];
                    int bin = HalfStepHistogram.bin(x);
                    int o = (rowLayer[r] * B + bin) * 4;
                    ref[o] += h;
                    ref[o + 1] += h * x;
                    ref[o + 2] += h * x * x;
                    ref[o + 3] += 1;
                    double f = (x + 128) * 2;
                    if (Math.abs(f - Math.rint(f)) < 2 * width + 1e-9) nearEdge++;
                    binLo = Math.min(binLo, bin);
                    binHi = Math.max(binHi, bin);
                }
            }
            for (int bin = binLo; bin <= binHi; bin++) refOcc[ti * 8 + (bin >> 6)] |= 1L << bin;
        }
        double[] got = new double[layers * B * 4];
        long[] occ = new long[seg.length * 8];
        nb.layerHistograms(k, zp ? target : 0, got);
        double[] merged = new double[B * 4];
        nb.histogram(k, zp ? target : 0, merged, occ);
        for (int i = 0; i < B * 4; i++) {
            double sum = 0;
            for (int l = 0; l < layers; l++) sum += got[l * B * 4 + i];
            assertEquals(sum, merged[i], 1e-9 * Math.abs(sum), at + ": all layers together = the sum of the layers");
        }
        for (int l = 0; l < layers; l++) {
            double[] tr = new double[4], tg = new double[4];
            double moved = 0;
            HalfStepHistogram hr = new HalfStepHistogram(), hg = new HalfStepHistogram();
            for (int b = 0; b < B; b++) {
                int o = (l * B + b) * 4;
                for (int x = 0; x < 4; x++) {
                    tr[x] += ref[o + x];
                    tg[x] += got[o + x];
                }
                moved += Math.abs(ref[o + 3] - got[o + 3]);
                hr.s0[b] = ref[o];
                hr.s1[b] = ref[o + 1];
                hr.s2[b] = ref[o + 2];
                hg.s0[b] = got[o];
                hg.s1[b] = got[o + 1];
                hg.s2[b] = got[o + 2];
            }
            // the sums over all bins are exact: the affine map is applied to each bucket's sums
            for (int x = 0; x < 4; x++) assertEquals(tr[x], tg[x], 1e-9 * Math.max(1e-300, Math.abs(tr[x])) + 1e-12 * Math.abs(tr[2]), at + ": total " + x);
            // only weights near a half-step edge may change bins (each moved weight counts twice)
            assertTrue(moved <= 2 * nearEdge, at + ": " + moved / 2 + " weights in other bins, " + nearEdge + " near an edge");
            // so the error of an optimal codebook is the same to within the moved weights' share
            int[] book = OptimalCodebook.solve(hr, a, 8).values();
            assertEquals(hr.cost(book), hg.cost(book), 2e-3 * hr.cost(book), at + ": codebook error");
        }
        for (int i = 0; i < occ.length; i++) assertEquals(refOcc[i], occ[i], at + ": occupied bins of tile " + i / 8);
    }
    /**
     * Several segments bucketed in one pass ({@link NormalizedBuckets#buildSegments}) are, segment by
     * segment, what one pass per segment gives, bit for bit (each bucket adds the same weights in
     * the same order); a segment not asked for is not built.
     */
    @Test
    void oneNormalizationPassForSeveralSegmentsEqualsOnePassEach() {
        Random rnd = new Random(23);
        int k = 70, n = 100, tile = 32, layers = 4;
        float[] w = new float[k * n];
        for (int i = 0; i < w.length; i++) w[i] = (float) (0.02 * rnd.nextGaussian() / Math.sqrt(0.3 + rnd.nextDouble()));
        boolean[] sparse = new boolean[k * n];
        for (int i = 0; i < sparse.length; i++) sparse[i] = rnd.nextInt(40) == 0;
        double[] ms = new double[k];
        int[] rowLayer = new int[k];
        for (int r = 0; r < k; r++) {
            ms[r] = Math.exp(rnd.nextGaussian());
            rowLayer[r] = rnd.nextInt(layers);
        }
        TileClasses tc = TileClasses.rank(w, k, n, tile, ms, null, sparse); // 3 x 4 tiles, the last row and column smaller
        int[][] segs = {{0, 3, 5, 6}, {1, 2, 9}, {4, 7, 8, 10, 11}};
        boolean[] need = {true, false, true};
        for (boolean channel : new boolean[] {true, false}) {
            double[][] rg = HaloQuantizer.ranges(w, n, sparse, tc, channel);
            for (boolean zp : new boolean[] {true, false}) {
                NormalizedBuckets[] all = NormalizedBuckets.buildSegments(w, n, sparse, ms, rowLayer, layers, tc, segs, need, rg[0], rg[1], channel, zp);
                assertEquals(null, all[1], "segment 1 not asked for");
                for (int sg : new int[] {0, 2}) {
                    NormalizedBuckets one = NormalizedBuckets.build(w, n, sparse, ms, rowLayer, layers, tc, segs[sg], rg[0], rg[1], channel, zp);
                    org.junit.jupiter.api.Assertions.assertArrayEquals(one.sums, all[sg].sums, "sums of segment " + sg);
                    org.junit.jupiter.api.Assertions.assertArrayEquals(one.merged, all[sg].merged, "merged sums of segment " + sg);
                    org.junit.jupiter.api.Assertions.assertArrayEquals(one.tileMin, all[sg].tileMin, "least y per tile of segment " + sg);
                    org.junit.jupiter.api.Assertions.assertArrayEquals(one.tileMax, all[sg].tileMax, "largest y per tile of segment " + sg);
                    double count = 0;
                    for (int b = 0; b < one.buckets; b++) count += one.merged[4 * b + 3];
                    long dense = 0;
                    for (int t : segs[sg]) {
                        for (int r = tc.rowStart(t); r < tc.rowEnd(t); r++) for (int c = tc.colStart(t); c < tc.colEnd(t); c++) dense += sparse[r * n + c] ? 0 : 1;
                    }
                    assertEquals(dense, count, "every dense weight of segment " + sg + " in one bucket");
                }
            }
        }
    }
}
