package org.halodse.hw.perf;

/**
 * Time (s) and energy (J, by component) of one layer call; {@code cycles} is the array's
 * analytic cycle count, {@code switches} the DVFS transitions inside and into the layer,
 * {@code lastLevel} the level the layer ends on.
 */
public record LayerCost(double seconds, long cycles, double dramBytes, double sramBytes,
                        double macJ, double sparseJ, double dramJ, double sramJ, double staticJ,
                        double switchJ, int switches, int lastLevel) {
    public double energyJ() {
        return macJ + sparseJ + dramJ + sramJ + staticJ + switchJ;
    }
}
