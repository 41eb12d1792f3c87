package org.halodse.reports;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.halodse.dse.space.Objective;
import org.halodse.reports.json.ParetoJson;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ParetoJsonTest {
    @TempDir
    Path dir;

    static ParetoReport tiny() {
        List<Objective> objs = List.of(new Objective("latency", "ms"), new Objective("energy", "mJ"));
        LayerDecision l = new LayerDecision("l0", 4, List.of(1, 2, 64), List.of(-3, 0, 5), 0.75, 0.004, 2, 1, 3.7, 2.4);
        FrontPoint p1 = new FrontPoint("p1", new double[] {4, 8}, Map.of("proxyGap", 0.01), List.of(l));
        FrontPoint p2 = new FrontPoint("p2", new double[] {5, 6}, Map.of(), List.of());
        Baseline b1 = new Baseline("int8", "INT8 RTN", new double[] {10, 10});
        Baseline b2 = new Baseline("int4", "INT4 RTN", new double[] {8, 12});
        HypervolumeFigure hv = new HypervolumeFigure(0.5, new double[] {5.1, 8.2}, new double[] {4, 6}, new double[] {5, 8}, "test");
        WeightProfile mac = new WeightProfile(-2, new double[] {900, 800, 500, 600}, null, "mac", "lib");
        return new ParetoReport("tiny", "chipA", "m", false, objs, List.of(p1, p2), List.of(b1, b2), hv,
                List.of(new HypervolumeSample(10, 0.1), new HypervolumeSample(20, 0.5)), mac, Map.of("seed", "1"));
    }

    @Test
    void jsonHasTheIssuesFieldsWithObjectivesAsMaps() throws Exception {
        JsonNode n = new ObjectMapper().readTree(ParetoJson.toJson(tiny()));
        assertEquals("chipA", n.get("chip").asText());
        assertEquals("latency", n.get("objectives").get(0).get("name").asText());
        assertEquals("ms", n.get("objectives").get(0).get("unit").asText());
        JsonNode p1 = n.get("points").get(0);
        assertEquals(4.0, p1.get("objectives").get("latency").asDouble());
        assertEquals(8.0, p1.get("objectives").get("energy").asDouble());
        assertEquals(0.01, p1.get("validated").get("proxyGap").asDouble());
        JsonNode l = p1.get("layers").get(0);
        assertEquals(4, l.get("bits").asInt());
        assertEquals(64, l.get("fastCodebook").get(2).asInt());
        assertEquals(-3, l.get("slowCodebook").get(0).asInt());
        assertEquals(0.75, l.get("fastShare").asDouble());
        assertEquals(2, l.get("fastLevel").asInt());
        assertEquals(1, l.get("slowLevel").asInt());
        JsonNode b = n.get("baselines").get(1);
        assertEquals("int4", b.get("name").asText());
        assertEquals(12.0, b.get("objectives").get("energy").asDouble());
        JsonNode h = n.get("hypervolume");
        assertEquals(0.5, h.get("value").asDouble());
        assertEquals(5.1, h.get("referencePoint").get("latency").asDouble());
        assertEquals(6.0, h.get("normalization").get("lower").get("energy").asDouble());
        assertEquals(8.0, h.get("normalization").get("upper").get("energy").asDouble());
        assertTrue(n.get("mac").get("energyFj").isNull());
    }

    @Test
    void roundTripThroughTheFileIsEqual() {
        for (ParetoReport r : List.of(tiny(), SyntheticReports.small(12, 5, 10, 7))) {
            Path f = dir.resolve("pareto.json");
            ParetoJson.write(f, r);
            assertEquals(r, ParetoJson.read(f));
            assertEquals(ParetoJson.toJson(r), ParetoJson.toJson(ParetoJson.read(f)));
        }
    }

    @Test
    void roundTripKeepsNullsAndNonFiniteNumbers() {
        ParetoReport t = tiny();
        FrontPoint odd = new FrontPoint("odd", new double[] {Double.POSITIVE_INFINITY, 1}, Map.of("gap", Double.NaN), List.of());
        ParetoReport r = new ParetoReport("", "c", "", true, t.objectives(), List.of(odd), List.of(), null, List.of(), null, Map.of());
        ParetoReport back = ParetoJson.parse(ParetoJson.toJson(r));
        assertEquals(r, back);
        assertNull(back.hypervolume());
        assertNull(back.mac());
    }

    @Test
    void recordsAreJacksonSerializableToo() throws Exception {
        ObjectMapper m = new ObjectMapper();
        ParetoReport r = SyntheticReports.small(3, 2, 2, 3);
        assertEquals(r, m.readValue(m.writeValueAsString(r), ParetoReport.class));
    }

    @Test
    void readerNamesTheBadKey() {
        String good = ParetoJson.toJson(tiny());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ParetoJson.parse(good.replace("\"energy\" : 6.0", "\"enrgy\" : 6.0")));
        assertTrue(e.getMessage().contains("points[1].objectives"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> ParetoJson.parse(good.replace("\"chip\" : \"chipA\"", "\"chip\" : 3")));
        assertTrue(e.getMessage().startsWith("chip"), e.getMessage());
    }

    @Test
    void writesAtomicallyLeavingNoTemporaryFile() throws Exception {
        ReportWriter.writeAll(dir, tiny());
        try (Stream<Path> s = Files.list(dir)) {
            List<String> names = s.map(p -> p.getFileName().toString()).sorted().toList();
            assertEquals(List.of("pareto.csv", "pareto.json", "report.html", "summary.md"), names);
        }
        String html = Files.readString(dir.resolve("report.html"));
        String csv = Files.readString(dir.resolve("pareto.csv"));
        Files.delete(dir.resolve("report.html"));
        Files.writeString(dir.resolve("pareto.csv"), "stale");
        ReportWriter.rebuild(dir);
        assertEquals(html, Files.readString(dir.resolve("report.html")));
        assertEquals(csv, Files.readString(dir.resolve("pareto.csv")));
        try (Stream<Path> s = Files.list(dir)) {
            assertFalse(s.anyMatch(p -> p.getFileName().toString().endsWith(".tmp")));
        }
    }
}
