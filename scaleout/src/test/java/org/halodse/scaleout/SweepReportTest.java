package org.halodse.scaleout;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.halodse.dse.space.Objective;
import org.halodse.reports.Baseline;
import org.halodse.reports.FrontPoint;
import org.halodse.reports.ParetoReport;
import org.halodse.reports.json.ParetoJson;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The sweep report's figures against hand-computed ones on two small hand-made fronts. */
class SweepReportTest {
    @TempDir
    Path dir;

    static ParetoReport report(List<FrontPoint> points) {
        List<Objective> objs = List.of(new Objective("latency", "ms"), new Objective("energy", "mJ"), new Objective("accuracy", "proxy"));
        List<Baseline> base = List.of(new Baseline("int8-rtn", "", new double[] {20, 8, 0.01}), new Baseline("int4-rtn", "", new double[] {19, 6, 0.3}));
        return new ParetoReport("s", "edge-npu", "m", true, objs, points, base, null, List.of(), null, Map.of());
    }

    static FrontPoint p(String id, double l, double e, double a) {
        return new FrontPoint(id, new double[] {l, e, a}, Map.of(), List.of());
    }

    @Test
    void bestPointsUnderBudgetsSpeedupsAndHypervolumeOrder() throws Exception {
        ParetoJson.write(dir.resolve("a/pareto.json"), report(List.of(p("p1", 10, 5, 0.5), p("p2", 12, 4, 0.2), p("p3", 15, 3, 0.05))));
        // b's points are each dominated by one of a's: a smaller hypervolume
        ParetoJson.write(dir.resolve("b/pareto.json"), report(List.of(p("q1", 11, 6, 0.5), p("q2", 16, 5, 0.2))));
        SweepPlan plan = new SweepPlan("t", dir.resolve("sweep.yaml"), dir, List.of(new SweepCell("a", "edge-npu", "booth", "m", "{}", "h"),
            new SweepCell("b", "edge-npu", "array", "m", "{}", "h")), List.of(),
            List.of(new SweepPlan.Budget("int4-rtn", null), new SweepPlan.Budget(null, 0.6), new SweepPlan.Budget("int8-rtn", null)));
        SweepReport.write(plan);
        List<String> csv = Files.readAllLines(dir.resolve("sweep.csv"));
        assertEquals(1 + 2 * 3, csv.size());
        // within int4-rtn's accuracy (0.3): p2 fastest (12 ms), p3 least energy (3 mJ); vs int8-rtn: 20/12, 1 - 3/8
        String[] a1 = csv.get(1).split(",", -1);
        assertEquals(List.of("a", "edge-npu", "booth", "m", "3"), List.of(a1).subList(0, 5));
        assertEquals("<= int4-rtn", a1[6]);
        assertEquals(0.3, Double.parseDouble(a1[7]), 1e-12);
        assertEquals("2", a1[8]);
        assertEquals(12, Double.parseDouble(a1[9]), 1e-9);
        assertEquals(4, Double.parseDouble(a1[10]), 1e-9);
        assertEquals("p2", a1[11]);
        assertEquals(3, Double.parseDouble(a1[12]), 1e-9);
        assertEquals(15, Double.parseDouble(a1[13]), 1e-9);
        assertEquals("p3", a1[14]);
        assertEquals(20.0 / 12, Double.parseDouble(a1[15]), 1e-5);
        assertEquals(0.625, Double.parseDouble(a1[16]), 1e-9);
        // budget 0.6 admits all three: p1 fastest
        String[] a2 = csv.get(2).split(",", -1);
        assertEquals("3", a2[8]);
        assertEquals("p1", a2[11]);
        // int8-rtn's accuracy (0.01) admits none: empty figures
        String[] a3 = csv.get(3).split(",", -1);
        assertEquals("0", a3[8]);
        assertEquals("", a3[9]);
        assertEquals("", a3[15]);
        double hvA = Double.parseDouble(a1[5]), hvB = Double.parseDouble(csv.get(4).split(",", -1)[5]);
        assertTrue(hvA > hvB && hvB > 0, hvA + " vs " + hvB);
        String html = Files.readString(dir.resolve("sweep.html"));
        assertTrue(html.contains("<td>p2</td>") || html.contains(">12.0000<"), "table in the page");
        assertTrue(html.contains("echarts.init"), "charts inlined");
    }
}
