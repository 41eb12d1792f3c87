package org.halodse.scaleout;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.halodse.dse.pareto.Hypervolume;
import org.halodse.dse.pareto.Normalization;
import org.halodse.reports.Baseline;
import org.halodse.reports.FrontPoint;
import org.halodse.reports.ParetoReport;
import org.halodse.reports.html.HtmlReport;
import org.halodse.reports.json.ParetoJson;
import org.halodse.studies.run.ArtifactCache;

/**
 * The sweep report: OUT/sweep.csv and OUT/sweep.html (self-contained, ECharts inlined), one row per
 * cell and accuracy budget: the front's size, its hypervolume under a normalization shared by all
 * cells of the same model and chip (so the MAC designs compare on one chip; latencies of different
 * chips differ by orders of magnitude and accuracy proxies of different models do not compare), and within the budget the point of best latency and the point of best energy, with the
 * speed-up and energy saving over the cell's INT8 round-to-nearest baseline. Written atomically.
 */
public final class SweepReport {
    public static final String CSV = "sweep.csv", HTML = "sweep.html";

    private SweepReport() {
    }

    /** One row: a cell under one budget. Values are NaN where the budget admits no point. */
    record Row(String cell, String chip, String mac, String model, int frontPoints, double hypervolume, String budget, double budgetAccuracy,
               int feasible, double bestLatency, double bestLatencyEnergy, String bestLatencyPoint, double bestEnergy, double bestEnergyLatency,
               String bestEnergyPoint, double speedupVsInt8, double energySavingVsInt8) {
    }

    public static Path[] write(SweepPlan plan) {
        Map<String, ParetoReport> reports = new LinkedHashMap<>();
        for (SweepCell c : plan.cells()) reports.put(c.name(), ParetoJson.read(plan.outDir().resolve(c.name()).resolve(ParetoJson.FILE_NAME)));
        List<Row> rows = rows(plan, reports);
        Path csv = plan.outDir().resolve(CSV), html = plan.outDir().resolve(HTML);
        ArtifactCache.writeAtomically(csv, csv(rows));
        ArtifactCache.writeAtomically(html, html(plan, rows, reports));
        return new Path[] {csv, html};
    }

    static List<Row> rows(SweepPlan plan, Map<String, ParetoReport> reports) {
        // shared normalization per model and chip: fronts and baselines of all its cells
        Map<String, List<double[]>> byModel = new LinkedHashMap<>();
        for (SweepCell c : plan.cells()) {
            ParetoReport r = reports.get(c.name());
            List<double[]> all = byModel.computeIfAbsent(modelKey(c, r), k -> new ArrayList<>());
            for (FrontPoint p : r.points()) all.add(p.objectives());
            for (Baseline b : r.baselines()) all.add(b.objectives());
        }
        List<Row> rows = new ArrayList<>();
        for (SweepCell c : plan.cells()) {
            ParetoReport r = reports.get(c.name());
            int lat = r.objectiveIndex("latency"), en = r.objectiveIndex("energy"), acc = r.objectiveIndex("accuracy");
            List<double[]> front = new ArrayList<>();
            for (FrontPoint p : r.points()) front.add(p.objectives());
            double hv = Double.NaN;
            if (!front.isEmpty()) {
                Normalization norm = Normalization.of(byModel.get(modelKey(c, r)));
                double[] ref = new double[r.objectives().size()];
                java.util.Arrays.fill(ref, 1.1);
                hv = Hypervolume.of(front, norm, ref).value();
            }
            double[] int8 = baseline(r, "int8-rtn");
            for (SweepPlan.Budget b : plan.budgets()) {
                double limit = b.value() != null ? b.value() : acc < 0 || baseline(r, b.baseline()) == null ? Double.NaN : baseline(r, b.baseline())[acc];
                FrontPoint bestL = null, bestE = null;
                int feasible = 0;
                for (FrontPoint p : r.points()) {
                    double[] o = p.objectives();
                    if (acc >= 0 && !(o[acc] <= limit)) continue;
                    feasible++;
                    if (lat >= 0 && (bestL == null || better(o, bestL, lat, en))) bestL = p;
                    if (en >= 0 && (bestE == null || better(o, bestE, en, lat))) bestE = p;
                }
                double sp = bestL != null && int8 != null ? int8[lat] / bestL.objectives()[lat] : Double.NaN;
                double es = bestE != null && int8 != null ? 1 - bestE.objectives()[en] / int8[en] : Double.NaN;
                rows.add(new Row(c.name(), orBase(c.chip(), r.chip()), orBase(c.mac(), "base"), orBase(c.model(), r.model()), r.points().size(), hv, b.label(), limit,
                    feasible, bestL == null ? Double.NaN : bestL.objectives()[lat], bestL == null || en < 0 ? Double.NaN : bestL.objectives()[en],
                    bestL == null ? "" : bestL.id(), bestE == null ? Double.NaN : bestE.objectives()[en],
                    bestE == null || lat < 0 ? Double.NaN : bestE.objectives()[lat], bestE == null ? "" : bestE.id(), sp, es));
            }
        }
        return rows;
    }

    /** Smaller in objective {@code i}, then in {@code j}, then by id: one answer whatever the front's order. */
    private static boolean better(double[] o, FrontPoint cur, int i, int j) {
        double[] c = cur.objectives();
        if (o[i] != c[i]) return o[i] < c[i];
        if (j >= 0 && o[j] != c[j]) return o[j] < c[j];
        return false;
    }

    /** The cells whose fronts compare: same model, same chip. */
    private static String modelKey(SweepCell c, ParetoReport r) {
        return (c.model() != null ? c.model() : r.model()) + " on " + (c.chip() != null ? c.chip() : r.chip());
    }

    private static String orBase(String v, String base) {
        return v != null ? v : base;
    }

    private static double[] baseline(ParetoReport r, String name) {
        for (Baseline b : r.baselines()) if (b.name().equals(name)) return b.objectives();
        return null;
    }

    static String csv(List<Row> rows) {
        StringBuilder sb = new StringBuilder("cell,chip,mac,model,front_points,hypervolume_shared,budget,budget_accuracy,feasible_points,"
            + "best_latency_ms,best_latency_energy_mJ,best_latency_point,best_energy_mJ,best_energy_latency_ms,best_energy_point,speedup_vs_int8,energy_saving_vs_int8\n");
        for (Row r : rows) {
            sb.append(String.join(",", r.cell(), r.chip(), r.mac(), r.model(), Integer.toString(r.frontPoints()), g(r.hypervolume()), r.budget(), g(r.budgetAccuracy()),
                Integer.toString(r.feasible()), g(r.bestLatency()), g(r.bestLatencyEnergy()), r.bestLatencyPoint(), g(r.bestEnergy()), g(r.bestEnergyLatency()),
                r.bestEnergyPoint(), g(r.speedupVsInt8()), g(r.energySavingVsInt8()))).append('\n');
        }
        return sb.toString();
    }

    private static String g(double v) {
        return Double.isNaN(v) ? "" : String.format(Locale.ROOT, "%.6g", v);
    }

    static String html(SweepPlan plan, List<Row> rows, Map<String, ParetoReport> reports) {
        ObjectMapper m = new ObjectMapper();
        ObjectNode data = m.createObjectNode();
        data.put("sweep", plan.name());
        ArrayNode rs = data.putArray("rows");
        for (Row r : rows) rs.add(m.valueToTree(r));
        ArrayNode fronts = data.putArray("fronts");
        for (SweepCell c : plan.cells()) {
            ParetoReport r = reports.get(c.name());
            int lat = r.objectiveIndex("latency"), acc = r.objectiveIndex("accuracy");
            if (lat < 0 || acc < 0) continue;
            ObjectNode f = fronts.addObject();
            f.put("cell", c.name());
            f.put("model", modelKey(c, r));
            ArrayNode pts = f.putArray("points");
            List<double[]> sorted = new ArrayList<>();
            for (FrontPoint p : r.points()) sorted.add(new double[] {p.objectives()[acc], p.objectives()[lat]});
            sorted.sort((a, b) -> a[0] != b[0] ? Double.compare(a[0], b[0]) : Double.compare(a[1], b[1]));
            for (double[] p : sorted) pts.addArray().add(p[0]).add(p[1]);
        }
        String json = data.toString().replace("<", "\\u003c").replace("\u2028", "\\u2028").replace("\u2029", "\\u2029");
        StringBuilder t = new StringBuilder();
        t.append("<table><thead><tr><th>cell</th><th>chip</th><th>MAC</th><th>model</th><th>front points</th><th>hypervolume (shared per model and chip)</th>")
            .append("<th>accuracy budget</th><th>feasible</th><th>best latency [ms]</th><th>its energy [mJ]</th><th>best energy [mJ]</th><th>its latency [ms]</th>")
            .append("<th>speed-up vs int8-rtn</th><th>energy saving vs int8-rtn</th></tr></thead><tbody>\n");
        for (Row r : rows) {
            t.append("<tr><td>").append(esc(r.cell())).append("</td><td>").append(esc(r.chip())).append("</td><td>").append(esc(r.mac())).append("</td><td>")
                .append(esc(r.model())).append("</td><td>").append(r.frontPoints()).append("</td><td>").append(g(r.hypervolume())).append("</td><td>")
                .append(esc(r.budget())).append(Double.isNaN(r.budgetAccuracy()) ? "" : " (" + g(r.budgetAccuracy()) + ")").append("</td><td>").append(r.feasible())
                .append("</td><td>").append(g(r.bestLatency())).append("</td><td>").append(g(r.bestLatencyEnergy())).append("</td><td>").append(g(r.bestEnergy()))
                .append("</td><td>").append(g(r.bestEnergyLatency())).append("</td><td>").append(g(r.speedupVsInt8())).append("</td><td>")
                .append(g(r.energySavingVsInt8())).append("</td></tr>\n");
        }
        t.append("</tbody></table>\n");
        return "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>HALO-DSE sweep " + esc(plan.name()) + "</title>\n"
            + "<style>body{font-family:sans-serif;margin:1.5em;color:#222}table{border-collapse:collapse;font-size:13px}td,th{border:1px solid #ccc;padding:3px 6px;text-align:right}"
            + "td:nth-child(-n+4),th{text-align:left}.chart{width:100%;max-width:1100px;height:460px;margin:1em 0}</style>\n"
            + "<script>" + HtmlReport.echarts() + "</script>\n</head><body>\n"
            + "<h1>Sweep " + esc(plan.name()) + "</h1>\n<p>" + plan.cells().size() + " cells. For each accuracy budget, the front point of best latency and the point of best energy"
            + " within it; a baseline budget is that baseline's accuracy in the same cell. Hypervolume: objectives normalized over the fronts and baselines of all cells"
            + " of the same model and chip, reference point 1.1 in each (it compares the MAC designs on one chip and model). Accuracy is the study's accuracy objective (the proxy, or the"
            + " predicted fidelity loss where a calibration curve exists).</p>\n"
            + t + "<div id=\"charts\"></div>\n<script>const SWEEP = " + json + ";\n"
            + "const byModel = {};\nfor (const f of SWEEP.fronts) (byModel[f.model] = byModel[f.model] || []).push(f);\n"
            + "window.sweepCharts = [];\n"
            + "for (const [model, fs] of Object.entries(byModel)) {\n"
            + "  const div = document.createElement('div'); div.className = 'chart'; document.getElementById('charts').appendChild(div);\n"
            + "  const c = echarts.init(div);\n"
            + "  c.setOption({title: {text: 'Fronts of ' + model + ': latency vs accuracy', subtext: 'front points of each cell (fronts of all objectives, seen in two)'}, tooltip: {trigger: 'item'}, legend: {top: 28, type: 'scroll'},\n"
            + "    grid: {top: 80}, xAxis: {type: 'value', name: 'accuracy (lower is better)', scale: true}, yAxis: {type: 'value', name: 'latency [ms]', scale: true},\n"
            + "    series: fs.map(f => ({name: f.cell, type: 'scatter', symbolSize: 5, data: f.points}))});\n"
            + "  window.sweepCharts.push(c);\n}\n</script>\n</body></html>\n";
    }

    private static String esc(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
