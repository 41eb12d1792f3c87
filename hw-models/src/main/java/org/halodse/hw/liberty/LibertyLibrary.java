package org.halodse.hw.liberty;

import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A cell library read from Liberty, in canonical units: time ps, capacitance fF, energy fJ,
 * leakage nW, voltage V.
 */
public final class LibertyLibrary {
    private final String name;
    private final String source;
    private final double nominalVoltage;
    private final double nominalTemperature;
    private final double nominalProcess;
    private final Map<String, LibertyCell> cells;
    private final double slewLowerThreshold;
    private final double slewUpperThreshold;
    private final String timeUnit;
    private final String capacitanceUnit;

    LibertyLibrary(String name, String source, double nominalVoltage, double nominalTemperature,
                   double nominalProcess, Map<String, LibertyCell> cells, double slewLower,
                   double slewUpper, String timeUnit, String capacitanceUnit) {
        this.name = name;
        this.source = source;
        this.nominalVoltage = nominalVoltage;
        this.nominalTemperature = nominalTemperature;
        this.nominalProcess = nominalProcess;
        this.cells = Collections.unmodifiableMap(new LinkedHashMap<>(cells));
        this.slewLowerThreshold = slewLower;
        this.slewUpperThreshold = slewUpper;
        this.timeUnit = timeUnit;
        this.capacitanceUnit = capacitanceUnit;
    }

    public String name() { return name; }
    /** The file it was read from. */
    public String source() { return source; }
    public double nominalVoltage() { return nominalVoltage; }
    public double nominalTemperature() { return nominalTemperature; }
    public double nominalProcess() { return nominalProcess; }
    public Collection<LibertyCell> cells() { return cells.values(); }
    public LibertyCell cell(String cellName) { return cells.get(cellName); }
    public double slewLowerThreshold() { return slewLowerThreshold; }
    public double slewUpperThreshold() { return slewUpperThreshold; }
    /** The file's time_unit, as written (values here are converted to ps). */
    public String timeUnit() { return timeUnit; }
    /** The file's capacitive_load_unit, as written (values here are converted to fF). */
    public String capacitanceUnit() { return capacitanceUnit; }
}
