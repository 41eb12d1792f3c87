package org.halodse.hw.dvfs;

import java.util.ArrayList;
import java.util.List;
import org.halodse.hw.perf.ChipModel;
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
        for (int li = 0; li < layers.size(); li++) {
            LinearLayer layer = layers.get(li);
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
        return out;
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
