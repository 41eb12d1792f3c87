package org.halodse.scaleout;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code halo sweep} in local mode: every cell a run directory whose front is the one {@code halo run}
 * gives for the cell's study (byte for byte; also with {@code halo run --engine spark}); a restarted sweep re-runs exactly the cells whose
 * completion is missing (a killed cell), with the same results; the report has a row per cell and budget.
 */
class LocalSweepTest {
    @TempDir
    Path dir;

    static final List<String> RESULTS = List.of("pareto.json", "pareto.csv", "evaluations.csv");

    @Test
    void sweepRunsCellsSkipsCompleteOnesAndMatchesPlainRuns() throws Exception {
        Path sweep = SweepFiles.write(dir, "[edge-npu, tpu-v1]", "[{name: booth, arch: booth}, {name: array, arch: array, adder: ripple}]");
        Path out = dir.resolve("out");
        Cli first = Cli.run("sweep", sweep.toString(), "--out", out.toString(), "--master", "local[2]");
        assertEquals(0, first.code(), first.err());
        assertTrue(first.out().contains("4 cells (4 ran, 0 already complete)"), first.out());
        List<String> cells = List.of("edge-npu_booth_tiny", "edge-npu_array_tiny", "tpu-v1_booth_tiny", "tpu-v1_array_tiny");
        Map<String, String> before = results(out, cells);

        // the front of a cell is the one a plain halo run of its study gives
        Cli plain = Cli.run("run", out.resolve("tpu-v1_array_tiny/study.yaml").toString(), "--out", dir.resolve("plain").toString());
        assertEquals(0, plain.code(), plain.err());
        for (String f : RESULTS) assertEquals(Files.readString(dir.resolve("plain").resolve(f)), before.get("tpu-v1_array_tiny/" + f), f);
        // and the one halo run gives with its profile on Spark
        Cli onSpark = Cli.run("run", out.resolve("tpu-v1_array_tiny/study.yaml").toString(), "--out", dir.resolve("plain-spark").toString(),
            "--engine", "spark", "--master", "local[2]");
        assertEquals(0, onSpark.code(), onSpark.err());
        for (String f : RESULTS) assertEquals(Files.readString(dir.resolve("plain").resolve(f)), Files.readString(dir.resolve("plain-spark").resolve(f)), f);

        // report: header + 4 cells x 2 budgets
        List<String> csv = Files.readAllLines(out.resolve("sweep.csv"));
        assertEquals(1 + 4 * 2, csv.size(), String.join("\n", csv));
        String html = Files.readString(out.resolve("sweep.html"));
        for (String c : cells) assertTrue(html.contains(c), c);
        assertFalse(html.contains("src=\"http"), "self-contained");

        // a cell killed before completion: no marker, a partial folder left behind
        Files.delete(out.resolve("edge-npu_array_tiny/cell.json"));
        Files.createDirectories(out.resolve(".partial-edge-npu_array_tiny-x"));
        Cli second = Cli.run("sweep", sweep.toString(), "--out", out.toString(), "--master", "local[2]");
        assertEquals(0, second.code(), second.err());
        assertTrue(second.out().contains("4 cells (1 ran, 3 already complete)"), second.out());
        assertEquals(before, results(out, cells));
        assertFalse(Files.exists(out.resolve(".partial-edge-npu_array_tiny-x")));
        assertEquals(csv, Files.readAllLines(out.resolve("sweep.csv")));

        Cli third = Cli.run("sweep", sweep.toString(), "--out", out.toString());
        assertEquals(0, third.code(), third.err());
        assertTrue(third.out().contains("4 cells (0 ran, 4 already complete)"), third.out());
    }

    static Map<String, String> results(Path out, List<String> cells) throws Exception {
        Map<String, String> m = new LinkedHashMap<>();
        for (String c : cells) {
            assertTrue(Files.isRegularFile(out.resolve(c).resolve("cell.json")), c + " complete");
            for (String f : RESULTS) m.put(c + "/" + f, Files.readString(out.resolve(c).resolve(f)));
        }
        return m;
    }
}
