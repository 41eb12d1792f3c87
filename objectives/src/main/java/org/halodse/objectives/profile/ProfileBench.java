package org.halodse.objectives.profile;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.halodse.objectives.calib.Calibrator;
import org.halodse.objectives.model.LinearLayer;
import org.halodse.objectives.model.SyntheticModel;
import org.halodse.objectives.proxy.CalibrationStats;
import org.halodse.objectives.quant.QuantOption;

/**
 * Benchmark (not a test): the sampled profile of the synthetic LLaMA-2-7B (or another preset) on the
 * default option grid, wall and process CPU time, with the machine's load average printed beside.
 * Run: java -cp ... org.halodse.objectives.profile.ProfileBench [preset=llama2-7b] [layers=all] [threads=cores] [sampleRows=768]
 */
public final class ProfileBench {
    private ProfileBench() {
    }

    public static void main(String[] args) throws Exception {
        String preset = args.length > 0 ? args[0] : "llama2-7b";
        SyntheticModel m = SyntheticModel.of(SyntheticModel.Preset.byName(preset));
        int count = args.length > 1 && !args[1].equals("all") ? Integer.parseInt(args[1]) : m.layers().size();
        int threads = args.length > 2 ? Integer.parseInt(args[2]) : Runtime.getRuntime().availableProcessors();
        int rows = args.length > 3 ? Integer.parseInt(args[3]) : 768;
        List<LinearLayer> layers = m.layers().subList(0, count);
        CalibrationStats st = new CalibrationStats(Calibrator.synthetic(m));
        List<QuantOption> grid = QuantOption.defaultGrid();
        var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        String load0 = load();
        long c0 = os.getProcessCpuTime(), t0 = System.nanoTime();
        ModelProfile p = new Profiler(SampleCheck::delay, new Profiler.Settings(8_000_000L, rows, 1, threads)).run("bench", m.name(), true, layers, st,
            grid, null);
        double wall = (System.nanoTime() - t0) / 1e9, cpu = (os.getProcessCpuTime() - c0) / 1e9;
        System.out.printf(Locale.ROOT, "synthetic %s: %d layers x %d options, %d sampled rows, %d threads: wall %.2f s, CPU %.2f s (load before %s, after %s)%n",
            preset, p.layers(), p.options(), rows, threads, wall, cpu, load0, load());
    }

    /** The load average (1, 5, 15 min) from /proc/loadavg, to print beside a figure. */
    public static String load() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).split(" ");
            return f[0] + " " + f[1] + " " + f[2];
        } catch (java.io.IOException e) {
            return "unknown";
        }
    }
}
