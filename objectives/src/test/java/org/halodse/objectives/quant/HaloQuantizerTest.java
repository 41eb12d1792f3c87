package org.halodse.objectives.quant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class HaloQuantizerTest {
    static final double[] ALPHAS = {1.0, 0.85, 0.7};

    static float[] weights(Random rnd, int k, int n) {
        float[] w = new float[k * n];
        for (int i = 0; i < w.length; i++) w[i] = (float) (rnd.nextGaussian() * (1 + (i % 3)));
        return w;
    }

    static double[] meanSquare(Random rnd, int k) {
        double[] e = new double[k];
        for (int i = 0; i < k; i++) e[i] = 0.1 + rnd.nextDouble() * (i == 0 ? 20 : 2);
        return e;
    }

    /** Brute force of one class: every alpha of the grid times every codebook of the allowed set. */
    static double bruteClass(float[] w, int k, int n, int t, double[] e, List<Integer> tiles, int tileCols,
                             AllowedValues a, int size, boolean channel, boolean zeroPoint) {
        List<int[]> books = new ArrayList<>();
        OptimalCodebookTest.combos(a.values(), Math.min(size, a.size()), 0, new int[Math.min(size, a.size())], 0, books);
        double best = Double.POSITIVE_INFINITY;
        // zero-point targets: midrange, median and (rounded) mean of the allowed values
        int[] v = a.values();
        double mean = 0;
        for (int x : v) mean += x;
        double[] targets = zeroPoint ? java.util.stream.DoubleStream.of((a.min() + a.max()) / 2.0, v[v.length / 2], Math.rint(mean / v.length)).distinct().toArray()
            : new double[] {0};
        for (double zt : targets)
        for (double alpha : ALPHAS) {
            for (int[] book : books) {
                double err = 0;
                for (int tile : tiles) {
                    int r0 = (tile / tileCols) * t, c0 = (tile % tileCols) * t;
                    int r1 = Math.min(k, r0 + t), c1 = Math.min(n, c0 + t);
                    // scale groups: a column slice of the tile, or the whole tile
                    List<int[]> groups = new ArrayList<>();
                    if (channel) for (int c = c0; c < c1; c++) groups.add(new int[] {r0, r1, c, c + 1});
                    else groups.add(new int[] {r0, r1, c0, c1});
                    for (int[] g : groups) {
                        double lo = Double.POSITIVE_INFINITY, hi = Double.NEGATIVE_INFINITY;
                        for (int r = g[0]; r < g[1]; r++) for (int c = g[2]; c < g[3]; c++) {
                            lo = Math.min(lo, w[r * n + c]);
                            hi = Math.max(hi, w[r * n + c]);
                        }
                        double s;
                        double z = 0;
                        if (zeroPoint) {
                            if (hi == lo) { // a one-weight group: its range is widened to include zero
                                lo = Math.min(lo, 0);
                                hi = Math.max(hi, 0);
                            }
                            double c = (hi + lo) / 2;
                            s = alpha * Math.max((hi - c) / (a.max() - zt), (c - lo) / (zt - a.min()));
                            z = zt - c / s; // a real offset: the midpoint goes exactly to the target
                        } else {
                            s = alpha * Math.max(-lo, hi) / a.maxAbs();
                        }
                        for (int r = g[0]; r < g[1]; r++) for (int c = g[2]; c < g[3]; c++) {
                            double bestD = Double.POSITIVE_INFINITY;
                            for (int code : book) {
                                double d = w[r * n + c] - s * (code - z);
                                bestD = Math.min(bestD, d * d);
                            }
                            err += e[r] * bestD;
                        }
                    }
                }
                best = Math.min(best, err);
            }
        }
        return best;
    }

    @Test
    void classErrorsEqualBruteForceOverScalesAndCodebooks() {
        Random rnd = new Random(5);
        AllowedValues fast = AllowedValues.of(-3, -1, 0, 1, 2, 5, 9);
        AllowedValues slow = AllowedValues.range(-8, 8);
        for (int trial = 0; trial < 12; trial++) {
            int k = 3 + rnd.nextInt(3), n = 4 + rnd.nextInt(3), t = 2;
            float[] w = weights(rnd, k, n);
            double[] e = meanSquare(rnd, k);
            for (boolean channel : new boolean[] {true, false}) {
                for (boolean zp : new boolean[] {false, true}) {
                    var cfg = new HaloQuantizer.Config(new HaloQuantizer.ClassSpec(fast, 3), new HaloQuantizer.ClassSpec(slow, 3), 0.5, t, 0,
                        Double.POSITIVE_INFINITY, channel ? HaloQuantizer.Scale.CHANNEL : HaloQuantizer.Scale.TILE, zp, ALPHAS, false);
                    float[] deq = new float[w.length];
                    HaloQuantizer.Result r = HaloQuantizer.quantize(w, k, n, e, null, cfg, deq);
                    int tileCols = (n + t - 1) / t, tiles = ((k + t - 1) / t) * tileCols;
                    // independent tile ranking: ascending sensitivity sum E w^2, ties by index
                    double[] sens = new double[tiles];
                    for (int i = 0; i < w.length; i++) sens[(i / n / t) * tileCols + (i % n) / t] += e[i / n] * w[i] * w[i];
                    Integer[] order = IntStream.range(0, tiles).boxed().sorted(Comparator.comparingDouble((Integer x) -> sens[x]).thenComparing(x -> x)).toArray(Integer[]::new);
                    int nFast = (int) Math.round(0.5 * tiles);
                    List<Integer> fastTiles = new ArrayList<>(Arrays.asList(order).subList(0, nFast));
                    List<Integer> slowTiles = new ArrayList<>(Arrays.asList(order).subList(nFast, tiles));
                    double bf = bruteClass(w, k, n, t, e, fastTiles, tileCols, fast, 3, channel, HaloQuantizer.usesZeroPoint(cfg, fast));
                    double bs = bruteClass(w, k, n, t, e, slowTiles, tileCols, slow, 3, channel, HaloQuantizer.usesZeroPoint(cfg, slow));
                    assertTrue(HaloQuantizer.usesZeroPoint(cfg, fast), "-3..9 is lopsided");
                    assertEquals(zp, HaloQuantizer.usesZeroPoint(cfg, slow), "-8..8 is not");
                    String what = "trial " + trial + " channel=" + channel + " zp=" + zp;
                    assertEquals(bf, r.classes()[0].error(), 1e-9 * Math.max(1, bf), what + " fast");
                    assertEquals(bs, r.classes()[1].error(), 1e-9 * Math.max(1, bs), what + " slow");
                    assertEquals(nFast, r.classes()[0].tiles());
                    // the reported error is that of the dequantized weights
                    double direct = 0, energy = 0;
                    for (int i = 0; i < w.length; i++) {
                        direct += e[i / n] * (w[i] - deq[i]) * (w[i] - deq[i]);
                        energy += e[i / n] * w[i] * w[i];
                    }
                    assertEquals(direct, r.error(), 1e-5 * Math.max(1, direct));
                    assertEquals(energy, r.energy(), 1e-9 * energy);
                    assertEquals((long) k * n, Arrays.stream(r.histogram()).sum());
                }
            }
        }
    }

    @Test
    void refinementNeverWorse() {
        Random rnd = new Random(9);
        float[] w = weights(rnd, 64, 48);
        double[] e = meanSquare(rnd, 64);
        AllowedValues fast = AllowedValues.of(-4, -2, -1, 0, 1, 2, 3, 4, 8, 16, 64);
        for (boolean zp : new boolean[] {false, true}) {
            var base = new HaloQuantizer.Config(new HaloQuantizer.ClassSpec(fast, 8), new HaloQuantizer.ClassSpec(AllowedValues.all(), 16), 0.5, 16, 0.01,
                3, HaloQuantizer.Scale.CHANNEL, zp, HaloQuantizer.DEFAULT_ALPHAS, false);
            var ref = new HaloQuantizer.Config(base.fast(), base.slow(), 0.5, 16, 0.01, 3, HaloQuantizer.Scale.CHANNEL, zp, HaloQuantizer.DEFAULT_ALPHAS, true);
            double a = HaloQuantizer.quantize(w, 64, 48, e, null, base, null).error();
            double b = HaloQuantizer.quantize(w, 64, 48, e, null, ref, null).error();
            assertTrue(b <= a * (1 + 1e-12), "refined " + b + " vs " + a);
        }
    }

    @Test
    void sparseSelectionMatchesBruteForceAndReconstructs() {
        Random rnd = new Random(21);
        int k = 30, n = 20;
        float[] w = weights(rnd, k, n);
        w[17] = 40;
        w[333] = -35;
        double[] e = meanSquare(rnd, k);
        double p = 0.02;
        SparseSelection.Selection s = SparseSelection.select(w, k, n, e, null, p, 3);
        // brute force
        double mean = 0, sq = 0;
        for (float v : w) mean += v;
        mean /= w.length;
        for (float v : w) sq += (v - mean) * (v - mean);
        double std = Math.sqrt(sq / w.length);
        boolean[] expect = new boolean[w.length];
        int outl = 0;
        for (int i = 0; i < w.length; i++) if (Math.abs(w[i] - mean) > 3 * std) { expect[i] = true; outl++; }
        final double[] sens = new double[w.length];
        for (int i = 0; i < w.length; i++) sens[i] = e[i / n] * w[i] * w[i];
        List<Integer> rest = new ArrayList<>();
        for (int i = 0; i < w.length; i++) if (!expect[i]) rest.add(i);
        rest.sort(Comparator.comparingDouble((Integer i) -> -sens[i]).thenComparing(i -> i));
        for (int j = 0; j < Math.round(p * w.length); j++) expect[rest.get(j)] = true;
        assertTrue(outl >= 2);
        assertEquals(outl, s.outliers());
        assertTrue(Arrays.equals(expect, s.mask()));
        // dense + sparse: each sparse weight within half an INT8 step of its column's residual range
        var cfg = new HaloQuantizer.Config(new HaloQuantizer.ClassSpec(AllowedValues.of(0, 1, 2, 4), 4), new HaloQuantizer.ClassSpec(AllowedValues.all(), 8),
            0.5, 8, p, 3, HaloQuantizer.Scale.CHANNEL, false, HaloQuantizer.DEFAULT_ALPHAS, true);
        float[] deq = new float[w.length];
        HaloQuantizer.Result r = HaloQuantizer.quantize(w, k, n, e, null, cfg, deq);
        assertEquals(s.count(), r.sparseCount());
        assertEquals(Math.abs(w[17]), Math.abs(deq[17]), 40 / 127.0);
        assertEquals(w[333], deq[333], 35 / 127.0);
        assertTrue(r.sparseBytes() >= 3L * r.sparseCount());
    }

    /**
     * The batch (options sharing segment histograms) against each option alone, and both against
     * the dequantized weights: on a layer large enough for the subsampled search (step &gt; 1), with
     * heavy tails, outlier rows, sparse parts, zero points, per-channel and per-tile scales, refined
     * and class-level clipping. Same codebooks, value histograms, tile values and bytes; the error
     * equals sum E[x^2] (w - deq)^2 recomputed from the dequantized weights.
     */
    @Test
    void batchEqualsEachOptionAloneAndTheDequantizedError() {
        Random rnd = new Random(31);
        int k = 512, n = 384;
        float[] w = new float[k * n];
        for (int i = 0; i < w.length; i++) {
            double chi = 0;
            for (int j = 0; j < 4; j++) chi += Math.pow(rnd.nextGaussian(), 2);
            w[i] = (float) (0.02 * rnd.nextGaussian() / Math.sqrt(chi / 4) * ((i / n) % 97 == 5 ? 12 : 1));
        }
        double[] e = new double[k];
        for (int r = 0; r < k; r++) e[r] = Math.exp(0.5 * rnd.nextGaussian()) * (r % 131 == 7 ? 300 : 1);
        java.util.function.IntToDoubleFunction delay = v -> 500 + 40 * Integer.bitCount(v & 0xff) + (v < 0 ? 120 : 0) + 0.01 * (v + 128);
        for (int tile : new int[] {32, 128}) {
            for (double sparse : new double[] {0, 0.005}) {
                for (boolean refine : new boolean[] {false, true}) {
                    List<HaloQuantizer.Config> cfgs = new ArrayList<>();
                    for (int bits : new int[] {3, 4}) {
                        for (int fc : new int[] {9, 32}) {
                            for (double share : new double[] {0.5, 0.9}) {
                                QuantOption o = QuantOption.halo(bits, fc, share, sparse, tile);
                                cfgs.add(o.haloConfig(delay, HaloQuantizer.DEFAULT_ALPHAS, refine));
                            }
                        }
                    }
                    HaloQuantizer.Config c0 = cfgs.get(0);
                    cfgs.add(new HaloQuantizer.Config(c0.fast(), c0.slow(), 0.7, tile, sparse, 3, HaloQuantizer.Scale.TILE, true, HaloQuantizer.DEFAULT_ALPHAS, refine));
                    HaloQuantizer.Prepared p = HaloQuantizer.prepare(w, k, n, e, null, tile, sparse, 3);
                    List<HaloQuantizer.Estimate> batch = HaloQuantizer.quantizeAll(p, cfgs, null);
                    for (int i = 0; i < cfgs.size(); i++) {
                        String what = "tile " + tile + " sparse " + sparse + " refine " + refine + " option " + i;
                        float[] deq = new float[w.length];
                        HaloQuantizer.Result one = HaloQuantizer.quantize(p, cfgs.get(i), deq), b = batch.get(i).result();
                        double direct = 0;
                        for (int j = 0; j < w.length; j++) direct += e[j / n] * (w[j] - deq[j]) * (w[j] - deq[j]);
                        assertEquals(direct, one.error(), 1e-6 * direct, what + ": error of the dequantized weights");
                        assertEquals(one.error(), b.error(), 1e-9 * one.error(), what);
                        for (int c = 0; c < 2; c++) {
                            assertTrue(Arrays.equals(one.classes()[c].codebook(), b.classes()[c].codebook()), what + " codebook " + c);
                            assertTrue(Arrays.equals(one.classes()[c].histogram(), b.classes()[c].histogram()), what + " histogram " + c);
                            assertEquals(one.classes()[c].tiles(), b.classes()[c].tiles());
                            assertEquals(one.classes()[c].slots(), b.classes()[c].slots());
                        }
                        assertTrue(Arrays.deepEquals(one.tileUsed(), b.tileUsed()), what + " tile values");
                        assertEquals(one.bytes(), b.bytes());
                        // the value histogram counts every slot: dense and sparse
                        long slots = 0;
                        for (long x : b.histogram()) slots += x;
                        assertEquals((long) k * n, slots, what);
                    }
                }
            }
        }
    }
}
