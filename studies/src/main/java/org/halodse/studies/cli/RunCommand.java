package org.halodse.studies.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.halodse.hw.liberty.InputException;
import org.halodse.reports.BaselineComparison;
import org.halodse.reports.Baseline;
import org.halodse.reports.FrontPoint;
import org.halodse.reports.ParetoReport;
import org.halodse.studies.config.StudyConfig;
import org.halodse.studies.config.StudyDefaults;
import org.halodse.studies.config.StudyReader;
import org.halodse.studies.run.ArtifactCache;
import org.halodse.studies.run.ProfileEngine;
import org.halodse.studies.run.StudyRunner;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code halo run STUDY}: the whole pipeline, into a run directory. */
@Command(name = "run", mixinStandardHelpOptions = true,
    description = "Run a study: characterize, profile, explore, baselines, report (runs/<name>/ unless --out).")
final class RunCommand implements Callable<Integer> {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Parameters(paramLabel = "STUDY", description = "Study file (.yaml or .json); see 'halo schema'.")
    Path study;

    @Option(names = "--out", paramLabel = "DIR", description = "Run directory (default: the study's output, runs/<name>).")
    Path out;

    @Option(names = "--resume", description = "Continue an interrupted search from its checkpoint.")
    boolean resume;

    @CommandLine.Mixin
    EngineOptions engine = new EngineOptions();

    @Override
    public Integer call() throws Exception {
        ProfileEngine eng = engine.resolve();
        StudyConfig resolved = StudyDefaults.resolve(StudyReader.read(study));
        Path dir = out != null ? out : Path.of(resolved.output());
        ArtifactCache.writeAtomically(dir.resolve("study.yaml"), ValidateCommand.yaml(resolved));
        PrintWriter err = spec.commandLine().getErr();
        ParetoReport r = new StudyRunner(resolved, dir, err).withProfileEngine(eng, engine.master).run(resume);
        PrintWriter o = spec.commandLine().getOut();
        o.print(table(r));
        o.println("report: " + dir.resolve("report.html"));
        o.flush();
        return Halo.OK;
    }

    static String table(ParetoReport r) {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "%-10s", "point"));
        for (var o : r.objectives()) sb.append(String.format(Locale.ROOT, " %16s", o.name() + " [" + o.unit() + "]"));
        sb.append('\n');
        // a short table: at most 10 points, evenly spread over the front sorted by the first objective
        java.util.List<FrontPoint> sorted = new java.util.ArrayList<>(r.points());
        sorted.sort(java.util.Comparator.comparingDouble((FrontPoint p) -> p.objectives()[0]).thenComparing(FrontPoint::id));
        java.util.List<FrontPoint> shown = new java.util.ArrayList<>();
        int n = Math.min(10, sorted.size());
        for (int j = 0; j < n; j++) {
            FrontPoint p = sorted.get(n == 1 ? 0 : (int) Math.round((double) j * (sorted.size() - 1) / (n - 1)));
            if (!shown.contains(p)) shown.add(p);
        }
        for (FrontPoint p : shown) {
            sb.append(String.format(Locale.ROOT, "%-10s", p.id()));
            for (double v : p.objectives()) sb.append(String.format(Locale.ROOT, " %16.5g", v));
            sb.append('\n');
        }
        for (Baseline b : r.baselines()) {
            sb.append(String.format(Locale.ROOT, "%-10s", b.name()));
            for (double v : b.objectives()) sb.append(String.format(Locale.ROOT, " %16.5g", v));
            sb.append('\n');
        }
        sb.append(r.points().size()).append(" front points (").append(shown.size()).append(" shown; all in pareto.csv)");
        if (BaselineComparison.hasSpeedup(r)) {
            double best = 0;
            for (BaselineComparison c : BaselineComparison.of(r)) if (c.baseline().equals("int8-rtn")) best = Math.max(best, c.speedup());
            sb.append(String.format(Locale.ROOT, "; best speed-up over int8-rtn %.2fx", best));
        }
        sb.append('\n');
        return sb.toString();
    }
}
