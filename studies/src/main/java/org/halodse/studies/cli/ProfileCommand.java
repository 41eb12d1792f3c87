package org.halodse.studies.cli;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.function.Function;
import org.halodse.hw.liberty.InputException;
import org.halodse.objectives.calib.Calibration;
import org.halodse.objectives.calib.Calibrations;
import org.halodse.objectives.model.ModelCatalog;
import org.halodse.objectives.model.ModelSource;
import org.halodse.objectives.profile.ClassRow;
import org.halodse.objectives.profile.LayerProfile;
import org.halodse.objectives.profile.ModelProfile;
import org.halodse.objectives.profile.OptionRow;
import org.halodse.objectives.profile.ProfileCache;
import org.halodse.objectives.profile.Profiler;
import org.halodse.objectives.proxy.CalibrationStats;
import org.halodse.objectives.proxy.ChannelStats;
import org.halodse.objectives.quant.QuantOption;
import org.halodse.studies.run.ProfileEngine;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code halo profile}: the layer profile tables of a model on a characterized MAC. Writes
 * DIR/profile.json (with {@code layers} and {@code options}, the counts, and the tables) and
 * DIR/profile.csv (one row per layer and option); the profile itself is cached in DIR/cache (or
 * --cache) under a hash of model, calibration, delay profile, options and sampling.
 */
@Command(name = "profile", mixinStandardHelpOptions = true,
    description = {"Profile a model: for every linear layer and every quantization option, the proxy error, the histogram of INT8 values held,",
        "the slowest value per tile class, tile counts and bytes. Writes DIR/profile.json and DIR/profile.csv."})
final class ProfileCommand implements Callable<Integer> {
    /** Resolves --model; tests may replace it. */
    static Function<String, ModelSource> models = ModelCatalog::resolve;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--model", required = true, paramLabel = "NAME|PATH",
        description = "minilm-l6, bge-small, llama2-7b, llama2-13b, llama3-8b, opt-6.7b, or a .onnx / .safetensors file or folder.")
    String model;

    @Option(names = "--liberty", defaultValue = "osu018", paramLabel = "FILE|NAME", description = "Cell library of the MAC (default: ${DEFAULT-VALUE}).")
    String liberty;

    @CommandLine.Mixin
    MacOptions mac = new MacOptions();

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Output folder.")
    Path out;

    @Option(names = "--cache", paramLabel = "DIR", description = "Profile and calibration cache (default: DIR/cache).")
    Path cache;

    @Option(names = "--sentences", defaultValue = "256", paramLabel = "N", description = "Calibration sentences for a built-in encoder (default: ${DEFAULT-VALUE}).")
    int sentences;

    @Option(names = "--sample-above", defaultValue = "8000000", paramLabel = "WEIGHTS", description = "Row-sample layers with more weights than this (default: ${DEFAULT-VALUE}).")
    long sampleAbove;

    @Option(names = "--sample-rows", defaultValue = "768", paramLabel = "N", description = "Input channels sampled from such a layer of up to 4096 outputs; a layer of W > 4096 outputs draws this times sqrt(4096 / W) (default: ${DEFAULT-VALUE}).")
    int sampleRows;

    @Option(names = "--threads", defaultValue = "0", paramLabel = "N", description = "Worker threads (default: all cores).")
    int threads;

    @CommandLine.Mixin
    EngineOptions engine = new EngineOptions();

    @Override
    public Integer call() {
        if (sentences < 1) throw new InputException("--sentences " + sentences + ": expected at least 1");
        if (sampleRows < 2) throw new InputException("--sample-rows " + sampleRows + ": expected at least 2");
        ProfileEngine eng = engine.resolve();
        int th = threads > 0 ? threads : Runtime.getRuntime().availableProcessors();
        PrintWriter err = spec.commandLine().getErr();
        // the model first: a bad file is reported before any work (and before anything is written)
        ModelSource src = models.apply(model);
        long t0 = System.nanoTime();
        MacDelays.Result mac = MacDelays.characterize(liberty, this.mac);
        var delays = mac.profile();
        double tChar = secs(t0);
        Path cacheDir = cache != null ? cache : out.resolve("cache");
        Calibration cal = Calibrations.standard(model, src, sentences, cacheDir, th);
        ChannelStats stats = new CalibrationStats(cal);
        double tCal = secs(t0) - tChar;
        List<QuantOption> options = QuantOption.defaultGrid();
        Profiler.Settings settings = new Profiler.Settings(sampleAbove, sampleRows, 1, th);
        String key = ProfileCache.key(src.name(), src.identity(), src.layers(), stats, delays::delay, null, options, settings);
        boolean[] computed = {false};
        ModelProfile p;
        try (ProgressDisplay progress = ProgressDisplay.start("profile", src.layers().size(), err)) {
            p = ProfileCache.getOrCompute(cacheDir, key, () -> {
                computed[0] = true;
                double[] delayPs = new double[256];
                for (int w = -128; w <= 127; w++) delayPs[w + 128] = delays.delay(w);
                ProfileEngine.Job job = new ProfileEngine.Job(key, ProfileEngine.reference(model), src.name(), src.synthetic(), src.layers(), stats,
                    delayPs, options, settings, engine.master);
                return eng.profile(job, (done, total, layer) -> progress.update(done, layer));
            });
        }
        Path curveFile = ProxyCheckCommand.curveFile(cacheDir, src.name());
        if (Files.isRegularFile(curveFile)) {
            try {
                p = p.withCurve(ProfileCache.JSON.readValue(curveFile.toFile(), org.halodse.objectives.proxy.CalibrationCurve.class));
            } catch (java.io.IOException e) {
                throw new InputException(curveFile + ": unreadable calibration curve (" + e.getMessage() + ")");
            }
        }
        AtomicFiles.write(out.resolve("profile.json"), ProfileCache.toJson(p, true), "--out");
        AtomicFiles.write(out.resolve("profile.csv"), csv(p), "--out");
        PrintWriter o = spec.commandLine().getOut();
        o.printf(Locale.ROOT, "model %s%s: %d layers x %d options%s%n", p.model(), p.synthetic() ? " (synthetic weights)" : "", p.layers(), p.options(),
            computed[0] ? String.format(Locale.ROOT, ", profiled in %.2f s", p.seconds()) : " (from cache)");
        o.printf(Locale.ROOT, "MAC %s: worst delay %.1f ps (characterized in %.2f s)%n", mac.description(), p.worstDelayPs(), tChar);
        o.printf(Locale.ROOT, "calibration: %s (%.2f s)%n", cal.source() + (cal.kind() == Calibration.Kind.SYNTHETIC ? " [synthetic]" : ""), tCal);
        o.printf(Locale.ROOT, "%-36s %12s %12s%n", "option", "model proxy", "MB");
        for (int i = 0; i < p.options(); i++) {
            double proxy = 0;
            long bytes = 0;
            for (LayerProfile lp : p.tables()) {
                proxy += lp.options().get(i).proxy();
                bytes += lp.options().get(i).bytes();
            }
            o.printf(Locale.ROOT, "%-36s %12.5f %12.2f%n", p.optionList().get(i).label(), proxy, bytes / 1e6);
        }
        o.println(p.curve() == null ? "no calibration curve (run halo proxy-check --model " + model + " --cache " + cacheDir + " to fit one)"
            : String.format(Locale.ROOT, "calibration curve (%s) from %s attached", p.curve().kind(), curveFile));
        o.println("wrote " + out.resolve("profile.json") + " and " + out.resolve("profile.csv"));
        o.flush();
        return Halo.OK;
    }

    private static double secs(long t0) {
        return (System.nanoTime() - t0) / 1e9;
    }

    static String csv(ModelProfile p) {
        StringBuilder sb = new StringBuilder("layer,role,k,n,option,proxy,ci_low,ci_high,bytes,sparse,fast_tiles,fast_slowest,fast_delay_ps,slow_tiles,slow_slowest,slow_delay_ps\n");
        for (LayerProfile lp : p.tables()) {
            for (OptionRow r : lp.options()) {
                ClassRow f = r.classes().size() == 2 ? r.classes().get(0) : null;
                ClassRow s = r.classes().get(r.classes().size() - 1);
                sb.append(lp.name()).append(',').append(lp.role()).append(',').append(lp.inFeatures()).append(',').append(lp.outFeatures()).append(',')
                    .append(r.option()).append(',').append(g(r.proxy())).append(',').append(r.ciLow() == null ? "" : g(r.ciLow())).append(',')
                    .append(r.ciHigh() == null ? "" : g(r.ciHigh())).append(',').append(r.bytes()).append(',').append(r.sparseCount()).append(',')
                    .append(f == null ? 0 : f.tiles()).append(',').append(f == null || f.slowestValue() == null ? "" : f.slowestValue()).append(',')
                    .append(f == null || f.slowestDelayPs() == null ? "" : g(f.slowestDelayPs())).append(',')
                    .append(s.tiles()).append(',').append(s.slowestValue() == null ? "" : s.slowestValue()).append(',')
                    .append(s.slowestDelayPs() == null ? "" : g(s.slowestDelayPs())).append('\n');
            }
        }
        return sb.toString();
    }

    private static String g(double v) {
        return String.format(Locale.ROOT, "%.6g", v);
    }
}
