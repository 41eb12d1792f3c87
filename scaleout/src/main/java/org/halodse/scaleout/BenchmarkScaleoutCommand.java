package org.halodse.scaleout;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.halodse.hw.liberty.InputException;
import org.halodse.hw.liberty.LibertyCatalog;
import org.halodse.hw.liberty.LibertyLibrary;
import org.halodse.hw.liberty.LibertyReader;
import org.halodse.hw.netlist.Netlist;
import org.halodse.hw.netlist.mac.MacGenerator;
import org.halodse.hw.netlist.mac.MacSpec;
import org.halodse.hw.timing.BoundaryConditions;
import org.halodse.hw.timing.StaticTimer;
import org.halodse.hw.timing.WeightDelayProfile;
import org.halodse.hw.timing.WeightSweep;
import org.halodse.objectives.calib.Calibration;
import org.halodse.objectives.calib.Calibrations;
import org.halodse.objectives.model.LinearLayer;
import org.halodse.objectives.model.ModelCatalog;
import org.halodse.objectives.model.ModelSource;
import org.halodse.objectives.profile.ModelProfile;
import org.halodse.objectives.profile.ProfileCache;
import org.halodse.objectives.profile.Profiler;
import org.halodse.objectives.proxy.CalibrationStats;
import org.halodse.objectives.quant.QuantOption;
import org.halodse.studies.cli.HaloPlugin;
import org.halodse.studies.run.ProfileEngine;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code halo benchmark-scaleout}: wall time of one model's layer profile on the plain path (1 and
 * N threads), on Spark local mode (1 and N cores) and, with {@code --master}, on a cluster; each
 * result checked bit for bit against the plain one. Spark's times are given with and without
 * starting the application (the SparkContext and, on a cluster, its executors). A benchmark, not a
 * test: it prints figures and the machine's load.
 */
@Command(name = "benchmark-scaleout", mixinStandardHelpOptions = true,
    description = "Time a model's layer profile: plain (1 and N threads) vs Spark local (1 and N cores) vs --master; results checked identical.")
public final class BenchmarkScaleoutCommand implements Callable<Integer>, HaloPlugin {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--model", defaultValue = "llama2-13b", paramLabel = "NAME|PATH", description = "Model (default: ${DEFAULT-VALUE}).")
    String model;

    @Option(names = "--blocks", defaultValue = "0", paramLabel = "N", description = "Profile only the first N transformer blocks (0: all).")
    int blocks;

    @Option(names = "--cores", defaultValue = "2", paramLabel = "N", description = "The N of 'N threads' and local[N] (default: ${DEFAULT-VALUE}).")
    int cores;

    @Option(names = "--master", paramLabel = "URL", description = "Also time the profile on this Spark master.")
    String master;

    @Option(names = "--skip-single", description = "Leave out the 1-thread and local[1] runs.")
    boolean skipSingle;

    @Override
    public Integer call() {
        if (cores < 1) throw new InputException("--cores " + cores + ": expected at least 1");
        PrintWriter o = spec.commandLine().getOut();
        long t0 = System.nanoTime();
        LibertyLibrary lib = LibertyReader.read(LibertyCatalog.resolve("osu018", "--liberty"));
        Netlist mac = MacGenerator.generate(MacSpec.booth(8, 8, 24, MacSpec.Tree.DADDA, MacSpec.Adder.KOGGE_STONE, MacSpec.Pipeline.REGISTERED_PRODUCT), lib);
        WeightDelayProfile delays = WeightSweep.run(new StaticTimer(mac, BoundaryConditions.betweenRegisters(lib)), "w", true);
        double[] delayPs = new double[256];
        for (int w = -128; w <= 127; w++) delayPs[w + 128] = delays.delay(w);
        ModelSource src = ModelCatalog.resolve(model);
        List<LinearLayer> layers = new ArrayList<>();
        for (LinearLayer l : src.layers()) if (blocks <= 0 || l.block() < blocks) layers.add(l);
        Calibration cal = Calibrations.standard(model, src, 256, null, cores);
        CalibrationStats stats = new CalibrationStats(cal);
        List<QuantOption> options = QuantOption.defaultGrid();
        long weights = 0;
        for (LinearLayer l : layers) weights += l.parameters();
        o.printf(Locale.ROOT, "benchmark-scaleout: %s%s, %d of %d layers (%.2f G weights), %d options, sampled mode (default settings); set-up %.1f s%n",
            src.name(), src.synthetic() ? " (synthetic)" : "", layers.size(), src.layers().size(), weights / 1e9, options.size(), secs(t0));
        o.printf(Locale.ROOT, "%-28s %10s %14s %10s%n", "engine", "job [s]", "with start [s]", "identical");
        o.flush();
        String reference = null;
        List<String[]> runs = new ArrayList<>();
        if (!skipSingle) runs.add(new String[] {"plain", "1"});
        runs.add(new String[] {"plain", Integer.toString(cores)});
        if (!skipSingle) runs.add(new String[] {"spark", "local[1]"});
        runs.add(new String[] {"spark", "local[" + cores + "]"});
        if (master != null) runs.add(new String[] {"spark", master});
        for (String[] r : runs) {
            boolean plain = r[0].equals("plain");
            int th = plain ? Integer.parseInt(r[1]) : 1;
            Profiler.Settings settings = new Profiler.Settings(8_000_000L, 768, 1, th);
            ProfileEngine.Job job = new ProfileEngine.Job("benchmark", ProfileEngine.reference(model), src.name(), src.synthetic(), layers, stats, delayPs,
                options, settings, plain ? null : r[1]);
            long s0 = System.nanoTime();
            ModelProfile p;
            double job1;
            if (plain) {
                p = ProfileEngine.PLAIN.profile(job, null);
                job1 = secs(s0);
            } else {
                try (SparkEngine e = SparkEngine.open(r[1], Map.of(), SparkEngine.isLocal(r[1]) ? 1 : 2)) {
                    long j0 = System.nanoTime();
                    p = DistributedProfiler.profile(e, job, null);
                    job1 = secs(j0);
                }
            }
            double total = secs(s0);
            String tables = ProfileCache.toJson(p.tables(), false);
            if (reference == null) reference = tables;
            o.printf(Locale.ROOT, "%-28s %10.2f %14.2f %10s%n", r[0] + (plain ? " " + th + " thread" + (th > 1 ? "s" : "") : " " + r[1]), job1, total,
                tables.equals(reference) ? "yes" : "NO");
            o.flush();
        }
        double[] load = loadAverage();
        o.printf(Locale.ROOT, "load average (1/5/15 min) at the end: %.2f %.2f %.2f on %d cores%n", load[0], load[1], load[2], Runtime.getRuntime().availableProcessors());
        o.flush();
        return 0;
    }

    private static double secs(long t0) {
        return (System.nanoTime() - t0) / 1e9;
    }

    static double[] loadAverage() {
        try {
            String[] f = java.nio.file.Files.readString(java.nio.file.Path.of("/proc/loadavg")).split("\\s+");
            return new double[] {Double.parseDouble(f[0]), Double.parseDouble(f[1]), Double.parseDouble(f[2])};
        } catch (java.io.IOException | RuntimeException e) {
            double l = java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
            return new double[] {l, Double.NaN, Double.NaN};
        }
    }
}
