package org.halodse.hw.perf;

import java.util.List;

/**
 * Performance and energy of one linear layer (M tokens, K x N weights) on a chip, given its tile
 * classes and the DVFS level of each class.
 *
 * <p><b>Systolic kind.</b> The ceil(K/R) * ceil(N/C) folds of {@link SystolicCycles} are shared
 * out to the classes in execution order by their weight share; a fold that holds tiles of two
 * classes runs at the level of the slower one (highest delay ratio). The {@code count} arrays work
 * on folds in parallel, in rounds of {@code count} folds. Compute/memory overlap is double
 * buffered: the first round's weights are loaded before compute starts, then each round's compute
 * overlaps the next round's weight load, so a round costs max(compute, load); the last round
 * costs its compute only. A round's compute is bounded by both the clock (2R + C + M - 2 cycles at
 * the class's frequency) and the on-chip bandwidth (M x R activation bytes per array; the SRAM
 * is in the array's clock domain, so its bandwidth, given at the nominal clock, scales with f).
 * Weights stream from off-chip once per call; activations stay on chip: inputs read once per
 * column fold, 32-bit partial sums written per row fold and read back for all but the first.
 *
 * <p><b>GPU kind.</b> One clock per layer: the slowest level among the classes present (the
 * slowest value present decides). Time = max(MACs / (MACs per cycle x f), DRAM bytes / bandwidth,
 * SRAM bytes / bandwidth) (roofline).
 *
 * <p><b>Both.</b> DVFS transitions (from {@code prevLevel}, and between classes) add latency and
 * energy. Dynamic MAC energy = M x K x N x share x E_class x (V/Vnom)^2. The sparse part runs on
 * the sparse unit at the nominal clock, concurrently with the dense part. Static power (scaled by
 * the voltage model at each level) over the run time.
 */
public final class LayerModel {
    private static final int PSUM_BYTES = 4;

    private LayerModel() {
    }

    /**
     * @param levels    DVFS level per class (same order as {@code layer.classes()})
     * @param prevLevel the level the chip is at before the layer (-1: none, no switch counted)
     */
    public static LayerCost evaluate(ChipModel c, LinearLayer layer, long m, int[] levels, int prevLevel) {
        List<TileClass> cls = layer.classes();
        int nc = cls.size();
        if (levels.length != nc) throw new IllegalArgumentException("one level per class: " + nc + " classes, " + levels.length + " levels");
        return c.gpu ? gpu(c, layer, m, levels, prevLevel) : systolic(c, layer, m, levels, prevLevel);
    }

    private static LayerCost systolic(ChipModel c, LinearLayer layer, long m, int[] levels, int prevLevel) {
        List<TileClass> cls = layer.classes();
        int nc = cls.size();
        int r = c.rows, col = c.cols;
        long kf = SystolicCycles.ceilDiv(layer.k(), r), nf = SystolicCycles.ceilDiv(layer.n(), col);
        long folds = kf * nf;
        long foldCycles = SystolicCycles.foldCycles(r, col, m);
        double wBytes = layer.weightBytes();
        double dramBytes = wBytes;
        double sramBytes = (double) m * layer.k() * nf + (double) m * layer.n() * PSUM_BYTES * (2 * kf - 1);
        double roundLoad = Math.min(c.count, folds) * (wBytes / folds) / c.offBps;
        // on-chip SRAM shares the array's clock domain: its bandwidth (given at the nominal clock) scales with f
        double roundOnChipCycles = (double) m * r * Math.min(c.count, folds) / c.onBps * c.fNomHz;

        // Folds per class (slowest class takes a shared boundary fold).
        long[] fc = new long[nc];
        assignFolds(cls, folds, fc);

        double t = roundLoad, staticJ = roundLoad * c.staticW[prevLevel >= 0 ? prevLevel : levels[0]];
        double macJ = 0;
        long cycles = 0;
        int switches = 0;
        int cur = prevLevel;
        double lastCompute = 0, lastRound = 0;
        int lastLevel = prevLevel;
        double kn = (double) layer.k() * layer.n() * (1 - layer.sparseFraction());
        for (int i = 0; i < nc; i++) {
            TileClass tc = cls.get(i);
            int l = levels[i];
            macJ += m * kn * tc.share() * tc.macEnergyFj() * 1e-15 * c.dynScale[l];
            if (fc[i] == 0) continue;
            if (cur >= 0 && cur != l) switches++;
            cur = l;
            long rounds = SystolicCycles.ceilDiv(fc[i], c.count);
            cycles += rounds * foldCycles;
            double comp = Math.max(foldCycles, roundOnChipCycles) / c.freqHz[l];
            double round = Math.max(comp, roundLoad);
            t += rounds * round;
            staticJ += rounds * round * c.staticW[l];
            lastCompute = comp;
            lastRound = round;
            lastLevel = l;
        }
        t -= lastRound - lastCompute;
        staticJ -= (lastRound - lastCompute) * c.staticW[lastLevel];
        double swT = switches * c.switchSec;
        t += swT;
        staticJ += swT * c.staticNomW;
        return finish(c, layer, m, t, cycles, dramBytes, sramBytes, macJ, staticJ, switches, lastLevel);
    }

    private static LayerCost gpu(ChipModel c, LinearLayer layer, long m, int[] levels, int prevLevel) {
        List<TileClass> cls = layer.classes();
        int l = -1;
        for (int i = 0; i < cls.size(); i++) {
            if (cls.get(i).share() > 0 && (l < 0 || c.freqHz[levels[i]] < c.freqHz[l])) l = levels[i];
        }
        double kn = (double) layer.k() * layer.n() * (1 - layer.sparseFraction());
        double macJ = 0;
        for (TileClass tc : cls) macJ += m * kn * tc.share() * tc.macEnergyFj() * 1e-15 * c.dynScale[l];
        double paddedMacs = (double) m * SystolicCycles.ceilDiv(layer.k(), c.rows) * c.rows * SystolicCycles.ceilDiv(layer.n(), c.cols) * c.cols;
        double cyc = Math.ceil(paddedMacs / c.macsPerCycle);
        double dramBytes = layer.weightBytes();
        double sramBytes = (double) m * layer.k() + (double) m * layer.n() * PSUM_BYTES;
        double t = Math.max(Math.max(cyc, sramBytes / c.onBps * c.fNomHz) / c.freqHz[l], dramBytes / c.offBps);
        int switches = prevLevel >= 0 && prevLevel != l ? 1 : 0;
        double staticJ = t * c.staticW[l] + switches * c.switchSec * c.staticNomW;
        t += switches * c.switchSec;
        return finish(c, layer, m, t, (long) cyc, dramBytes, sramBytes, macJ, staticJ, switches, l);
    }

    private static LayerCost finish(ChipModel c, LinearLayer layer, long m, double t, long cycles, double dramBytes,
                                    double sramBytes, double macJ, double staticJ, int switches, int lastLevel) {
        double sparseMacs = layer.sparseFraction() * layer.k() * (double) layer.n() * m;
        double sparseT = sparseMacs / c.sparseMacsPerSec;
        if (sparseT > t) {
            staticJ += (sparseT - t) * c.staticNomW;
            t = sparseT;
        }
        return new LayerCost(t, cycles, dramBytes, sramBytes, macJ, sparseMacs * c.sparseJPerMac,
            dramBytes * c.offJPerByte, sramBytes * c.onJPerByte, staticJ, switches * c.switchJ, switches, lastLevel);
    }

    /** Folds per class of {@code layer} (in its class order) out of {@code folds}. */
    public static long[] foldsPerClass(LinearLayer layer, long folds) {
        long[] fc = new long[layer.classes().size()];
        assignFolds(layer.classes(), folds, fc);
        return fc;
    }

    /**
     * Shares the folds out to the classes in order: the classes' weight shares laid end to end on
     * [0, folds); a fold wholly inside one class's range is that class's, a fold cut by a boundary
     * goes to the slowest class it holds.
     */
    static void assignFolds(List<TileClass> cls, long folds, long[] out) {
        int nc = cls.size();
        if (nc == 1) {
            out[0] = folds;
            return;
        }
        double cum = 0;
        long assigned = 0;
        long lastBoundaryFold = -1;
        for (int i = 0; i < nc; i++) {
            double s = cum * folds;
            cum += cls.get(i).share();
            double e = i == nc - 1 ? folds : Math.min(folds, cum * folds);
            out[i] = 0;
            if (e - s <= 1e-9) continue;
            long lo = (long) Math.ceil(s - 1e-9), hi = (long) Math.floor(e + 1e-9);
            if (hi > lo) {
                out[i] += hi - lo;
                assigned += hi - lo;
            }
            // a boundary fold at the start of this range: floor(s) when s is fractional
            long b = (long) Math.floor(s + 1e-9);
            if (s - b > 1e-9 && b != lastBoundaryFold) {
                lastBoundaryFold = b;
                // classes overlapping fold b: find the slowest
                int slow = -1;
                double c0 = 0;
                for (int j = 0; j < nc; j++) {
                    double sj = c0 * folds, ej = (c0 + cls.get(j).share()) * folds;
                    c0 += cls.get(j).share();
                    if (ej - sj > 1e-9 && sj < b + 1 - 1e-9 && ej > b + 1e-9
                        && (slow < 0 || cls.get(j).delayRatio() > cls.get(slow).delayRatio())) slow = j;
                }
                out[slow]++;
                assigned++;
            }
            // a fold wholly inside (s, e) that is cut at e too (range shorter than one fold) is handled at the next start
        }
        if (assigned != folds) {
            // ranges shorter than one fold at the very end (rounding): give the rest to the last class with share
            for (int i = nc - 1; i >= 0; i--) {
                if (cls.get(i).share() > 0) {
                    out[i] += folds - assigned;
                    break;
                }
            }
        }
    }

    /**
     * A matrix product whose "weights" are activations (attention QK^T and AV): all values can
     * occur, so it runs at the nominal level, at the chip's mean MAC energy; its stationary operand
     * ({@code k x n}, {@code operandBytes} each) comes from off-chip (the KV cache).
     */
    public static LayerCost nominalGemm(ChipModel c, long m, int k, int n, int operandBits, int prevLevel) {
        LinearLayer l = new LinearLayer("gemm", k, n, operandBits, 0, 0, 0,
            List.of(new TileClass(1, 1, c.defaultMacJ * 1e15)));
        return evaluate(c, l, m, new int[] {c.nominalLevel}, prevLevel);
    }
}
