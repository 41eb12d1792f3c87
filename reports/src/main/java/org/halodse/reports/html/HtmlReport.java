package org.halodse.reports.html;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.halodse.reports.AtomicFiles;
import org.halodse.reports.BaselineComparison;
import org.halodse.reports.ParetoReport;
import org.halodse.reports.json.ParetoJson;

/**
 * report.html: one self-contained page that opens offline. Apache ECharts (from the
 * org.webjars.npm:echarts webjar on the classpath) and the report's data (pareto.json's tree plus
 * the baseline comparisons and the knee) are inlined; the page's own script draws a scatter chart
 * per objective pair with the baselines marked, the sortable front table, the selected point's
 * per-layer heat map, the MAC's delay and energy per weight value, the comparison table and the
 * hypervolume history. After rendering, it writes a summary of what the charts hold into the hidden
 * {@code <pre id="render-check">} (chart count, and data points per chart and per series, read back
 * from each ECharts instance's {@code getOption()}), so a headless browser test can check it.
 */
public final class HtmlReport {
    public static final String FILE_NAME = "report.html";
    public static final String ECHARTS_RESOURCE = "META-INF/resources/webjars/echarts/5.3.1/dist/echarts.min.js";
    private static final String TEMPLATE_RESOURCE = "org/halodse/reports/html/report-template.html";

    private static volatile String echarts;
    private static volatile String template;

    private HtmlReport() {
    }

    /** The data embedded in the page: pareto.json's tree plus {@code derived} (comparisons, knee). */
    public static ObjectNode data(ParetoReport r) {
        ObjectNode root = ParetoJson.toTree(r);
        ObjectNode d = root.putObject("derived");
        d.put("knee", r.kneeIndex());
        d.put("hasSpeedup", BaselineComparison.hasSpeedup(r));
        d.put("hasEnergySaving", BaselineComparison.hasEnergySaving(r));
        ArrayNode cmp = d.putArray("comparisons");
        List<BaselineComparison> all = BaselineComparison.of(r);
        int nb = r.baselines().size();
        for (int i = 0; i < r.points().size(); i++) {
            ArrayNode row = cmp.addArray();
            for (int k = 0; k < nb; k++) {
                BaselineComparison c = all.get(i * nb + k);
                row.addArray().add(c.speedup()).add(c.energySaving());
            }
        }
        return root;
    }

    public static String toHtml(ParetoReport r) {
        String json;
        try {
            json = ParetoJson.mapper().writer().withoutFeatures(com.fasterxml.jackson.databind.SerializationFeature.INDENT_OUTPUT).writeValueAsString(data(r));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        String title = "Pareto report" + (r.study().isEmpty() ? "" : ": " + r.study()) + " (" + r.chip() + ")";
        return fill(template(), escapeHtml(title), embedJson(json), echarts());
    }

    /** Writes report.html atomically. */
    public static void write(Path file, ParetoReport r) {
        AtomicFiles.writeString(file, toHtml(r));
    }

    /**
     * JSON made safe inside {@code <script type="application/json">}: every {@code <} (so also
     * {@code </script} and {@code <!--}) becomes the JSON escape {@code \u003c}, and U+2028/2029 are
     * escaped too. A {@code <} can only occur inside a JSON string, where the escape means the same.
     */
    static String embedJson(String json) {
        return json.replace("<", "\\u003c").replace("\u2028", "\\u2028").replace("\u2029", "\\u2029");
    }

    static String escapeHtml(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }

    /** Fills the three markers in one pass, so text of one substitution is never re-scanned. */
    static String fill(String tpl, String title, String data, String js) {
        StringBuilder sb = new StringBuilder(tpl.length() + data.length() + js.length());
        int at = 0;
        while (true) {
            int i = tpl.indexOf("@@", at);
            if (i < 0) break;
            int j = tpl.indexOf("@@", i + 2);
            if (j < 0) break;
            String key = tpl.substring(i + 2, j);
            String value = switch (key) {
                case "TITLE" -> title;
                case "DATA" -> data;
                case "ECHARTS" -> js;
                default -> null;
            };
            if (value == null) {
                sb.append(tpl, at, i + 2);
                at = i + 2;
                continue;
            }
            sb.append(tpl, at, i).append(value);
            at = j + 2;
        }
        return sb.append(tpl, at, tpl.length()).toString();
    }

    /** The inlined ECharts bundle (read once from the webjar). */
    public static String echarts() {
        String s = echarts;
        if (s == null) {
            s = resource(ECHARTS_RESOURCE, "the org.webjars.npm:echarts:5.3.1 jar");
            if (s.toLowerCase(java.util.Locale.ROOT).contains("</script")) {
                throw new IllegalStateException(ECHARTS_RESOURCE + " contains '</script' and cannot be inlined");
            }
            echarts = s;
        }
        return s;
    }

    private static String template() {
        String s = template;
        if (s == null) template = s = resource(TEMPLATE_RESOURCE, "the reports jar");
        return s;
    }

    private static String resource(String name, String where) {
        ClassLoader cl = HtmlReport.class.getClassLoader();
        try (InputStream in = cl.getResourceAsStream(name)) {
            if (in == null) throw new IllegalStateException("resource " + name + " not on the classpath (expected in " + where + ")");
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read resource " + name, e);
        }
    }
}
