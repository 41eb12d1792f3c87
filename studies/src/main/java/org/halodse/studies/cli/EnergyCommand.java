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
import org.halodse.hw.power.ActivationModel;
import org.halodse.hw.power.EnergyModel;
import org.halodse.hw.power.GlitchSimulator;
import org.halodse.hw.power.MacEnergy;
import org.halodse.hw.power.MacStimulus;
import org.halodse.hw.power.ToggleSimulator;
import org.halodse.hw.power.WeightEnergyProfile;
import org.halodse.hw.power.WeightEnergyProfiler;
import org.halodse.hw.timing.BoundaryConditions;
import org.halodse.hw.timing.StaticTimer;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code halo energy}: switching energy per MAC operation for every weight value. */
@Command(name = "energy", mixinStandardHelpOptions = true,
    description = {"Zero-delay gate-level simulation of a MAC with its weight held at each value while activations stream by",
        "and the partial sum accumulates as in a dot product; transitions are turned into energy with the Liberty",
        "internal_power tables, C*V^2/2 of each net's pin and port load, and cell leakage over the clock period.",
        "CSV columns: weight,energy_fj (fJ per MAC operation, ascending weight). JSON splits it into internal,",
        "switching and leakage. By default zero-delay (no glitches: a lower bound on transitions); --mode glitch",
        "(or --glitch) runs an event-driven simulation with the static timer's arc delays (transport delay: every",
        "pulse propagates, the upper end) that counts glitches too, at a much higher cost per sample;",
        "--mode glitch-inertial swallows pulses narrower than a gate's delay (the lower end of the glitch range)."})
final class EnergyCommand implements Callable<Integer> {
    @Spec CommandSpec spec;

    @CommandLine.Mixin
    CircuitOptions circuitOptions = new CircuitOptions();

    @CommandLine.Mixin
    MacOptions mac = new MacOptions();

    @Option(names = "--activation-port", defaultValue = "a", paramLabel = "PORT", description = "Input port the activations stream into (default: ${DEFAULT-VALUE}).")
    String activationPort;

    @Option(names = "--acc-port", paramLabel = "PORT", description = "Partial-sum input port (default: acc, if the module has it).")
    String accPort;

    @Option(names = "--activations", defaultValue = "uniform", paramLabel = "uniform|gaussian:SIGMA|laplace:B|FILE",
        description = "Activation distribution in LSBs: uniform over the port's range, Gaussian or Laplacian (rounded, clipped),"
            + " or a histogram file of 'value,count' lines (default: ${DEFAULT-VALUE}).")
    String activations;

    @Option(names = "--samples", defaultValue = "10000", paramLabel = "N", description = "Activation samples per weight value (default: ${DEFAULT-VALUE}).")
    int samples;

    @Option(names = "--seed", defaultValue = "1", paramLabel = "S", description = "Random seed of the activation stream (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--period-ps", paramLabel = "PS", description = "Clock period for the leakage energy (default: the unconstrained critical-path delay).")
    Double periodPs;

    @Option(names = "--mode", defaultValue = "zero-delay", paramLabel = "zero-delay|glitch|glitch-inertial",
        description = "Transition counting: zero-delay (bit-parallel), glitch (event-driven with per-arc delays at each net's load"
            + " and the unconstrained slews, transport delay; every glitch counted) or glitch-inertial (pulses narrower than"
            + " the gate delay swallowed) (default: ${DEFAULT-VALUE}).")
    String mode;

    @Option(names = "--glitch", description = "Same as --mode glitch.")
    boolean glitch;

    @Option(names = "--format", defaultValue = "csv", paramLabel = "csv|json", description = "Output format (default: ${DEFAULT-VALUE}).")
    String format;

    @Option(names = "--out", paramLabel = "FILE", description = "Write here (atomically) instead of standard output.")
    Path out;

    @Override
    public Integer call() {
        if (!format.equals("csv") && !format.equals("json")) throw new InputException("--format " + format + ": expected csv or json");
        if (samples < 2) throw new InputException("--samples " + samples + ": expected at least 2 (energy is counted per transition between samples)");
        if (periodPs != null && !(periodPs > 0 && periodPs < Double.POSITIVE_INFINITY)) throw new InputException("--period-ps " + periodPs + ": expected a positive number");
        if (!List.of("zero-delay", "glitch", "glitch-inertial").contains(mode)) {
            throw new InputException("--mode " + mode + ": expected zero-delay, glitch or glitch-inertial");
        }
        if (glitch && mode.equals("glitch-inertial")) throw new InputException("--glitch: means --mode glitch; give one of --glitch and --mode " + mode);
        String simulation = glitch ? "glitch" : mode;
        boolean timed = !simulation.equals("zero-delay");
        ActivationModel act = ActivationModel.parse(activations);
        long t0 = System.nanoTime();
        Path libPath = circuitOptions.libraryPath();
        LibertyLibrary lib = LibertyReader.read(libPath);
        Netlist n = circuitOptions.load(lib, mac);
        String weightPort = circuitOptions.weightPort;
        MacStimulus ports = new MacStimulus(weightPort, activationPort, accPort == null ? "acc" : accPort).resolve(n, accPort != null);
        if (n.port(weightPort).width() > 12) throw new InputException("--weight-port " + weightPort + ": " + n.port(weightPort).width() + " bits; profiling every value is limited to 12 bits");
        StaticTimer timer = new StaticTimer(n, BoundaryConditions.betweenRegisters(lib));
        double period = periodPs != null ? periodPs : timer.analyze().worstDelay();
        if (!(period > 0)) throw new InputException("--period-ps: the circuit has no timed path to take a period from; give --period-ps");
        EnergyModel model = new EnergyModel(timer, lib.nominalVoltage(), period);
        WeightEnergyProfile profile;
        if (timed) {
            GlitchSimulator sim;
            try {
                sim = new GlitchSimulator(timer, ports, simulation.equals("glitch-inertial")
                    ? GlitchSimulator.DelayModel.INERTIAL : GlitchSimulator.DelayModel.TRANSPORT);
            } catch (IllegalArgumentException e) {
                throw new InputException("--mode " + simulation + ": " + e.getMessage());
            }
            profile = WeightEnergyProfiler.run(sim, model, act, samples, seed);
        } else {
            profile = WeightEnergyProfiler.run(new ToggleSimulator(n, ports), model, act, samples, seed);
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        String text = format.equals("csv") ? csv(profile) : json(profile, n, circuitOptions.source(n), lib, libPath, ports, model, seconds, simulation);
        AtomicFiles.printOrWrite(spec, out, text);
        return Halo.OK;
    }

    static String csv(WeightEnergyProfile p) {
        StringBuilder sb = new StringBuilder("weight,energy_fj\n");
        for (int w = p.minWeight(); w <= p.maxWeight(); w++) sb.append(w).append(',').append(fj(p.energy(w).totalFj())).append('\n');
        return sb.toString();
    }

    private static String fj(double v) {
        return String.format(Locale.ROOT, "%.3f", v);
    }

    private static double round3(double v) {
        return Math.round(v * 1000.0) / 1000.0;
    }

    static String json(WeightEnergyProfile p, Netlist n, String source, LibertyLibrary lib, Path libPath, MacStimulus ports,
                       EnergyModel model, double seconds, String simulation) {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("tool", "halo energy " + Halo.version());
        Map<String, Object> nl = new LinkedHashMap<>();
        nl.put("source", source);
        nl.put("module", n.name());
        nl.put("instances", n.instances().size());
        nl.put("registered", p.registered());
        root.put("netlist", nl);
        Map<String, Object> lb = new LinkedHashMap<>();
        lb.put("name", lib.name());
        lb.put("file", libPath.toString());
        lb.put("nominalVoltage", lib.nominalVoltage());
        root.put("library", lb);
        Map<String, Object> stim = new LinkedHashMap<>();
        stim.put("weightPort", ports.weightPort());
        stim.put("activationPort", ports.activationPort());
        stim.put("accPort", ports.accPort());
        stim.put("activations", p.activations());
        stim.put("samples", p.samples());
        stim.put("seed", p.seed());
        root.put("stimulus", stim);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("simulation", switch (simulation) {
            case "glitch" -> "glitch (event-driven; per-arc NLDM delays at each net's load and the unconstrained slews; transport delay; every transition counted)";
            case "glitch-inertial" -> "glitch-inertial (event-driven; per-arc NLDM delays at each net's load and the unconstrained slews;"
                + " inertial delay: pulses narrower than a gate's delay are swallowed)";
            default -> "zero-delay (no glitches: a lower bound on transitions)";
        });
        m.put("voltage", p.voltage());
        m.put("period_ps", round3(p.periodPs()));
        m.put("leakage_nw", round3(model.leakageNw()));
        m.put("boundary", "inputs driven and outputs loaded by the library's D flip-flop");
        root.put("model", m);
        List<Map<String, Object>> rows = new ArrayList<>();
        for (int w = p.minWeight(); w <= p.maxWeight(); w++) {
            MacEnergy e = p.energy(w);
            Map<String, Object> r = new LinkedHashMap<>();
            r.put("weight", w);
            r.put("energy_fj", round3(e.totalFj()));
            r.put("internal_fj", round3(e.internalFj()));
            r.put("switching_fj", round3(e.switchingFj()));
            r.put("leakage_fj", round3(e.leakageFj()));
            rows.add(r);
        }
        root.put("weights", rows);
        int lo = p.minWeight() == 0 ? 1 : p.minWeight(), hi = lo;
        for (int w = p.minWeight(); w <= p.maxWeight(); w++) {
            if (w == 0) continue;
            if (p.energy(w).totalFj() < p.energy(lo).totalFj()) lo = w;
            if (p.energy(w).totalFj() > p.energy(hi).totalFj()) hi = w;
        }
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("lowestNonzeroWeight", lo);
        s.put("lowest_fj", round3(p.energy(lo).totalFj()));
        s.put("highestWeight", hi);
        s.put("highest_fj", round3(p.energy(hi).totalFj()));
        s.put("zeroWeight_fj", round3(p.energy(0).totalFj()));
        s.put("spread", round3(p.spread()));
        root.put("summary", s);
        root.put("seconds", round3(seconds));
        try {
            return new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(root) + "\n";
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
