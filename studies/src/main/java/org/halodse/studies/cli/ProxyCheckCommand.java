package org.halodse.studies.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.halodse.hw.liberty.InputException;
import org.halodse.objectives.calib.Calibration;
import org.halodse.objectives.calib.Calibrations;
import org.halodse.objectives.calib.EuroparlText;
import org.halodse.objectives.encoder.BertEncoder;
import org.halodse.objectives.model.ModelCatalog;
import org.halodse.objectives.model.ModelSource;
import org.halodse.objectives.model.OnnxModel;
import org.halodse.objectives.profile.ProfileCache;
import org.halodse.objectives.proxy.CalibrationStats;
import org.halodse.objectives.proxy.EncoderFidelity;
import org.halodse.objectives.proxy.ProxyCheck;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code halo proxy-check}: does the proxy rank quantized models as the real encoder does? The
 * model is quantized in N varied configurations; for each, the proxy (from calibration E[x^2] on
 * the first --sentences Europarl sentences) and the measured 1 - cosine of sentence embeddings to
 * fp32 over the next --eval sentences (held out); then the Spearman rank correlation.
 */
@Command(name = "proxy-check", mixinStandardHelpOptions = true,
    description = {"Quantize a real encoder in many configurations, measure 1 - cosine of its sentence embeddings to fp32,",
        "and print the Spearman rank correlation between the proxy and the measured error."})
final class ProxyCheckCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--model", required = true, paramLabel = "NAME", description = "A built-in real encoder: minilm-l6 or bge-small.")
    String model;

    @Option(names = "--configs", defaultValue = "30", paramLabel = "N", description = "Configurations (default: ${DEFAULT-VALUE}).")
    int configs;

    @Option(names = "--seed", defaultValue = "1", paramLabel = "S", description = "Seed of the mixed configurations (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--format", defaultValue = "text", paramLabel = "text|json", description = "Output format (default: ${DEFAULT-VALUE}).")
    String format;

    @Option(names = "--sentences", defaultValue = "256", paramLabel = "N", description = "Calibration sentences (default: ${DEFAULT-VALUE}).")
    int sentences;

    @Option(names = "--eval", defaultValue = "256", paramLabel = "N", description = "Held-out sentences the embedding error is measured on (default: ${DEFAULT-VALUE}).")
    int eval;

    @Option(names = "--liberty", defaultValue = "osu018", paramLabel = "FILE|NAME", description = "Cell library of the MAC whose fast values the codebooks use (default: ${DEFAULT-VALUE}).")
    String liberty;

    @CommandLine.Mixin
    MacOptions mac = new MacOptions();

    @Option(names = "--cache", paramLabel = "DIR", description = "Calibration cache folder (default: none); the fitted proxy calibration curve is written there too "
        + "(proxy-curve-MODEL.json), where `halo profile` with the same cache attaches it to the profile.")
    Path cache;

    @Option(names = "--threads", defaultValue = "0", paramLabel = "N", description = "Worker threads (default: all cores).")
    int threads;

    /** Where proxy-check leaves the calibration curve of a model for `halo profile`. */
    static Path curveFile(Path cacheDir, String modelName) {
        return cacheDir.resolve("proxy-curve-" + modelName.replaceAll("[^A-Za-z0-9._-]", "_") + ".json");
    }

    @Override
    public Integer call() {
        if (!format.equals("text") && !format.equals("json")) throw new InputException("--format " + format + ": expected text or json");
        if (configs < 2) throw new InputException("--configs " + configs + ": expected at least 2");
        if (sentences < 1 || eval < 1) throw new InputException("--sentences/--eval: expected at least 1");
        int th = threads > 0 ? threads : Runtime.getRuntime().availableProcessors();
        ModelSource src = ModelCatalog.resolve(model);
        if (!(src instanceof OnnxModel onnx)) throw new InputException("--model " + model + ": proxy-check needs a real encoder with a forward pass (minilm-l6, bge-small)");
        PrintWriter err = spec.commandLine().getErr();
        long t0 = System.nanoTime();
        var delays = MacDelays.characterize(liberty, mac).profile();
        Calibration cal = Calibrations.standard(model, src, sentences, cache, th);
        BertEncoder enc = BertEncoder.load(onnx);
        List<String> all = EuroparlText.englishSentences(sentences + eval);
        if (all.size() < sentences + eval) throw new InputException("--eval " + eval + ": only " + (all.size() - sentences) + " held-out sentences available");
        var oracle = new EncoderFidelity(enc, ModelCatalog.tokenizer(model), all.subList(sentences, sentences + eval), th);
        var cfgs = ProxyCheck.configurations(src.layers(), configs, seed);
        int[] done = {0};
        ProxyCheck.FidelityOracle counting = replaced -> {
            double m = oracle.measure(replaced);
            done[0]++;
            if (done[0] % 5 == 0 || done[0] == cfgs.size()) {
                err.println("proxy-check: " + done[0] + "/" + cfgs.size() + " configurations");
                err.flush();
            }
            return m;
        };
        ProxyCheck.Result r = ProxyCheck.run(src.layers(), new CalibrationStats(cal), delays::delay, cfgs, counting);
        double secs = (System.nanoTime() - t0) / 1e9;
        if (cache != null && r.curve() != null) AtomicFiles.write(curveFile(cache, src.name()), ProfileCache.toJson(r.curve(), true), "--cache");
        PrintWriter o = spec.commandLine().getOut();
        if (format.equals("json")) {
            Map<String, Object> root = new LinkedHashMap<>();
            root.put("configurations", r.configurations());
            root.put("spearman", r.spearman());
            List<Map<String, Object>> pts = new ArrayList<>();
            for (ProxyCheck.Point p : r.points()) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("proxy", p.proxy());
                m.put("measured", p.measured());
                pts.add(m);
            }
            root.put("points", pts);
            o.print(ProfileCache.toJson(root, true));
        } else {
            o.printf(Locale.ROOT, "model %s: %d configurations, calibration %s; measured 1 - cosine over %d held-out sentences%n",
                src.name(), r.configurations(), cal.source(), oracle.sentences());
            o.printf(Locale.ROOT, "%-44s %12s %12s%n", "configuration", "proxy", "measured");
            for (ProxyCheck.Point p : r.points()) o.printf(Locale.ROOT, "%-44s %12.6f %12.6f%n", p.label(), p.proxy(), p.measured());
            o.printf(Locale.ROOT, "spearman %.4f%n", r.spearman());
            if (r.curve() != null) {
                o.printf(Locale.ROOT, "calibration curve: %s%s (%.1f s)%n", r.curve().kind(),
                    r.curve().kind().equals("power") ? String.format(Locale.ROOT, " loss = %.4g * proxy^%.4f, r2 %.3f", r.curve().a(), r.curve().b(), r.curve().r2()) : "", secs);
            }
        }
        o.flush();
        return Halo.OK;
    }
}
