package org.halodse.hw.dvfs;

import java.util.ArrayList;
import java.util.List;
import org.halodse.hw.perf.ChipModel;
import org.halodse.hw.perf.LayerCost;
import org.halodse.hw.perf.LlmShape;
import org.halodse.hw.perf.LayerModel;
import org.halodse.hw.perf.LinearLayer;
import org.halodse.hw.perf.SystolicCycles;
import org.halodse.hw.perf.TileClass;

/**
 * Builds {@link DvfsProblem}s from layers on a chip: each layer's tile classes, reordered
 * (snake order, {@link TileReordering}), become groups whose cycles, memory time and energies
 * come from the same formulas as {@link LayerModel} (the weight load of a class's folds as its
 * memory floor; off-chip and on-chip bytes shared by weight share). On a GPU kind, one group per
 * layer (its clock is set by the slowest value present).
 */
public final class DvfsProblems {
    private DvfsProblems() {
    }

    public static List<DvfsGroup> groups(ChipModel c, List<LinearLayer> layers, long m) {
        if (c.gpu) return gpuGroups(c, layers, m);
        List<DvfsGroup> out = new ArrayList<>();
        for (int li = 0; li < layers.size(); li++) addLayer(c, layers.get(li), li, m, out);
        return out;
    }

    /**
     * The execution order of one pass of an LLM ({@link LlmWorkload}'s order and costs): per block,
     * the q, k, v linears' class groups, then the attention (QK^T and AV of every head, with the
     * softmax) as one group pinned at the nominal level, then the o and feed-forward linears, then
     * the block's other operations (norms, activation, residuals, RoPE on the vector unit) as a
     * group pinned at the nominal level; then the LM head (its classes, or pinned at nominal when
     * plain INT8) and the final norm and vocabulary softmax, pinned. One clock domain: a pinned
     * group entered from another level is a switch, so the plan's switch count includes them.
     *
     * @param m     tokens through each linear (batch x new tokens per sequence)
     * @param q     new tokens per sequence (prefill: P; a decode step: 1)
     * @param past  earlier tokens each attends to (prefill: 0; decode step t: P + t)
     */
    public static List<DvfsGroup> llmPass(ChipModel c, LlmShape s, List<LinearLayer> linears, LinearLayer lmHead,
                                          long m, int q, int past, int batch, int kvBits) {
        if (linears.size() != s.linearCount()) throw new IllegalArgumentException("expected " + s.linearCount() + " linear layers, got " + linears.size());
        List<DvfsGroup> out = new ArrayList<>();
        int per = s.blockLinears().size();
        int hd = s.headDim();
        int ctx = past + q;
        int nom = c.nominalLevel;
        for (int b = 0; b < s.blocks(); b++) {
            for (int i = 0; i < per; i++) {
                int idx = b * per + i;
                List<LinearLayer> one = List.of(linears.get(idx));
                if (c.gpu) out.addAll(gpuGroups(c, one, m));
                else addLayer(c, linears.get(idx), idx, m, out);
                if (i == 2) {
                    double heads = (double) batch * s.heads();
                    LayerCost qk = LayerModel.nominalGemm(c, q, hd, ctx, kvBits, nom);
                    LayerCost av = LayerModel.nominalGemm(c, q, ctx, hd, kvBits, nom);
                    double softmaxOps = (double) batch * q * s.heads() * ctx * 5.0;
                    double t = heads * (qk.seconds() + av.seconds()) + softmaxOps / c.vectorOpsPerSec;
                    double e = heads * (qk.energyJ() + av.energyJ()) + softmaxOps * c.vectorJPerOp + softmaxOps / c.vectorOpsPerSec * c.staticNomW;
                    out.add(pinned(c, "block" + b + "/attention", t, e));
                }
            }
            double kvDim = (double) s.kvHeads() * hd;
            double ops = (double) m * (2 * 5.0 * s.hidden() + (s.gated() ? 6.0 : 4.0) * s.ffn() + 2.0 * s.hidden() + 6.0 * (s.hidden() + kvDim));
            out.add(pinned(c, "block" + b + "/other", ops / c.vectorOpsPerSec, ops * c.vectorJPerOp + ops / c.vectorOpsPerSec * c.staticNomW));
        }
        if (lmHead != null) {
            if (c.gpu) out.addAll(gpuGroups(c, List.of(lmHead), m));
            else addLayer(c, lmHead, linears.size(), m, out);
        } else {
            LinearLayer head = LinearLayer.uniform("lm_head", s.hidden(), s.vocab(), c.defaultMacJ * 1e15);
            LayerCost lc = LayerModel.evaluate(c, head, m, new int[] {nom}, nom);
            out.add(pinned(c, "lm_head", lc.seconds(), lc.energyJ()));
        }
        double ops = (double) m * (5.0 * s.hidden() + 5.0 * s.vocab());
        out.add(pinned(c, "final/other", ops / c.vectorOpsPerSec, ops * c.vectorJPerOp + ops / c.vectorOpsPerSec * c.staticNomW));
        return out;
    }

    /**
     * A group pinned at the nominal level that takes {@code seconds} and {@code joules} there:
     * its time as cycles at that level's clock, its energy less the static energy the problem adds.
     */
    static DvfsGroup pinned(ChipModel c, String name, double seconds, double joules) {
        int nom = c.nominalLevel;
        double fixed = Math.max(0, joules - c.staticW[nom] * seconds);
        return new DvfsGroup(name, seconds * c.freqHz[nom], 0, 0, fixed, c.freqHz.clone(), nom);
    }

    private static void addLayer(ChipModel c, LinearLayer layer, int li, long m, List<DvfsGroup> out) {
        {
            List<TileClass> cls = layer.classes();
            double[] ratio = new double[cls.size()];
            int[] present = new int[cls.size()];
            for (int i = 0; i < cls.size(); i++) {
                ratio[i] = cls.get(i).delayRatio();
                present[i] = i;
            }
            int[] order = TileReordering.classOrder(present, ratio, li % 2 == 0);
            List<TileClass> ordered = new ArrayList<>();
            for (int o : order) ordered.add(cls.get(o));
            LinearLayer re = layer.withClasses(ordered);
            long folds = SystolicCycles.folds(layer.k(), layer.n(), c.rows, c.cols);
            long[] fc = LayerModel.foldsPerClass(re, folds);
            long foldCycles = SystolicCycles.foldCycles(c.rows, c.cols, m);
            double wBytes = layer.weightBytes();
            double kn = (double) layer.k() * layer.n() * (1 - layer.sparseFraction());
            for (int i = 0; i < ordered.size(); i++) {
                TileClass tc = ordered.get(i);
                if (fc[i] == 0 && tc.share() == 0) continue;
                long rounds = SystolicCycles.ceilDiv(fc[i], c.count);
                double load = Math.min(c.count, folds) * (wBytes / folds) / c.offBps;
                double onChipCycles = (double) m * c.rows * Math.min(c.count, folds) / c.onBps * c.fNomHz;
                double memT = rounds * load;
                double dynJ = m * kn * tc.share() * tc.macEnergyFj() * 1e-15;
                double fixedJ = (wBytes * c.offJPerByte) * ((double) fc[i] / folds);
                double[] safeHz = new double[c.levels];
                for (int l = 0; l < c.levels; l++) safeHz[l] = c.safeFrequencyHz(l, tc.delayRatio());
                out.add(new DvfsGroup(layer.name() + "/class" + order[i], rounds * Math.max(foldCycles, onChipCycles), memT, dynJ, fixedJ, safeHz, -1));
            }
        }
    }

    /** GPU kind: one group per layer, its safe clock set by the slowest class present. */
    static List<DvfsGroup> gpuGroups(ChipModel c, List<LinearLayer> layers, long m) {
        List<DvfsGroup> out = new ArrayList<>();
        for (LinearLayer layer : layers) {
            double ratio = 0, dynJ = 0;
            double kn = (double) layer.k() * layer.n() * (1 - layer.sparseFraction());
            for (TileClass tc : layer.classes()) {
                if (tc.share() > 0) ratio = Math.max(ratio, tc.delayRatio());
                dynJ += m * kn * tc.share() * tc.macEnergyFj() * 1e-15;
            }
            double padded = (double) m * SystolicCycles.ceilDiv(layer.k(), c.rows) * c.rows * SystolicCycles.ceilDiv(layer.n(), c.cols) * c.cols;
            double cycles = Math.ceil(padded / c.macsPerCycle);
            double[] safeHz = new double[c.levels];
            for (int l = 0; l < c.levels; l++) safeHz[l] = c.safeFrequencyHz(l, ratio);
            out.add(new DvfsGroup(layer.name(), cycles, layer.weightBytes() / c.offBps, dynJ, layer.weightBytes() * c.offJPerByte, safeHz, -1));
        }
        return out;
    }

    public static DvfsProblem edp(ChipModel c, List<DvfsGroup> groups, int maxLevels, int maxSwitches) {
        return new DvfsProblem(groups, c.freqHz, c.dynScale, c.staticW, c.switchSec, c.switchJ, maxLevels, maxSwitches, -1,
            DvfsProblem.Objective.EDP, 0, 0);
    }
}
