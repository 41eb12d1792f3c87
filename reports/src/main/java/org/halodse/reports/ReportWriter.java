package org.halodse.reports;

import java.nio.file.Path;
import java.util.List;
import org.halodse.reports.csv.ParetoCsv;
import org.halodse.reports.html.HtmlReport;
import org.halodse.reports.json.ParetoJson;
import org.halodse.reports.markdown.SummaryMarkdown;

/** Writes every report file of a run directory, each atomically; {@link #rebuild} redoes them from pareto.json. */
public final class ReportWriter {
    private ReportWriter() {
    }

    /** Writes pareto.json, pareto.csv, summary.md and report.html into {@code dir}; returns the paths. */
    public static List<Path> writeAll(Path dir, ParetoReport r) {
        Path json = dir.resolve(ParetoJson.FILE_NAME), csv = dir.resolve(ParetoCsv.FILE_NAME);
        Path md = dir.resolve(SummaryMarkdown.FILE_NAME), html = dir.resolve(HtmlReport.FILE_NAME);
        ParetoJson.write(json, r);
        ParetoCsv.write(csv, r);
        SummaryMarkdown.write(md, r);
        HtmlReport.write(html, r);
        return List.of(json, csv, md, html);
    }

    /** {@code halo report RUN_DIR}: reads RUN_DIR/pareto.json and rewrites every report file from it. */
    public static List<Path> rebuild(Path runDir) {
        ParetoReport r = ParetoJson.read(runDir.resolve(ParetoJson.FILE_NAME));
        return writeAll(runDir, r);
    }
}
