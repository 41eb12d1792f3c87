package org.halodse.hw.chip;

import java.util.List;
import java.util.Map;

/**
 * A chip as plain data (read by {@link ChipSpecReader} from YAML or JSON; presets in
 * {@link ChipPresets}). Immutable; every value is checked when read, so a ChipSpec is always
 * consistent. Units are in the field names: GHz, GB/s (1e9 bytes/s), pJ per byte, nJ, ns, W, fJ.
 *
 * <p>The nominal point is the clock that the <em>worst-case</em> weight value allows at the
 * nominal voltage. A tile class whose slowest value has delay d runs at up to
 * {@code f_nominal * d_worst / d} at the nominal voltage, scaled by the voltage model at other
 * voltages, then snapped down to the DVFS levels.
 */
public record ChipSpec(String name, String description, Kind kind, Array array, Mac mac,
                       double nominalVoltage, double nominalFrequencyGHz, GivenAlphaPower voltageModel,
                       List<DvfsLevel> levels, double switchLatencyNs, double switchEnergyNJ,
                       Memory offChip, Memory onChip, SparseUnit sparseUnit, VectorUnit vectorUnit,
                       double staticPowerW, Map<String, String> sources) {

    public enum Kind {
        /** Weight-stationary systolic array: per-tile DVFS. */
        SYSTOLIC("systolic"),
        /** GPU tensor cores: one clock per layer, set by the slowest weight value present. */
        GPU("gpu");

        private final String key;

        Kind(String key) { this.key = key; }

        public String key() { return key; }
    }

    /** rows x cols processing elements, {@code count} arrays (or tensor cores) working in parallel. */
    public record Array(int rows, int cols, int count) {
        public long macsPerCycle() { return (long) rows * cols * count; }
    }

    /**
     * The MAC: pipeline (fused or registered-product), widths, and what is characterized: a
     * generator (arch/tree/adder) or a netlist (path + top module), plus the Liberty name.
     * {@code fastestSpeedup} is d_worst / d_fastest of the characterized MAC (what the fastest
     * weight value buys at one voltage; a bound for the DVFS table, replaced by the delay profile
     * when one is attached). {@code energyFJPerMac} is the mean energy per MAC at the nominal
     * voltage, used where no per-weight energy table is given (attention, baselines).
     */
    public record Mac(String pipeline, int weightBits, int activationBits, int accumulatorBits,
                      String arch, String tree, String adder, String netlist, String top,
                      String liberty, double fastestSpeedup, double energyFJPerMac) {
        public boolean registered() { return "registered-product".equals(pipeline); }

        public boolean generated() { return arch != null; }
    }

    /** A memory level: bandwidth (GB/s), energy per byte (pJ) and capacity (MiB; 0 = not modelled). */
    public record Memory(String technology, double bandwidthGBs, double energyPJPerByte, double capacityMiB) { }

    /** Sparse side unit for the protected weights: MACs per cycle at the nominal clock, energy per MAC. */
    public record SparseUnit(double macsPerCycle, double energyPJPerMac) { }

    /** Element-wise / reduction unit for the other operations (norms, softmax, activations). */
    public record VectorUnit(double opsPerCycle, double energyPJPerOp) { }

    public ChipSpec {
        levels = List.copyOf(levels);
        sources = Map.copyOf(sources);
    }

    public VoltageModel voltage() { return voltageModel; }

    /**
     * The highest frequency (GHz) at which a tile whose slowest weight value has
     * {@code delayRatio = d / d_worst} (in (0, 1]) is safe at {@code voltage}.
     */
    public double safeFrequencyGHz(double voltage, double delayRatio) {
        return nominalFrequencyGHz / (delayRatio * voltageModel.delayScale(voltage));
    }

    /**
     * A derived DVFS level: at {@code voltage}, the clock a tile class with this delay ratio allows
     * (with a fitted voltage model plugged in, levels need not be given in the chip file).
     */
    public DvfsLevel deriveLevel(double voltage, double delayRatio) {
        return new DvfsLevel(voltage, safeFrequencyGHz(voltage, delayRatio));
    }

    /** The frequency the fastest weight value would allow at {@code voltage} (from {@code mac.fastestSpeedup}). */
    public double fastestFrequencyGHz(double voltage) {
        return safeFrequencyGHz(voltage, 1.0 / mac.fastestSpeedup());
    }
}
