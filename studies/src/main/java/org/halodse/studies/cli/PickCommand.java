package org.halodse.studies.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.halodse.hw.chip.ChipPresets;
import org.halodse.hw.chip.ChipSpec;
import org.halodse.hw.liberty.InputException;
import org.halodse.objectives.profile.ModelProfile;
import org.halodse.reports.FrontPoint;
import org.halodse.reports.LayerDecision;
import org.halodse.reports.ParetoReport;
import org.halodse.reports.json.ParetoJson;
import org.halodse.studies.config.StudyConfig;
import org.halodse.studies.config.StudyReader;
import org.halodse.studies.deploy.DeployPicker;
import org.halodse.studies.run.ArtifactCache;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code halo pick RUN_DIR --chip NAME}: chooses the front point to deploy and writes
 * {@code RUN_DIR/deploy/NAME.json}. Exit 1 (one line, naming the closest point) when no point
 * meets the constraints; exit 2 for a missing run or a chip the run was not explored for.
 */
@Command(name = "pick", mixinStandardHelpOptions = true,
    description = "Pick a front point to deploy and write RUN_DIR/deploy/CHIP.json (codebooks, scales, sparse part, DVFS plan, expected metrics, baselines).")
final class PickCommand implements Callable<Integer> {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Parameters(paramLabel = "RUN_DIR", description = "A run directory written by 'halo run'.")
    Path runDir;

    @Option(names = "--chip", required = true, paramLabel = "NAME", description = "The chip to deploy on: the run's chip (preset name or the chip's name).")
    String chip;

    @Option(names = "--max-accuracy-loss", paramLabel = "X", description = "Only points with accuracy (loss) <= X (default: no limit).")
    Double maxAccuracyLoss;

    @Option(names = "--minimize", paramLabel = "METRIC", defaultValue = "edp",
        description = "latency, energy or edp (latency x energy); default: ${DEFAULT-VALUE}.")
    String minimize;

    @Override
    public Integer call() {
        DeployPicker.Metric metric;
        try {
            metric = DeployPicker.Metric.valueOf(minimize.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new InputException("--minimize: '" + minimize + "': expected latency, energy or edp");
        }
        if (maxAccuracyLoss != null && !(maxAccuracyLoss >= 0)) {
            throw new InputException("--max-accuracy-loss: " + maxAccuracyLoss + ": expected a number >= 0");
        }
        if (!Files.isDirectory(runDir)) throw new InputException(runDir + ": no such run directory");
        Path paretoFile = runDir.resolve(ParetoJson.FILE_NAME);
        if (!Files.isRegularFile(paretoFile)) throw new InputException(runDir + ": no pareto.json here; expected a run directory written by 'halo run'");
        ParetoReport report;
        try {
            report = ParetoJson.read(paretoFile);
        } catch (RuntimeException e) {
            throw new InputException(firstLine(e.getMessage()));
        }
        ChipSpec chipSpec = chipOf(report);
        DeployPicker picker = new DeployPicker(report);
        List<String> missing = new ArrayList<>();
        if (picker.latencyIndex() < 0) missing.add("latency");
        if (picker.energyIndex() < 0) missing.add("energy");
        if (maxAccuracyLoss != null && picker.accuracyIndex() < 0) missing.add("accuracy");
        if (!missing.isEmpty()) throw new InputException(paretoFile + ": objectives: no " + String.join(", ", missing) + " objective (the run's objectives decide what pick can use)");
        var err = spec.commandLine().getErr();
        if (report.points().isEmpty()) {
            err.println("halo: " + paretoFile + ": the run has no front points to pick from");
            err.flush();
            return Halo.FAILURE;
        }
        DeployPicker.Choice c = picker.choose(metric, maxAccuracyLoss);
        if (c.chosen() == null) {
            FrontPoint cl = c.closest();
            double acc = cl.objectives()[picker.accuracyIndex()];
            err.println("halo: no front point meets --max-accuracy-loss " + fmt(maxAccuracyLoss) + "; the closest is " + cl.id()
                + " with accuracy " + fmt(acc) + " (latency " + fmt(cl.objectives()[picker.latencyIndex()]) + " ms, energy "
                + fmt(cl.objectives()[picker.energyIndex()]) + " mJ)");
            err.flush();
            return Halo.FAILURE;
        }
        List<String> names = new ArrayList<>();
        for (LayerDecision d : report.points().get(0).layers()) names.add(d.layer());
        ModelProfile profile = DeployPicker.findProfile(runDir.resolve("cache"), names);
        FrontPoint p = c.chosen();
        String text = picker.deployJson(p, metric, maxAccuracyLoss, chipSpec, profile, runDir.toString());
        Path out = runDir.resolve("deploy").resolve(fileName(report) + ".json");
        ArtifactCache.writeAtomically(out, text);
        double[] f = p.objectives();
        var o = spec.commandLine().getOut();
        o.println("picked " + p.id() + " (minimize " + metric.key() + "): latency " + fmt(f[picker.latencyIndex()]) + " ms, energy "
            + fmt(f[picker.energyIndex()]) + " mJ" + (picker.accuracyIndex() >= 0 ? ", accuracy " + fmt(f[picker.accuracyIndex()]) : ""));
        if (profile == null) o.println("note: no cached profile of this run's layers under cache/; sparse sizes and layer shapes left out");
        o.println("wrote " + out);
        o.flush();
        return Halo.OK;
    }

    /** The file name: the --chip argument when it is a plain name, else the run's chip name. */
    private String fileName(ParetoReport report) {
        return chip.matches("[A-Za-z0-9._-]+") && !chip.startsWith(".") ? chip : report.chip();
    }

    /**
     * The run's chip, when {@code --chip} names it (the run's chip name, its preset or its chip
     * file); otherwise an input error saying which chip the run was explored for.
     */
    private ChipSpec chipOf(ParetoReport report) {
        StudyConfig study = null;
        Path studyFile = runDir.resolve("study.yaml");
        if (Files.isRegularFile(studyFile)) {
            try {
                study = StudyReader.read(studyFile);
            } catch (RuntimeException e) {
                study = null; // e.g. a relative chip file that does not resolve from here: fall back to the report's chip
            }
        }
        String preset = study != null && study.chip() != null ? study.chip().preset() : null;
        String file = study != null && study.chip() != null ? study.chip().file() : null;
        boolean matches = chip.equals(report.chip()) || chip.equals(preset) || (file != null && (chip.equals(file)
            || Path.of(file).getFileName().toString().replaceFirst("\\.(ya?ml|json)$", "").equals(chip)));
        if (!matches) {
            throw new InputException(runDir + " was explored for chip " + report.chip() + ", not " + chip
                + "; deployment for another chip needs its own run (halo run with that chip)");
        }
        ChipSpec s;
        if (preset != null) s = ChipPresets.resolve(preset, "chip.preset");
        else if (file != null) {
            Path f = Path.of(file);
            Path inRun = runDir.resolve(file);
            s = ChipPresets.resolve(!f.isAbsolute() && Files.isRegularFile(inRun) ? inRun.toString() : file, "chip.file");
        } else if (ChipPresets.NAMES.contains(report.chip())) {
            s = ChipPresets.preset(report.chip());
        } else {
            throw new InputException(runDir + ": cannot find chip " + report.chip() + ": study.yaml names no chip and it is not a preset ("
                + String.join(", ", ChipPresets.NAMES) + ")");
        }
        if (!s.name().equals(report.chip())) {
            throw new InputException(runDir + ": the run's pareto.json says chip " + report.chip() + " but its study's chip is now " + s.name()
                + "; re-run the study");
        }
        return s;
    }

    private static String fmt(double v) {
        return String.format(Locale.ROOT, "%.6g", v);
    }

    private static String firstLine(String s) {
        if (s == null) return "cannot read pareto.json";
        int i = s.indexOf('\n');
        return i < 0 ? s : s.substring(0, i);
    }
}
