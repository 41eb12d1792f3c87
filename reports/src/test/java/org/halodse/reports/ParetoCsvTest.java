package org.halodse.reports;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.halodse.dse.space.Objective;
import org.halodse.reports.csv.ParetoCsv;
import org.halodse.reports.markdown.SummaryMarkdown;
import org.junit.jupiter.api.Test;

class ParetoCsvTest {
    @Test
    void speedupAndSavingAgainstHandComputedValues() {
        // p1 (4 ms, 8 mJ), p2 (5 ms, 6 mJ); int8 (10, 10), int4 (8, 12)
        // p1: vs int8 10/4 = 2.5, 1 - 8/10 = 0.2; vs int4 8/4 = 2, 1 - 8/12 = 1/3
        // p2: vs int8 10/5 = 2, 1 - 6/10 = 0.4; vs int4 8/5 = 1.6, 1 - 6/12 = 0.5
        String[] lines = ParetoCsv.toCsv(ParetoJsonTest.tiny()).split("\r\n");
        assertEquals(3, lines.length);
        assertEquals("id,latency_ms,energy_mJ,proxyGap,speedup_vs_int8,energy_saving_vs_int8,speedup_vs_int4,energy_saving_vs_int4", lines[0]);
        double[][] expect = {{4, 8, 0.01, 2.5, 0.2, 2.0, 1.0 / 3}, {5, 6, Double.NaN, 2.0, 0.4, 1.6, 0.5}};
        String[] ids = {"p1", "p2"};
        for (int r = 0; r < 2; r++) {
            String[] c = lines[r + 1].split(",", -1);
            assertEquals(8, c.length, lines[r + 1]);
            assertEquals(ids[r], c[0]);
            for (int k = 0; k < 7; k++) {
                if (Double.isNaN(expect[r][k])) assertEquals("", c[k + 1], "missing validated metric is empty");
                else assertEquals(expect[r][k], Double.parseDouble(c[k + 1]), 1e-12, "row " + r + " col " + (k + 1));
            }
        }
        List<BaselineComparison> cmp = BaselineComparison.of(ParetoJsonTest.tiny());
        assertEquals(new BaselineComparison("p2", "int4", 1.6, 0.5), cmp.get(3));
    }

    @Test
    void withoutLatencyOrEnergyThereAreNoComparisonColumnsAndFieldsAreQuoted() {
        List<Objective> objs = List.of(new Objective("proxy", ""), new Objective("area", "mm2"));
        ParetoReport r = new ParetoReport("s", "c", "m", false, objs,
                List.of(new FrontPoint("a,\"b\"", new double[] {1, 2}, Map.of(), List.of())),
                List.of(new Baseline("x", "", new double[] {3, 4})), null, List.of(), null, Map.of());
        String[] lines = ParetoCsv.toCsv(r).split("\r\n");
        assertEquals("id,proxy,area_mm2", lines[0]);
        assertEquals("\"a,\"\"b\"\"\",1.0,2.0", lines[1]);
        assertTrue(BaselineComparison.of(r).stream().allMatch(c -> Double.isNaN(c.speedup()) && Double.isNaN(c.energySaving())));
    }

    @Test
    void markdownSummaryTablesFrontAndBaselines() {
        String md = SummaryMarkdown.toMarkdown(ParetoJsonTest.tiny());
        assertTrue(md.contains("| kind | id | latency (ms) | energy (mJ) | proxyGap |"), md);
        assertTrue(md.contains("| baseline | int4 | 8.000 | 12.00 |  |"), md);
        assertTrue(md.contains("| p1 | 4.000 | 8.000 | 0.01000 |"), md);
        assertTrue(md.contains("| int8 | 2.500x | 40.0% |"), md);
        assertTrue(md.contains("| int4 | 2.000x | 50.0% |"), md);
    }
}
