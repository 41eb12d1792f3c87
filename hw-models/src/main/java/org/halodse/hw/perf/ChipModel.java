package org.halodse.hw.perf;

import org.halodse.hw.chip.ChipSpec;
import org.halodse.hw.chip.DvfsLevel;
import org.halodse.hw.chip.VoltageModel;

/**
 * A {@link ChipSpec} compiled to the plain numbers the layer model needs (SI units: Hz, s,
 * bytes/s, J), so that one layer evaluation is a few dozen floating-point operations.
 *
 * <p>Safety of a level: a tile class whose slowest weight value has {@code delayRatio = d/d_worst}
 * (from the delay profile, in (0, 1]) may run at level l iff
 * {@code f_l <= f_nom / (delayRatio * delayScale(V_l))}, i.e. iff
 * {@code delayRatio <= ratioLimit[l]}.
 */
public final class ChipModel {
    public final ChipSpec spec;
    public final boolean gpu;
    public final int rows, cols, count;
    public final double macsPerCycle;
    public final int levels;
    public final double[] freqHz, volts, dynScale, staticW, ratioLimit;
    /** The fastest level that is safe for the worst-case weight (attention and other ops run here). */
    public final int nominalLevel;
    public final double fNomHz, offBps, offJPerByte, onBps, onJPerByte;
    public final double sparseMacsPerSec, sparseJPerMac, vectorOpsPerSec, vectorJPerOp;
    public final double switchSec, switchJ, staticNomW;
    public final double defaultMacJ;

    private ChipModel(ChipSpec s, VoltageModel vm) {
        spec = s;
        gpu = s.kind() == ChipSpec.Kind.GPU;
        rows = s.array().rows();
        cols = s.array().cols();
        count = s.array().count();
        macsPerCycle = s.array().macsPerCycle();
        levels = s.levels().size();
        freqHz = new double[levels];
        volts = new double[levels];
        dynScale = new double[levels];
        staticW = new double[levels];
        ratioLimit = new double[levels];
        fNomHz = s.nominalFrequencyGHz() * 1e9;
        int nom = -1;
        for (int l = 0; l < levels; l++) {
            DvfsLevel lv = s.levels().get(l);
            freqHz[l] = lv.frequencyGHz() * 1e9;
            volts[l] = lv.voltage();
            dynScale[l] = vm.dynamicEnergyScale(lv.voltage());
            staticW[l] = s.staticPowerW() * vm.staticPowerScale(lv.voltage());
            ratioLimit[l] = fNomHz / (freqHz[l] * vm.delayScale(lv.voltage()));
            if (ratioLimit[l] >= 1 - 1e-6 && (nom < 0 || freqHz[l] > freqHz[nom])) nom = l;
        }
        if (nom < 0) throw new IllegalArgumentException(s.name() + ": no DVFS level is safe for the worst-case weight");
        nominalLevel = nom;
        offBps = s.offChip().bandwidthGBs() * 1e9;
        offJPerByte = s.offChip().energyPJPerByte() * 1e-12;
        onBps = s.onChip().bandwidthGBs() * 1e9;
        onJPerByte = s.onChip().energyPJPerByte() * 1e-12;
        sparseMacsPerSec = s.sparseUnit().macsPerCycle() * fNomHz;
        sparseJPerMac = s.sparseUnit().energyPJPerMac() * 1e-12;
        vectorOpsPerSec = s.vectorUnit().opsPerCycle() * fNomHz;
        vectorJPerOp = s.vectorUnit().energyPJPerOp() * 1e-12;
        switchSec = s.switchLatencyNs() * 1e-9;
        switchJ = s.switchEnergyNJ() * 1e-9;
        staticNomW = s.staticPowerW();
        defaultMacJ = s.mac().energyFJPerMac() * 1e-15;
    }

    /** The chip with its own (given) voltage model. */
    public static ChipModel of(ChipSpec s) {
        return new ChipModel(s, s.voltage());
    }

    /** The chip with another voltage model (e.g. one fitted to library corners, issue 3 item 2). */
    public static ChipModel of(ChipSpec s, VoltageModel vm) {
        return new ChipModel(s, vm);
    }

    /** Whether a class with this delay ratio (d_class / d_worst) is safe at level {@code l}. */
    public boolean safe(int l, double delayRatio) {
        return delayRatio <= ratioLimit[l] * (1 + 1e-9);
    }

    /** The fastest safe level for this delay ratio (there is always one: {@link #nominalLevel}). */
    public int fastestSafeLevel(double delayRatio) {
        int best = nominalLevel;
        for (int l = 0; l < levels; l++) {
            if (safe(l, delayRatio) && freqHz[l] > freqHz[best]) best = l;
        }
        return best;
    }

    /** Highest safe frequency (Hz) at level l's voltage for this delay ratio (the planner's input). */
    public double safeFrequencyHz(int l, double delayRatio) {
        return freqHz[l] * ratioLimit[l] / delayRatio;
    }
}
