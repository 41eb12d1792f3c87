package org.halodse.reports.csv;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.halodse.dse.space.Objective;
import org.halodse.reports.AtomicFiles;
import org.halodse.reports.Baseline;
import org.halodse.reports.BaselineComparison;
import org.halodse.reports.FrontPoint;
import org.halodse.reports.ParetoReport;

/**
 * pareto.csv (RFC 4180): one row per front point: id; each objective (header {@code name_unit});
 * the validated metrics (union over points, in order of first appearance; empty where a point has
 * none); then, per baseline, {@code speedup_vs_NAME} (baseline latency / point latency) when an
 * objective named latency exists and {@code energy_saving_vs_NAME} (1 - energy / baseline energy)
 * when one named energy exists. Numbers are written in Java's shortest round-trip form.
 */
public final class ParetoCsv {
    public static final String FILE_NAME = "pareto.csv";

    private ParetoCsv() {
    }

    public static String header(Objective o) {
        return o.unit().isEmpty() ? o.name() : o.name() + "_" + o.unit();
    }

    public static String toCsv(ParetoReport r) {
        Set<String> metrics = new LinkedHashSet<>();
        for (FrontPoint p : r.points()) metrics.addAll(p.validated().keySet());
        boolean sp = BaselineComparison.hasSpeedup(r), es = BaselineComparison.hasEnergySaving(r);
        List<String> head = new ArrayList<>();
        head.add("id");
        for (Objective o : r.objectives()) head.add(header(o));
        head.addAll(metrics);
        for (Baseline b : r.baselines()) {
            if (sp) head.add("speedup_vs_" + b.name());
            if (es) head.add("energy_saving_vs_" + b.name());
        }
        StringBuilder sb = new StringBuilder();
        row(sb, head);
        List<BaselineComparison> cmp = BaselineComparison.of(r);
        int nb = r.baselines().size();
        for (int i = 0; i < r.points().size(); i++) {
            FrontPoint p = r.points().get(i);
            List<String> cells = new ArrayList<>();
            cells.add(p.id());
            for (double v : p.objectives()) cells.add(num(v));
            Map<String, Double> val = p.validated();
            for (String m : metrics) cells.add(val.containsKey(m) ? num(val.get(m)) : "");
            for (int k = 0; k < nb; k++) {
                BaselineComparison c = cmp.get(i * nb + k);
                if (sp) cells.add(num(c.speedup()));
                if (es) cells.add(num(c.energySaving()));
            }
            row(sb, cells);
        }
        return sb.toString();
    }

    public static void write(Path file, ParetoReport r) {
        AtomicFiles.writeString(file, toCsv(r));
    }

    static String num(double v) {
        return Double.toString(v);
    }

    private static void row(StringBuilder sb, List<String> cells) {
        for (int i = 0; i < cells.size(); i++) {
            if (i > 0) sb.append(',');
            sb.append(quote(cells.get(i)));
        }
        sb.append("\r\n");
    }

    static String quote(String s) {
        if (s.indexOf(',') < 0 && s.indexOf('"') < 0 && s.indexOf('\n') < 0 && s.indexOf('\r') < 0) return s;
        return '"' + s.replace("\"", "\"\"") + '"';
    }
}
