package org.halodse.studies.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.halodse.hw.liberty.InputException;
import org.halodse.reports.ReportWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code halo report RUN_DIR}: rebuilds report.html, pareto.csv and summary.md from pareto.json. */
@Command(name = "report", mixinStandardHelpOptions = true, description = "Rebuild a run's reports from its pareto.json.")
final class ReportCommand implements Callable<Integer> {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Parameters(paramLabel = "RUN_DIR", description = "A run directory written by 'halo run'.")
    Path runDir;

    @Override
    public Integer call() {
        if (!Files.isRegularFile(runDir.resolve("pareto.json"))) throw new InputException(runDir + ": no pareto.json here; expected a run directory written by 'halo run'");
        for (Path p : ReportWriter.rebuild(runDir)) spec.commandLine().getOut().println("wrote " + p);
        spec.commandLine().getOut().flush();
        return Halo.OK;
    }
}
