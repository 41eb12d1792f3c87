package org.halodse.reports;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.halodse.reports.html.HtmlReport;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Opens report.html in real headless Chromium (Debian package {@code chromium}; CI installs it,
 * elsewhere the test is skipped) and checks the DOM it dumps: the page's render check must report
 * the right number of data points in every chart, and Chromium's log must hold no console message
 * (Chromium logs every console message, error or not, as a line with {@code :CONSOLE:} or
 * {@code CONSOLE(}; this page logs nothing when all is well).
 */
class ChromiumReportTest {
    private static final Pattern CONSOLE = Pattern.compile("(:CONSOLE[:(])");
    private static final Pattern RENDER_CHECK = Pattern.compile("<pre id=\"render-check\">(.*?)</pre>", Pattern.DOTALL);

    @TempDir
    Path dir;

    record Run(String dom, List<String> consoleLines, String stderr) {
    }

    static Optional<String> chromium() {
        String env = System.getenv("HALO_CHROMIUM");
        if (env != null && Files.isExecutable(Path.of(env))) return Optional.of(env);
        for (String name : List.of("chromium", "chromium-browser")) {
            for (String d : System.getenv().getOrDefault("PATH", "/usr/bin").split(File.pathSeparator)) {
                Path p = Path.of(d, name);
                if (Files.isExecutable(p)) return Optional.of(p.toString());
            }
        }
        return Optional.empty();
    }

    Run open(Path html) throws IOException, InterruptedException {
        String exe = chromium().orElseThrow();
        Path profile = Files.createTempDirectory(dir, "profile");
        Path out = dir.resolve(html.getFileName() + ".dom"), err = dir.resolve(html.getFileName() + ".stderr");
        List<String> cmd = List.of(exe, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--user-data-dir=" + profile,
                "--enable-logging=stderr", "--v=0", "--virtual-time-budget=5000", "--dump-dom", html.toUri().toString());
        Process p = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("chromium did not finish in 60 s");
        }
        String stderr = Files.readString(err, StandardCharsets.UTF_8);
        assertEquals(0, p.exitValue(), "chromium exit code; stderr:\n" + stderr);
        List<String> console = new ArrayList<>();
        for (String line : stderr.split("\n")) if (CONSOLE.matcher(line).find()) console.add(line);
        return new Run(Files.readString(out, StandardCharsets.UTF_8), console, stderr);
    }

    static JsonNode renderCheck(String dom) throws IOException {
        Matcher m = RENDER_CHECK.matcher(dom);
        if (!m.find()) throw new AssertionError("no render-check element in the dumped DOM");
        String text = m.group(1).replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", "\"").replace("&nbsp;", " ").replace("&amp;", "&");
        return new ObjectMapper().readTree(text.isBlank() ? "{}" : text);
    }

    @Test
    void reportRendersEveryChartWithTheRightNumberOfPointsAndNoConsoleMessage() throws Exception {
        Assumptions.assumeTrue(chromium().isPresent(), "headless Chromium not installed (Debian package chromium)");
        int n = 12, b = 5, layers = 10;
        ParetoReport r = SyntheticReports.small(n, b, layers, 42);
        Path html = dir.resolve("report.html");
        HtmlReport.write(html, r);
        Run run = open(html);
        assertTrue(run.consoleLines().isEmpty(), "console messages:\n" + String.join("\n", run.consoleLines()));
        JsonNode c = renderCheck(run.dom());
        assertEquals(0, c.get("errors").size(), c.toString());
        assertEquals(6, c.get("charts").asInt(), c.toString()); // 3 pairs + layers + MAC + hypervolume
        for (String pair : List.of("pareto-0-1", "pareto-0-2", "pareto-1-2")) {
            assertEquals(n + b, c.get("points").get(pair).asInt(), pair + " in " + c);
            JsonNode s = c.get("series").get(pair);
            assertEquals(n, s.get("front").asInt());
            for (Baseline base : r.baselines()) assertEquals(1, s.get(base.name()).asInt(), base.name() + " in " + pair);
        }
        assertEquals(layers * 5, c.get("points").get("chart-layers").asInt(), c.toString());
        assertEquals(2 * 256, c.get("points").get("chart-mac").asInt(), c.toString());
        assertEquals(r.history().size(), c.get("points").get("chart-hypervolume").asInt(), c.toString());
        // the tables were built too
        assertEquals(n, count(run.dom(), "<tr data-index="), "front table rows");
        assertTrue(run.dom().contains("<span id=\"selected-id\">p"), "a point is selected");
    }

    /** The check can fail: the same page with an error injected into a test-only copy. */
    @Test
    void aConsoleErrorIsCaught() throws Exception {
        Assumptions.assumeTrue(chromium().isPresent(), "headless Chromium not installed (Debian package chromium)");
        String page = HtmlReport.toHtml(SyntheticReports.small(4, 2, 3, 1));
        String broken = page.replace("<pre id=\"render-check\"></pre>",
                "<pre id=\"render-check\"></pre><script>console.error('deliberate test error'); undefinedFunctionForTest();</script>");
        assertFalse(broken.equals(page));
        Path html = dir.resolve("broken.html");
        AtomicFiles.writeString(html, broken);
        Run run = open(html);
        assertEquals(2, run.consoleLines().size(), run.stderr());
        assertTrue(run.consoleLines().get(0).contains("deliberate test error"), run.consoleLines().toString());
        assertTrue(run.consoleLines().get(1).contains("undefinedFunctionForTest"), run.consoleLines().toString());
        // the report's own script still ran and counted
        assertEquals(4 + 2, renderCheck(run.dom()).get("points").get("pareto-0-1").asInt());
    }

    /**
     * The page's interactions, driven by a script added to a test-only copy: sorting the front table
     * by a column (twice: descending), selecting a point by clicking its row, which redraws the
     * heat map with that point's layers.
     */
    @Test
    void sortingAndSelectingWork() throws Exception {
        Assumptions.assumeTrue(chromium().isPresent(), "headless Chromium not installed (Debian package chromium)");
        ParetoReport r = SyntheticReports.small(6, 2, 4, 5);
        String drive = "<script>(function () {"
                + "var ths = document.querySelectorAll('#front-table thead th');"
                + "ths[1].click(); ths[1].click();"
                + "var order = Array.prototype.map.call(document.querySelectorAll('#front-table tbody tr'), function (tr) { return tr.cells[0].textContent; });"
                + "document.querySelector('#front-table tbody tr[data-index=\"2\"]').click();"
                + "var heat = echarts.getInstanceByDom(document.getElementById('chart-layers')).getOption();"
                + "var out = {order: order, selected: document.getElementById('selected-id').textContent,"
                + " rows: document.querySelectorAll('#front-table tbody tr.selected').length,"
                + " layers: heat.yAxis[0].data, firstBits: heat.series[0].data[0].raw};"
                + "var pre = document.createElement('pre'); pre.id = 'interaction-check'; pre.textContent = JSON.stringify(out);"
                + "document.body.appendChild(pre); })();</script>";
        String full = HtmlReport.toHtml(r);
        int end = full.lastIndexOf("</body>"); // the inlined ECharts bundle holds the string too
        String page = full.substring(0, end) + drive + "\n" + full.substring(end);
        Path html = dir.resolve("interactive.html");
        AtomicFiles.writeString(html, page);
        Run run = open(html);
        assertTrue(run.consoleLines().isEmpty(), "console messages:\n" + String.join("\n", run.consoleLines()));
        Matcher m = Pattern.compile("<pre id=\"interaction-check\">(.*?)</pre>", Pattern.DOTALL).matcher(run.dom());
        assertTrue(m.find(), "interaction script did not run");
        JsonNode c = new ObjectMapper().readTree(m.group(1).replace("&quot;", "\"").replace("&amp;", "&"));
        // latency grows with the point index in SyntheticReports: descending order is p6..p1
        assertEquals("[\"p6\",\"p5\",\"p4\",\"p3\",\"p2\",\"p1\"]", c.get("order").toString());
        assertEquals("p3", c.get("selected").asText());
        assertEquals(1, c.get("rows").asInt());
        FrontPoint p3 = r.points().get(2);
        assertEquals(p3.layers().size(), c.get("layers").size());
        assertEquals(p3.layers().get(0).layer(), c.get("layers").get(0).asText());
        assertEquals(p3.layers().get(0).bits(), c.get("firstBits").asInt());
    }

    private static int count(String s, String sub) {
        int k = 0;
        for (int i = s.indexOf(sub); i >= 0; i = s.indexOf(sub, i + 1)) k++;
        return k;
    }
}
