package org.halodse.hw.liberty;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.GZIPInputStream;

/**
 * Reads a Liberty file (.lib or .lib.gz) into a {@link LibertyLibrary}: units, nominal
 * conditions, cells, pins, functions, NLDM timing arcs and internal/leakage power. Every error
 * names the file and line and what was expected.
 */
public final class LibertyReader {
    private final String source;
    private double timeToPs = 1000;      // Liberty default time unit is 1ns
    private double capToFf = 1000;       // default capacitive_load_unit is 1pF
    private double voltToV = 1;
    private double leakToNw = 1;
    private String timeUnitText = "1ns";
    private String capUnitText = "1pf";
    private final Map<String, LibertyGroup> templates = new HashMap<>();

    private LibertyReader(String source) {
        this.source = source;
    }

    public static LibertyLibrary read(Path path) {
        String text;
        try (InputStream raw = Files.newInputStream(path)) {
            InputStream in = path.getFileName().toString().endsWith(".gz") ? new GZIPInputStream(raw, 1 << 16) : raw;
            text = new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
        } catch (NoSuchFileException e) {
            throw new InputException(path + ": no such Liberty file");
        } catch (java.util.zip.ZipException | java.io.EOFException e) {
            throw new InputException(path + ": not a readable gzip file (" + e.getMessage() + ")");
        } catch (IOException e) {
            throw new InputException(path + ": cannot read (" + e.getMessage() + ")");
        }
        return read(path.toString(), text);
    }

    public static LibertyLibrary read(String source, String text) {
        return new LibertyReader(source).build(LibertyParser.parse(source, text));
    }

    private InputException error(int line, String msg) {
        return InputException.at(source, line, msg);
    }

    private LibertyLibrary build(LibertyGroup lib) {
        String delayModel = lib.string("delay_model");
        if (delayModel != null && !delayModel.equals("table_lookup")) {
            throw error(lib.attribute("delay_model").line(), "delay_model '" + delayModel + "' is not supported, expected table_lookup (NLDM)");
        }
        units(lib);
        for (LibertyGroup g : lib.groups()) {
            if (g.type().equals("lu_table_template") || g.type().equals("power_lut_template")) templates.put(g.name(), g);
        }
        double nomV = number(lib, "nom_voltage", Double.NaN) * voltToV;
        if (Double.isNaN(nomV)) {
            LibertyGroup oc = lib.group("operating_conditions");
            nomV = oc == null ? Double.NaN : number(oc, "voltage", Double.NaN) * voltToV;
        }
        double nomT = number(lib, "nom_temperature", Double.NaN);
        double nomP = number(lib, "nom_process", Double.NaN);
        double slewLo = number(lib, "slew_lower_threshold_pct_rise", 20);
        double slewHi = number(lib, "slew_upper_threshold_pct_rise", 80);
        double defaultInputCap = number(lib, "default_input_pin_cap", 0) * capToFf;
        Map<String, LibertyCell> cells = new LinkedHashMap<>();
        for (LibertyGroup g : lib.groups("cell")) {
            if (g.args().isEmpty()) throw error(g.line(), "cell group without a name");
            cells.put(g.name(), cell(g, defaultInputCap));
        }
        if (cells.isEmpty()) throw error(lib.line(), "library '" + lib.name() + "' has no cells");
        return new LibertyLibrary(lib.name(), source, nomV, nomT, nomP, cells, slewLo, slewHi, timeUnitText, capUnitText);
    }

    private static final Pattern UNIT = Pattern.compile("\\s*([0-9.]+)\\s*([a-zA-Z]+)\\s*");

    private void units(LibertyGroup lib) {
        LibertyGroup.Attribute t = lib.attribute("time_unit");
        if (t != null) {
            timeUnitText = t.value();
            timeToPs = scaledUnit(t, Map.of("s", 1e12, "ms", 1e9, "us", 1e6, "ns", 1e3, "ps", 1.0, "fs", 1e-3), "a time unit such as \"1ns\" or \"1ps\"");
        }
        LibertyGroup.Attribute c = lib.attribute("capacitive_load_unit");
        if (c != null) {
            if (c.values().size() != 2) throw error(c.line(), "capacitive_load_unit expects (NUMBER, ff|pf), found " + c.values());
            double n;
            try {
                n = Double.parseDouble(c.values().get(0));
            } catch (NumberFormatException e) {
                throw error(c.line(), "capacitive_load_unit expects a number first, found '" + c.values().get(0) + "'");
            }
            String u = c.values().get(1).toLowerCase(Locale.ROOT);
            double f = switch (u) { case "ff" -> 1.0; case "pf" -> 1000.0; case "nf" -> 1e6; default -> Double.NaN; };
            if (Double.isNaN(f)) throw error(c.line(), "unknown capacitance unit '" + c.values().get(1) + "', expected ff or pf");
            capToFf = n * f;
            capUnitText = c.values().get(0) + u;
        }
        LibertyGroup.Attribute v = lib.attribute("voltage_unit");
        if (v != null) voltToV = scaledUnit(v, Map.of("v", 1.0, "mv", 1e-3), "a voltage unit such as \"1V\" or \"1mV\"");
        LibertyGroup.Attribute l = lib.attribute("leakage_power_unit");
        if (l != null) leakToNw = scaledUnit(l, Map.of("w", 1e9, "mw", 1e6, "uw", 1e3, "nw", 1.0, "pw", 1e-3, "fw", 1e-6), "a power unit such as \"1nW\"");
    }

    private double scaledUnit(LibertyGroup.Attribute a, Map<String, Double> units, String expected) {
        Matcher m = UNIT.matcher(a.value());
        if (!m.matches()) throw error(a.line(), "unknown " + a.name() + " '" + a.value() + "', expected " + expected);
        Double f = units.get(m.group(2).toLowerCase(Locale.ROOT));
        if (f == null) throw error(a.line(), "unknown " + a.name() + " '" + a.value() + "', expected " + expected);
        return Double.parseDouble(m.group(1)) * f;
    }

    private double number(LibertyGroup g, String attr, double dflt) {
        LibertyGroup.Attribute a = g.attribute(attr);
        if (a == null) return dflt;
        try {
            return Double.parseDouble(a.value().trim());
        } catch (NumberFormatException e) {
            throw error(a.line(), attr + " expects a number, found '" + a.value() + "'");
        }
    }

    private LibertyCell cell(LibertyGroup g, double defaultInputCap) {
        String cellName = g.name();
        List<LibertyGroup> pinGroups = new ArrayList<>();
        List<String> pinNames = new ArrayList<>();
        for (LibertyGroup p : g.groups()) {
            if (p.type().equals("pin")) {
                for (String n : p.args()) { pinGroups.add(p); pinNames.add(n); }
            } else if (p.type().equals("bus") || p.type().equals("bundle")) {
                throw error(p.line(), "cell " + cellName + ": bus and bundle pins are not supported, expected scalar pin() groups");
            }
        }
        // Variables of functions: the pins, then the state variables of ff/latch.
        List<String> vars = new ArrayList<>(pinNames);
        LibertyCell.Sequential seq = null;
        LibertyGroup ff = g.group("ff");
        LibertyGroup latch = g.group("latch");
        LibertyGroup state = ff != null ? ff : latch;
        if (state != null) {
            if (state.args().size() < 2) throw error(state.line(), "cell " + cellName + ": " + state.type() + " needs two state variable names, e.g. ff (IQ, IQN)");
            vars.add(state.args().get(0));
            vars.add(state.args().get(1));
        }
        if (state != null) {
            String next = state.string(ff != null ? "next_state" : "data_in");
            String clk = state.string(ff != null ? "clocked_on" : "enable");
            if (next == null) throw error(state.line(), "cell " + cellName + ": " + state.type() + " without " + (ff != null ? "next_state" : "data_in"));
            seq = new LibertyCell.Sequential(latch != null && ff == null, state.args().get(0), state.args().get(1),
                expr(next, pinNames, state.line(), cellName), clk == null ? null : expr(clk, pinNames, state.line(), cellName));
        }
        List<LibertyPin> pins = new ArrayList<>();
        for (int i = 0; i < pinGroups.size(); i++) {
            LibertyGroup p = pinGroups.get(i);
            String dirText = p.string("direction");
            if (dirText == null) throw error(p.line(), "cell " + cellName + " pin " + pinNames.get(i) + ": missing direction, expected input, output or inout");
            LibertyPin.Direction dir = switch (dirText.trim()) {
                case "input" -> LibertyPin.Direction.INPUT;
                case "output" -> LibertyPin.Direction.OUTPUT;
                case "inout" -> LibertyPin.Direction.INOUT;
                case "internal" -> LibertyPin.Direction.INTERNAL;
                default -> throw error(p.attribute("direction").line(), "cell " + cellName + " pin " + pinNames.get(i) + ": direction '" + dirText + "', expected input, output or inout");
            };
            double cap = number(p, "capacitance", dir == LibertyPin.Direction.INPUT ? defaultInputCap / capToFf : 0) * capToFf;
            double rc = number(p, "rise_capacitance", cap / capToFf) * capToFf;
            double fc = number(p, "fall_capacitance", cap / capToFf) * capToFf;
            String fn = p.string("function");
            BoolExpr function = fn == null ? null : expr(fn, vars, p.attribute("function").line(), cellName);
            String isClock = p.string("clock");
            pins.add(new LibertyPin(pinNames.get(i), i, dir, cap, rc, fc, function, "true".equals(isClock)));
        }
        List<TimingArc> arcs = new ArrayList<>();
        List<List<InternalPower>> power = new ArrayList<>();
        for (int i = 0; i < pinGroups.size(); i++) {
            LibertyGroup p = pinGroups.get(i);
            List<InternalPower> ip = new ArrayList<>();
            for (LibertyGroup t : p.groups("timing")) arcs.addAll(arcs(t, i, pins, pinNames, cellName));
            for (LibertyGroup t : p.groups("internal_power")) ip.add(internalPower(t, pinNames, cellName));
            power.add(ip);
        }
        double leak = number(g, "cell_leakage_power", 0) * leakToNw;
        boolean dontUse = "true".equals(g.string("dont_use"));
        double area = number(g, "area", 0);
        return new LibertyCell(cellName, area, pins, arcs, power, leak, seq, dontUse);
    }

    private BoolExpr expr(String text, List<String> vars, int line, String cellName) {
        try {
            return BoolExpr.parse(text, vars);
        } catch (IllegalArgumentException e) {
            throw error(line, "cell " + cellName + ": bad Boolean expression: " + e.getMessage());
        }
    }

    private List<TimingArc> arcs(LibertyGroup t, int toPin, List<LibertyPin> pins, List<String> pinNames, String cellName) {
        String related = t.string("related_pin");
        if (related == null) throw error(t.line(), "cell " + cellName + " pin " + pinNames.get(toPin) + ": timing() without related_pin");
        String type = t.string("timing_type");
        if (type == null) type = "combinational";
        String senseText = t.string("timing_sense");
        BoolExpr when = t.string("when") == null ? null : expr(t.string("when"), pinNames, t.attribute("when").line(), cellName);
        LookupTable cr = table(t, "cell_rise", true);
        LookupTable cf = table(t, "cell_fall", true);
        LookupTable rt = table(t, "rise_transition", true);
        LookupTable ft = table(t, "fall_transition", true);
        boolean isDelay = new TimingArc(0, 0, TimingSense.NON_UNATE, type, null, null, null, null, null).isDelayArc();
        if (isDelay && cr == null && cf == null) {
            if (t.attribute("intrinsic_rise") != null) throw error(t.line(), "cell " + cellName + ": linear delay model (intrinsic_rise) is not supported, expected NLDM cell_rise/cell_fall tables");
            throw error(t.line(), "cell " + cellName + " pin " + pinNames.get(toPin) + ": timing arc from " + related + " has neither cell_rise nor cell_fall table");
        }
        if (isDelay && ((cr != null && rt == null) || (cf != null && ft == null))) {
            throw error(t.line(), "cell " + cellName + " pin " + pinNames.get(toPin) + ": timing arc from " + related + " lacks a rise_transition or fall_transition table");
        }
        List<TimingArc> out = new ArrayList<>();
        for (String rp : related.trim().split("\\s+")) {
            int from = pinNames.indexOf(rp);
            if (from < 0) throw error(t.attribute("related_pin").line(), "cell " + cellName + ": related_pin '" + rp + "' is not a pin of the cell");
            TimingSense sense;
            if (senseText != null) {
                sense = switch (senseText.trim()) {
                    case "positive_unate" -> TimingSense.POSITIVE_UNATE;
                    case "negative_unate" -> TimingSense.NEGATIVE_UNATE;
                    case "non_unate" -> TimingSense.NON_UNATE;
                    default -> throw error(t.attribute("timing_sense").line(), "timing_sense '" + senseText + "', expected positive_unate, negative_unate or non_unate");
                };
            } else if (type.startsWith("combinational") && pins.get(toPin).function() != null) {
                int[] free = new int[pins.size() + 2];
                java.util.Arrays.fill(free, BoolExpr.X);
                sense = TimingSense.of(pins.get(toPin).function().sense(from, free));
            } else {
                sense = TimingSense.NON_UNATE;
            }
            out.add(new TimingArc(from, toPin, sense, type, when, cr, cf, rt, ft));
        }
        return out;
    }

    private InternalPower internalPower(LibertyGroup g, List<String> pinNames, String cellName) {
        String related = g.string("related_pin");
        int rp = -1;
        if (related != null) {
            rp = pinNames.indexOf(related.trim());
            if (rp < 0) throw error(g.attribute("related_pin").line(), "cell " + cellName + ": internal_power related_pin '" + related + "' is not a pin of the cell");
        }
        BoolExpr when = g.string("when") == null ? null : expr(g.string("when"), pinNames, g.attribute("when").line(), cellName);
        LookupTable rise = table(g, "rise_power", false);
        LookupTable fall = table(g, "fall_power", false);
        LookupTable both = table(g, "power", false);
        if (rise == null) rise = both;
        if (fall == null) fall = both;
        return new InternalPower(rp, when, rise, fall);
    }

    /** A table subgroup in canonical units, or null when absent. */
    private LookupTable table(LibertyGroup parent, String type, boolean isTime) {
        LibertyGroup g = parent.group(type);
        if (g == null) return null;
        String tmplName = g.name();
        LibertyGroup tmpl = null;
        if (!tmplName.isEmpty() && !tmplName.equals("scalar")) {
            tmpl = templates.get(tmplName);
            if (tmpl == null) throw error(g.line(), type + " uses unknown table template '" + tmplName + "'");
        }
        LookupTable.Variable v1 = tmpl == null ? LookupTable.Variable.OTHER : variable(tmpl, "variable_1");
        LookupTable.Variable v2 = tmpl == null ? LookupTable.Variable.OTHER : variable(tmpl, "variable_2");
        double[] i1 = axis(g, tmpl, "index_1", v1);
        double[] i2 = axis(g, tmpl, "index_2", v2);
        LibertyGroup.Attribute va = g.attribute("values");
        if (va == null) throw error(g.line(), type + " table has no values");
        List<Double> vals = new ArrayList<>();
        for (String row : va.values()) {
            for (String s : row.split(",")) {
                s = s.trim();
                if (s.isEmpty()) continue;
                try {
                    vals.add(Double.parseDouble(s));
                } catch (NumberFormatException e) {
                    throw error(va.line(), type + " values: '" + s + "' is not a number");
                }
            }
        }
        int expected = Math.max(1, i1.length) * Math.max(1, i2.length);
        if (vals.size() != expected) {
            throw error(va.line(), type + " table has " + vals.size() + " values, expected " + expected
                + " (" + Math.max(1, i1.length) + " x " + Math.max(1, i2.length) + " from index_1/index_2)");
        }
        double scale = isTime ? timeToPs : capToFf * voltToV * voltToV; // energy: C*V^2 -> fJ
        double[] v = new double[vals.size()];
        for (int k = 0; k < v.length; k++) v[k] = vals.get(k) * scale;
        if (tmpl == null && i1.length == 0 && i2.length == 0 && v.length == 1) return LookupTable.scalar(v[0]);
        return new LookupTable(v1, i1, v2, i2, v);
    }

    private LookupTable.Variable variable(LibertyGroup tmpl, String attr) {
        String v = tmpl.string(attr);
        if (v == null) return LookupTable.Variable.OTHER;
        return switch (v.trim()) {
            case "input_net_transition", "input_transition_time" -> LookupTable.Variable.INPUT_TRANSITION;
            case "total_output_net_capacitance" -> LookupTable.Variable.OUTPUT_CAPACITANCE;
            case "related_pin_transition" -> LookupTable.Variable.RELATED_PIN_TRANSITION;
            case "constrained_pin_transition" -> LookupTable.Variable.CONSTRAINED_PIN_TRANSITION;
            default -> LookupTable.Variable.OTHER;
        };
    }

    private double[] axis(LibertyGroup table, LibertyGroup tmpl, String attr, LookupTable.Variable var) {
        LibertyGroup.Attribute a = table.attribute(attr);
        if (a == null && tmpl != null) a = tmpl.attribute(attr);
        if (a == null) return new double[0];
        List<Double> vals = new ArrayList<>();
        for (String part : a.values()) {
            for (String s : part.split(",")) {
                s = s.trim();
                if (s.isEmpty()) continue;
                try {
                    vals.add(Double.parseDouble(s));
                } catch (NumberFormatException e) {
                    throw error(a.line(), attr + ": '" + s + "' is not a number");
                }
            }
        }
        double scale = switch (var) {
            case OUTPUT_CAPACITANCE -> capToFf;
            case INPUT_TRANSITION, RELATED_PIN_TRANSITION, CONSTRAINED_PIN_TRANSITION -> timeToPs;
            default -> 1;
        };
        double[] out = new double[vals.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = vals.get(i) * scale;
            if (i > 0 && out[i] <= out[i - 1]) throw error(a.line(), attr + " must increase strictly, found " + vals);
        }
        return out;
    }
}
