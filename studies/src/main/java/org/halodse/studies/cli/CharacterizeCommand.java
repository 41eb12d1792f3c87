package org.halodse.studies.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.halodse.hw.liberty.InputException;
import org.halodse.hw.liberty.LibertyLibrary;
import org.halodse.hw.liberty.LibertyReader;
import org.halodse.hw.netlist.Netlist;
import org.halodse.hw.timing.BoundaryConditions;
import org.halodse.hw.timing.StaticTimer;
import org.halodse.hw.timing.TimingResult;
import org.halodse.hw.timing.WeightDelayProfile;
import org.halodse.hw.timing.WeightSweep;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code halo characterize}: the critical-path delay of a MAC for every weight value. */
@Command(name = "characterize", mixinStandardHelpOptions = true,
    description = {"Static timing with case analysis: the critical-path delay of a MAC for every value of its weight operand.",
        "CSV columns: weight,delay_ps (the delay that bounds the clock). JSON adds per-stage delays, the unconstrained critical path, and the netlist and library."})
final class CharacterizeCommand implements Callable<Integer> {
    @Spec CommandSpec spec;

    @CommandLine.Mixin
    CircuitOptions circuitOptions = new CircuitOptions();

    @CommandLine.Mixin
    MacOptions mac = new MacOptions();

    @Option(names = "--format", defaultValue = "csv", paramLabel = "csv|json", description = "Output format (default: ${DEFAULT-VALUE}).")
    String format;

    @Option(names = "--out", paramLabel = "FILE", description = "Write here (atomically) instead of standard output.")
    Path out;

    @Option(names = "--driving-cell", paramLabel = "CELL/PIN", description = "Cell and output pin that drive every input (default: the library's D flip-flop, e.g. DFF_X1/Q, DFFPOSX1/Q).")
    String drivingCell;

    @Option(names = "--load-pin", paramLabel = "CELL/PIN", description = "Cell input pin whose capacitance loads every output (default: the D flip-flop's D pin).")
    String loadPin;

    @Option(names = "--input-slew", paramLabel = "PS", description = "Fixed slew (ps) at every input instead of a driving cell.")
    Double inputSlew;

    @Override
    public Integer call() {
        if (!format.equals("csv") && !format.equals("json")) throw new InputException("--format " + format + ": expected csv or json");
        long t0 = System.nanoTime();
        Path libPath = circuitOptions.libraryPath();
        LibertyLibrary lib = LibertyReader.read(libPath);
        Netlist circuit = circuitOptions.load(lib, mac);
        String netlistSource = circuitOptions.source(circuit);
        String weightPort = circuitOptions.weightPort;
        if (circuitOptions.netlist != null && mac.weightBitsGiven()) {
            var port = circuit.port(weightPort);
            if (port != null && port.width() != mac.weightBits) {
                throw new InputException("--weight-bits " + mac.weightBits + ": port " + weightPort + " of " + circuit.name() + " has " + port.width() + " bits");
            }
        }
        BoundaryConditions bc = boundary(lib);
        StaticTimer timer = new StaticTimer(circuit, bc);
        double readSeconds = (System.nanoTime() - t0) / 1e9;
        long t1 = System.nanoTime();
        WeightDelayProfile profile = WeightSweep.run(timer, weightPort, true);
        double sweepSeconds = (System.nanoTime() - t1) / 1e9;
        String text = format.equals("csv") ? csv(profile) : json(profile, circuit, netlistSource, lib, libPath, bc, readSeconds, sweepSeconds);
        AtomicFiles.printOrWrite(spec, out, text);
        return Halo.OK;
    }

    private BoundaryConditions boundary(LibertyLibrary lib) {
        BoundaryConditions dflt = BoundaryConditions.betweenRegisters(lib);
        if (drivingCell == null && loadPin == null && inputSlew == null) return dflt;
        String[] drive = split(drivingCell, "--driving-cell", dflt.drivingCell().name() + "/" + dflt.drivingPin());
        String ffName = BoundaryConditions.registerCell(lib).name();
        String[] load = split(loadPin, "--load-pin", null);
        if (load == null) {
            var ff = BoundaryConditions.registerCell(lib);
            String d = null;
            for (var p : ff.inputs()) if (ff.sequential().nextState().uses(p.index())) d = p.name();
            load = new String[] {ffName, d};
        }
        return BoundaryConditions.of(lib, drive[0], drive[1], load[0], load[1], inputSlew == null ? Double.NaN : inputSlew);
    }

    private static String[] split(String v, String flag, String dflt) {
        if (v == null) return dflt == null ? null : dflt.split("/");
        String[] p = v.split("/");
        if (p.length != 2 || p[0].isEmpty() || p[1].isEmpty()) throw new InputException(flag + " " + v + ": expected CELL/PIN, e.g. DFF_X1/Q");
        return p;
    }

    static String csv(WeightDelayProfile p) {
        StringBuilder sb = new StringBuilder("weight,delay_ps\n");
        for (int w = p.minWeight(); w <= p.maxWeight(); w++) sb.append(w).append(',').append(ps(p.delay(w))).append('\n');
        return sb.toString();
    }

    private static String ps(double v) {
        return String.format(Locale.ROOT, "%.3f", v);
    }

    private static double round3(double v) {
        return Math.round(v * 1000.0) / 1000.0;
    }

    static String json(WeightDelayProfile p, Netlist n, String netlistSource, LibertyLibrary lib, Path libPath,
                       BoundaryConditions bc, double readSeconds, double sweepSeconds) {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("tool", "halo characterize " + Halo.version());
        Map<String, Object> nl = new LinkedHashMap<>();
        nl.put("source", netlistSource);
        nl.put("module", n.name());
        nl.put("instances", n.instances().size());
        nl.put("area", round3(n.area()));
        nl.put("cells", n.cellCounts());
        root.put("netlist", nl);
        Map<String, Object> lb = new LinkedHashMap<>();
        lb.put("name", lib.name());
        lb.put("file", libPath.toString());
        lb.put("nominalVoltage", lib.nominalVoltage());
        root.put("library", lb);
        root.put("boundary", bc.description());
        root.put("weightPort", p.weightPort());
        root.put("weightBits", p.weightBits());
        root.put("stages", p.stages());
        List<Map<String, Object>> rows = new ArrayList<>();
        for (int w = p.minWeight(); w <= p.maxWeight(); w++) {
            Map<String, Object> r = new LinkedHashMap<>();
            r.put("weight", w);
            r.put("delay_ps", round3(p.delay(w)));
            Map<String, Object> st = new LinkedHashMap<>();
            for (int s = 0; s < p.stages().size(); s++) st.put(p.stages().get(s), round3(p.stageDelay(w, s)));
            r.put("stages", st);
            rows.add(r);
        }
        root.put("weights", rows);
        Map<String, Object> un = new LinkedHashMap<>();
        un.put("delay_ps", round3(p.unconstrainedDelay()));
        Map<String, Object> ust = new LinkedHashMap<>();
        for (int s = 0; s < p.stages().size(); s++) ust.put(p.stages().get(s), round3(p.unconstrainedStageDelays()[s]));
        un.put("stages", ust);
        List<Map<String, Object>> path = new ArrayList<>();
        for (TimingResult.PathPoint pt : p.unconstrainedPath()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("net", pt.net());
            m.put("transition", pt.transition());
            m.put("arrival_ps", round3(pt.arrivalPs()));
            path.add(m);
        }
        un.put("criticalPath", path);
        root.put("unconstrained", un);
        Map<String, Object> summary = new LinkedHashMap<>();
        // The zero weight is left out of "fastest": with w = 0 the multiplier is constant and only
        // the accumulator path remains, which says nothing about the multiplier's spread.
        double worst = p.worstDelay();
        double best = Double.MAX_VALUE;
        int fastest = 1;
        for (int w = p.minWeight(); w <= p.maxWeight(); w++) if (w != 0 && p.delay(w) < best) { best = p.delay(w); fastest = w; }
        int slowest = p.minWeight();
        for (int w = p.minWeight(); w <= p.maxWeight(); w++) if (p.delay(w) > p.delay(slowest)) slowest = w;
        summary.put("worstDelay_ps", round3(worst));
        summary.put("slowestWeight", slowest);
        summary.put("fastestNonzeroWeight", fastest);
        summary.put("fastestNonzeroDelay_ps", round3(best));
        summary.put("zeroWeightDelay_ps", round3(p.delay(0)));
        summary.put("spread", round3(worst / best));
        root.put("summary", summary);
        Map<String, Object> timing = new LinkedHashMap<>();
        timing.put("readSeconds", round3(readSeconds));
        timing.put("sweepSeconds", round3(sweepSeconds));
        root.put("timing", timing);
        try {
            return new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(root) + "\n";
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
