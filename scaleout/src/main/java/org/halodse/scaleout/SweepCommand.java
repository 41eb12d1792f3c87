package org.halodse.scaleout;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.halodse.hw.liberty.InputException;
import org.halodse.studies.cli.HaloPlugin;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code halo sweep SWEEP.yaml [--master URL] [--out DIR]}: a grid of studies on Spark. */
@Command(name = "sweep", mixinStandardHelpOptions = true,
    description = {"Run a sweep: every combination of the axes (chips x MAC designs x models) of a base study, one Spark task per cell,",
        "each cell a normal run directory OUT/CELL/; cells already complete are skipped. Writes OUT/sweep.csv and OUT/sweep.html."})
public final class SweepCommand implements Callable<Integer>, HaloPlugin {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(paramLabel = "SWEEP", description = "Sweep file (YAML): base, axes (chip, mac, model), optional name, out, override, budgets.")
    Path sweep;

    @Option(names = "--master", paramLabel = "URL", description = "Spark master, e.g. spark://HOST:7077 (default: local mode on all cores). "
        + "Executors must see the model files and OUT at the same paths (a shared folder).")
    String master;

    @Option(names = "--out", paramLabel = "DIR", description = "Sweep folder (default: the sweep's out, or runs/<name>).")
    Path out;

    @Option(names = "--conf", paramLabel = "KEY=VALUE", description = "Extra Spark setting (repeatable), e.g. spark.executor.memory=4g.")
    List<String> conf = List.of();

    @Override
    public Integer call() {
        SweepPlan plan = SweepReader.read(sweep, out);
        if (Files.exists(plan.outDir()) && !Files.isDirectory(plan.outDir())) throw new InputException("--out " + plan.outDir() + ": exists and is not a folder");
        PrintWriter err = spec.commandLine().getErr();
        long t0 = System.nanoTime();
        Sweep.Result r = Sweep.run(plan, master, confMap(conf), err);
        PrintWriter o = spec.commandLine().getOut();
        o.printf("sweep %s: %d cells (%d ran, %d already complete) in %.1f s%n", plan.name(), plan.cells().size(), r.ran().size(), r.skipped().size(),
            (System.nanoTime() - t0) / 1e9);
        o.println("cells: " + plan.outDir());
        o.println("report: " + r.html() + " and " + r.csv());
        o.flush();
        return 0;
    }

    static Map<String, String> confMap(List<String> conf) {
        Map<String, String> m = new LinkedHashMap<>();
        for (String c : conf) {
            int i = c.indexOf('=');
            if (i <= 0) throw new InputException("--conf " + c + ": expected KEY=VALUE, e.g. spark.executor.memory=4g");
            m.put(c.substring(0, i).strip(), c.substring(i + 1).strip());
        }
        return m;
    }
}
