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
import org.halodse.hw.liberty.LibertyCatalog;
import org.halodse.hw.voltage.AlphaPowerFit;
import org.halodse.hw.voltage.CornerDelays;
import org.halodse.hw.voltage.VoltageDelay;
import org.halodse.hw.voltage.VoltageScaling;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code halo voltage-fit}: the alpha-power law delay(V) = k V / (V - Vth)^alpha through corner delays or given points. */
@Command(name = "voltage-fit", mixinStandardHelpOptions = true,
    description = {"Fits delay(V) = k * V / (V - Vth)^alpha (Levenberg-Marquardt, in log delay) to the worst-weight MAC delay at",
        "each --liberty corner (at its nom_voltage), or to --point V:DELAY_PS pairs, and prints the parameters and residuals.",
        "Corners that also differ in process and temperature (NanGate45 slow/typ/fast) make the fit lump those effects in."})
final class VoltageFitCommand implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Option(names = "--liberty", paramLabel = "FILE|NAME", description = "A corner library; repeat for each (e.g. nangate45-slow, nangate45-typ, nangate45-fast).")
    List<String> liberties = new ArrayList<>();

    @Option(names = "--netlist", paramLabel = "FILE.v", description = "Flat structural Verilog of the MAC (linked to each corner).")
    Path netlist;

    @Option(names = "--top", paramLabel = "MODULE", description = "Top module of --netlist.")
    String top;

    @CommandLine.Mixin
    MacOptions mac = new MacOptions();

    @Option(names = "--weight-port", defaultValue = "w", paramLabel = "PORT", description = "Input port that holds the weight (default: ${DEFAULT-VALUE}).")
    String weightPort;

    @Option(names = "--point", paramLabel = "V:DELAY_PS", description = "A (voltage, delay) pair instead of corners; repeat.")
    List<String> pointSpecs = new ArrayList<>();

    @Option(names = "--alpha", paramLabel = "A", description = "Hold alpha at this value and fit k and Vth only (one more degree of freedom).")
    Double alpha;

    @Option(names = "--leakage-lambda", paramLabel = "PER_VOLT", description = "Leakage power law exp(lambda (V - Vnom)) * V/Vnom, reported with the fit (default: "
        + VoltageScaling.DEFAULT_LEAKAGE_LAMBDA + ").")
    Double leakageLambda;

    @Option(names = "--format", defaultValue = "text", paramLabel = "text|json", description = "Output format (default: ${DEFAULT-VALUE}).")
    String format;

    @Option(names = "--out", paramLabel = "FILE", description = "Write here (atomically) instead of standard output.")
    Path out;

    @Override
    public Integer call() {
        if (!format.equals("text") && !format.equals("json")) throw new InputException("--format " + format + ": expected text or json");
        if (liberties.isEmpty() == pointSpecs.isEmpty()) throw new InputException("give --liberty for each corner (with --arch or --netlist), or --point V:DELAY_PS pairs, not both");
        double lambda = leakageLambda == null ? VoltageScaling.DEFAULT_LEAKAGE_LAMBDA : leakageLambda;
        if (!(lambda >= 0) || Double.isInfinite(lambda)) throw new InputException("--leakage-lambda " + leakageLambda + ": expected a non-negative number");
        List<VoltageDelay> points = new ArrayList<>();
        List<CornerDelays.Corner> corners = List.of();
        if (!pointSpecs.isEmpty()) {
            for (String s : pointSpecs) points.add(point(s));
        } else {
            List<Path> paths = new ArrayList<>();
            for (String l : liberties) paths.add(LibertyCatalog.resolve(l, "--liberty"));
            corners = CornerDelays.measure(paths, lib -> CircuitOptions.load(netlist, top, mac, lib), weightPort);
            for (CornerDelays.Corner c : corners) points.add(c.point());
        }
        AlphaPowerFit fit = AlphaPowerFit.fit(points, alpha == null ? Double.NaN : alpha);
        String text = format.equals("text") ? text(fit, corners, lambda) : json(fit, corners, lambda);
        AtomicFiles.printOrWrite(spec, out, text);
        return Halo.OK;
    }

    private static VoltageDelay point(String s) {
        String[] p = s.split(":");
        try {
            if (p.length != 2) throw new NumberFormatException();
            double v = Double.parseDouble(p[0]), d = Double.parseDouble(p[1]);
            if (!(v > 0) || !(d > 0) || Double.isInfinite(v) || Double.isInfinite(d)) throw new NumberFormatException();
            return new VoltageDelay(v, d, "given");
        } catch (NumberFormatException e) {
            throw new InputException("--point " + s + ": expected V:DELAY_PS with positive numbers, e.g. 1.1:850");
        }
    }

    private static String f(String fmt, Object... args) {
        return String.format(Locale.ROOT, fmt, args);
    }

    static String text(AlphaPowerFit fit, List<CornerDelays.Corner> corners, double lambda) {
        StringBuilder sb = new StringBuilder();
        sb.append("alpha-power law: delay(V) = k * V / (V - Vth)^alpha, least squares in log delay (Levenberg-Marquardt)\n");
        sb.append(f("  k     = %.6g ps*V^(alpha-1)%n  Vth   = %.6f V%n  alpha = %.6f%s%n", fit.law().k(), fit.law().vth(), fit.law().alpha(), fit.alphaFixed() ? " (fixed)" : ""));
        sb.append(f("  points %d, degrees of freedom %d, rms relative residual %.3g%n", fit.points().size(), fit.degreesOfFreedom(), fit.rmsRelativeResidual()));
        if (fit.degreesOfFreedom() == 0) sb.append("  (as many points as parameters: the law interpolates them, zero residuals test nothing; fix --alpha to leave one degree of freedom)\n");
        sb.append(f("%-58s %8s %12s %12s %12s%n", "point", "V", "delay_ps", "fitted_ps", "residual"));
        double[] res = fit.residualsPs(), rel = fit.relativeResiduals();
        for (int i = 0; i < fit.points().size(); i++) {
            VoltageDelay p = fit.points().get(i);
            sb.append(f("%-58s %8.3f %12.3f %12.3f %+11.3g%%%n", p.label(), p.volts(), p.delayPs(), p.delayPs() + res[i], rel[i] * 100));
        }
        if (!corners.isEmpty()) sb.append("note: ").append(CornerDelays.CAVEAT).append('\n');
        sb.append(f("energy: dynamic scales with (V/Vnom)^2; leakage power with (V/Vnom) * exp(%.3g * (V - Vnom)), times the clock period%n", lambda));
        return sb.toString();
    }

    static String json(AlphaPowerFit fit, List<CornerDelays.Corner> corners, double lambda) {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("tool", "halo voltage-fit " + Halo.version());
        root.put("law", "delay(V) = k * V / (V - Vth)^alpha");
        Map<String, Object> par = new LinkedHashMap<>();
        par.put("k", fit.law().k());
        par.put("vth", fit.law().vth());
        par.put("alpha", fit.law().alpha());
        par.put("alphaFixed", fit.alphaFixed());
        root.put("parameters", par);
        root.put("degreesOfFreedom", fit.degreesOfFreedom());
        root.put("rmsRelativeResidual", fit.rmsRelativeResidual());
        List<Map<String, Object>> pts = new ArrayList<>();
        double[] res = fit.residualsPs(), rel = fit.relativeResiduals();
        for (int i = 0; i < fit.points().size(); i++) {
            VoltageDelay p = fit.points().get(i);
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("label", p.label());
            m.put("volts", p.volts());
            m.put("delay_ps", p.delayPs());
            m.put("residual_ps", res[i]);
            m.put("relativeResidual", rel[i]);
            if (!corners.isEmpty()) {
                CornerDelays.Corner c = corners.get(i);
                m.put("liberty", c.liberty().toString());
                m.put("temperature", c.temperature());
                m.put("process", c.process());
                m.put("unconstrainedDelay_ps", c.unconstrainedDelayPs());
            }
            pts.add(m);
        }
        root.put("points", pts);
        if (!corners.isEmpty()) root.put("caveat", CornerDelays.CAVEAT);
        Map<String, Object> en = new LinkedHashMap<>();
        en.put("dynamic", "(V/Vnom)^2");
        en.put("leakagePower", "(V/Vnom) * exp(lambda * (V - Vnom))");
        en.put("leakageLambdaPerVolt", lambda);
        root.put("energyScaling", en);
        try {
            return new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(root) + "\n";
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
