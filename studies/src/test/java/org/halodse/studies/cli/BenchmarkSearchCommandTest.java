package org.halodse.studies.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

class BenchmarkSearchCommandTest {
    record Run(int code, String out, String err) {
    }

    static Run halo(String... args) {
        StringWriter o = new StringWriter(), e = new StringWriter();
        int code = Halo.run(args, new PrintWriter(o), new PrintWriter(e));
        return new Run(code, o.toString(), e.toString());
    }

    @Test
    void jsonHasTheIssueFields() throws Exception {
        Run r = halo("benchmark-search", "--problem", "zdt1", "--algorithm", "nsga2", "--evaluations", "25000", "--seed", "1", "--threads", "2", "--format", "json");
        assertEquals(0, r.code(), r.err());
        JsonNode j = new ObjectMapper().readTree(r.out());
        for (String f : new String[] {"problem", "algorithm", "evaluations", "seconds", "hypervolume", "referenceHypervolume", "ratio", "referencePoint"}) {
            assertTrue(j.has(f), "field " + f + " in " + r.out());
        }
        assertEquals("zdt1", j.get("problem").asText());
        assertTrue(j.get("evaluations").asLong() <= 25000);
        assertEquals(j.get("hypervolume").asDouble() / j.get("referenceHypervolume").asDouble(), j.get("ratio").asDouble(), 1e-12);
        assertTrue(j.get("ratio").asDouble() >= 0.97, r.out());
        assertEquals(2, j.get("referencePoint").size());
    }

    @Test
    void exactKnapsackIsItsOwnReference() throws Exception {
        Run r = halo("benchmark-search", "--problem", "knapsack", "--algorithm", "exact", "--format", "json");
        assertEquals(0, r.code(), r.err());
        JsonNode j = new ObjectMapper().readTree(r.out());
        assertEquals(1.0, j.get("ratio").asDouble(), 1e-12);
        assertEquals(3, j.get("referencePoint").size());
    }

    @Test
    void badInputIsOneLineExitTwo() {
        Run r = halo("benchmark-search", "--problem", "zdt9", "--algorithm", "nsga2");
        assertEquals(2, r.code());
        assertEquals("halo: --problem zdt9: expected zdt1, zdt2, zdt3, dtlz2 or knapsack", r.err().strip());
        Run e = halo("benchmark-search", "--problem", "dtlz2", "--algorithm", "exact");
        assertEquals(2, e.code());
        assertTrue(e.err().startsWith("halo: --algorithm exact:"), e.err());
    }
}
