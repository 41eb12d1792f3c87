package org.halodse.hw.chip;

/** One DVFS operating point: supply voltage (V) and clock (GHz). */
public record DvfsLevel(double voltage, double frequencyGHz) {
    @Override
    public String toString() {
        return "(" + voltage + " V, " + frequencyGHz + " GHz)";
    }
}
