package org.halodse.reports;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.halodse.reports.html.HtmlReport;
import org.junit.jupiter.api.Test;

class HtmlReportTest {
    @Test
    void pageIsSelfContainedAndTheEmbeddedJsonCannotCloseItsScript() throws Exception {
        ParetoReport t = ParetoJsonTest.tiny();
        String evil = "</script><script>alert(1)</script><!--";
        FrontPoint p = new FrontPoint(evil, new double[] {4, 8}, Map.of(), List.of());
        ParetoReport r = new ParetoReport("<b>study</b>", "chip & co", "m", false, t.objectives(), List.of(p), t.baselines(), null, List.of(), null, Map.of());
        String html = HtmlReport.toHtml(r);
        // exactly the page's own three scripts: data, ECharts, the report's script
        assertEquals(3, count(html, "<script"));
        assertEquals(3, count(html, "</script"));
        String page = html.replace(HtmlReport.echarts(), "");
        assertTrue(page.length() < html.length() - 1_000_000, "ECharts' bundle (about 1 MB) is inlined");
        assertFalse(Pattern.compile("<(script|link|img|iframe)[^>]+(src|href)=", Pattern.CASE_INSENSITIVE).matcher(page).find(), "no external resources");
        assertTrue(html.contains("<title>Pareto report: &lt;b&gt;study&lt;/b&gt; (chip &amp; co)</title>"));
        Matcher m = Pattern.compile("<script type=\"application/json\" id=\"report-data\">(.*?)</script>", Pattern.DOTALL).matcher(html);
        assertTrue(m.find());
        JsonNode data = new ObjectMapper().readTree(m.group(1));
        assertEquals(evil, data.get("points").get(0).get("id").asText());
        assertEquals(2.5, data.get("derived").get("comparisons").get(0).get(0).get(0).asDouble());
    }

    private static int count(String s, String sub) {
        int n = 0;
        for (int i = s.indexOf(sub); i >= 0; i = s.indexOf(sub, i + 1)) n++;
        return n;
    }
}
