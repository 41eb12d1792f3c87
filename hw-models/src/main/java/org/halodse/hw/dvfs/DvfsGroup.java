package org.halodse.hw.dvfs;

/**
 * A run of tiles executed at one DVFS level: its compute cycles, the memory time it cannot go
 * below, its dynamic energy at the nominal voltage, its level-independent energy (memory
 * traffic), and for each level the highest frequency its slowest weight value allows at that
 * level's voltage. {@code pinnedLevel} >= 0 fixes the level (attention at the nominal level).
 */
public record DvfsGroup(String name, double cycles, double memorySeconds, double dynamicJ, double fixedJ,
                        double[] safeFrequencyHz, int pinnedLevel) {
    public DvfsGroup {
        if (!(cycles >= 0 && memorySeconds >= 0 && dynamicJ >= 0 && fixedJ >= 0)) throw new IllegalArgumentException(name + ": negative cost");
        safeFrequencyHz = safeFrequencyHz.clone();
    }
}
