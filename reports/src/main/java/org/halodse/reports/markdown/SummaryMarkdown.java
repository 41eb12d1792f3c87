package org.halodse.reports.markdown;

import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.halodse.dse.space.Objective;
import org.halodse.reports.AtomicFiles;
import org.halodse.reports.Baseline;
import org.halodse.reports.BaselineComparison;
import org.halodse.reports.FrontPoint;
import org.halodse.reports.HypervolumeFigure;
import org.halodse.reports.ParetoReport;

/** summary.md: the study in a few lines, then one Markdown table with the front and the baselines. */
public final class SummaryMarkdown {
    public static final String FILE_NAME = "summary.md";

    private SummaryMarkdown() {
    }

    public static String toMarkdown(ParetoReport r) {
        StringBuilder sb = new StringBuilder();
        sb.append("# Pareto report").append(r.study().isEmpty() ? "" : ": " + esc(r.study())).append("\n\n");
        sb.append("- Chip: ").append(esc(r.chip())).append('\n');
        sb.append("- Model: ").append(esc(r.model())).append(r.syntheticModel() ? " (synthetic weights)" : "").append('\n');
        if (r.mac() != null) sb.append("- MAC: ").append(esc(r.mac().circuit())).append(" on ").append(esc(r.mac().library())).append('\n');
        HypervolumeFigure h = r.hypervolume();
        if (h != null) {
            sb.append("- Hypervolume: ").append(fmt(h.value())).append(" (reference point ");
            sb.append(vec(r.objectives(), h.referencePoint())).append(')');
            if (!h.note().isEmpty()) sb.append("; ").append(esc(h.note()));
            sb.append('\n');
        }
        int knee = r.kneeIndex();
        sb.append("- Front: ").append(r.points().size()).append(" points");
        if (knee >= 0) sb.append("; knee ").append(esc(r.points().get(knee).id()));
        sb.append("\n\n");

        Set<String> metrics = new LinkedHashSet<>();
        for (FrontPoint p : r.points()) metrics.addAll(p.validated().keySet());
        sb.append("| kind | id |");
        for (Objective o : r.objectives()) sb.append(' ').append(esc(o.name())).append(o.unit().isEmpty() ? "" : " (" + esc(o.unit()) + ")").append(" |");
        for (String m : metrics) sb.append(' ').append(esc(m)).append(" |");
        sb.append('\n').append("|---|---|");
        for (int i = 0; i < r.objectives().size() + metrics.size(); i++) sb.append("---:|");
        sb.append('\n');
        for (int i = 0; i < r.points().size(); i++) {
            FrontPoint p = r.points().get(i);
            sb.append("| front").append(i == knee ? " (knee)" : "").append(" | ").append(esc(p.id())).append(" |");
            for (double v : p.objectives()) sb.append(' ').append(fmt(v)).append(" |");
            for (String m : metrics) sb.append(' ').append(p.validated().containsKey(m) ? fmt(p.validated().get(m)) : "").append(" |");
            sb.append('\n');
        }
        for (Baseline b : r.baselines()) {
            sb.append("| baseline | ").append(esc(b.name())).append(" |");
            for (double v : b.objectives()) sb.append(' ').append(fmt(v)).append(" |");
            for (int k = 0; k < metrics.size(); k++) sb.append("  |");
            sb.append('\n');
        }
        if (!r.baselines().isEmpty() && !r.points().isEmpty() && (BaselineComparison.hasSpeedup(r) || BaselineComparison.hasEnergySaving(r))) {
            sb.append("\nBest over the front against each baseline (same chip and workload):\n\n");
            sb.append("| baseline | best speed-up | best energy saving |\n|---|---:|---:|\n");
            List<BaselineComparison> cmp = BaselineComparison.of(r);
            for (Baseline b : r.baselines()) {
                double s = Double.NEGATIVE_INFINITY, e = Double.NEGATIVE_INFINITY;
                for (BaselineComparison c : cmp) {
                    if (!c.baseline().equals(b.name())) continue;
                    s = Math.max(s, c.speedup());
                    e = Math.max(e, c.energySaving());
                }
                sb.append("| ").append(esc(b.name())).append(" | ").append(BaselineComparison.hasSpeedup(r) ? fmt(s) + "x" : "")
                        .append(" | ").append(BaselineComparison.hasEnergySaving(r) ? String.format(Locale.ROOT, "%.1f%%", 100 * e) : "").append(" |\n");
            }
        }
        return sb.toString();
    }

    public static void write(Path file, ParetoReport r) {
        AtomicFiles.writeString(file, toMarkdown(r));
    }

    private static String vec(List<Objective> objs, double[] v) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < v.length; i++) {
            if (i > 0) sb.append(", ");
            sb.append(esc(objs.get(i).name())).append(' ').append(fmt(v[i])).append(objs.get(i).unit().isEmpty() ? "" : " " + esc(objs.get(i).unit()));
        }
        return sb.toString();
    }

    static String fmt(double v) {
        if (Double.isNaN(v) || Double.isInfinite(v)) return Double.toString(v);
        return String.format(Locale.ROOT, "%.4g", v);
    }

    private static String esc(String s) {
        return s.replace("|", "\\|").replace("\n", " ");
    }
}
