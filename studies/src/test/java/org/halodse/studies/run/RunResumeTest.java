package org.halodse.studies.run;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.halodse.studies.cli.Halo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A study run killed with SIGKILL during exploration and restarted with --resume writes the same
 * pareto.json as an uninterrupted run with the same seed; the front also beats every baseline.
 */
class RunResumeTest {
    @TempDir Path tmp;

    static final String STUDY = """
        name: resume-check
        model: {source: minilm-l6}
        calibration: {source: uniform}
        chip: {preset: edge-npu}
        mac: {liberty: osu018, arch: booth}
        workload: {prefillTokens: 64, decodeTokens: 0, batch: 4}
        space:
          bits: [3]
          delayThresholds: [0.85]
          tileSize: 32
          classShares: [0.5]
          sparseFractions: [0.0]
          maxLevels: 3
          maxSwitches: 24
        objectives: [latency, energy, accuracy]
        search: {algorithm: nsga2, evaluations: 4000, population: 40, seed: 7, threads: 2}
        """;

    private static int halo(String... args) {
        StringWriter out = new StringWriter(), err = new StringWriter();
        int code = Halo.run(args, new PrintWriter(out), new PrintWriter(err));
        assertEquals(0, code, err.toString());
        return code;
    }

    @Test
    void killedRunResumesToTheSameFront() throws Exception {
        assumeTrue(Files.isRegularFile(Path.of("/usr/share/qflow/tech/osu018/osu018_stdcells.lib")), "qflow-tech-osu018 needed");
        Path study = tmp.resolve("study.yaml");
        Files.writeString(study, STUDY);
        Path a = tmp.resolve("a"), b = tmp.resolve("b");
        halo("run", study.toString(), "--out", a.toString());

        // The same study in a child JVM, killed (SIGKILL) once its first checkpoint is on disk.
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process child = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), "org.halodse.studies.cli.Halo",
            "run", study.toString(), "--out", b.toString()).redirectErrorStream(true).redirectOutput(tmp.resolve("child.log").toFile()).start();
        Path checkpoint = b.resolve("checkpoint.bin");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (!Files.exists(checkpoint) && child.isAlive() && System.nanoTime() < deadline) Thread.sleep(20);
        assertTrue(child.isAlive(), "the child finished before it could be killed: " + Files.readString(tmp.resolve("child.log")));
        child.destroyForcibly().waitFor();
        assertTrue(Files.exists(checkpoint));
        assertTrue(!Files.exists(b.resolve("pareto.json")), "killed during exploration, before any report");

        halo("run", study.toString(), "--out", b.toString(), "--resume");
        assertArrayEquals(Files.readAllBytes(a.resolve("pareto.json")), Files.readAllBytes(b.resolve("pareto.json")));

        // Acceptance on the front: no baseline dominates a front point; each baseline is matched or beaten.
        var json = new com.fasterxml.jackson.databind.ObjectMapper().readTree(a.resolve("pareto.json").toFile());
        List<String> names = new java.util.ArrayList<>();
        json.path("objectives").forEach(o -> names.add(o.path("name").asText()));
        List<double[]> front = new java.util.ArrayList<>();
        json.path("points").forEach(p -> front.add(names.stream().mapToDouble(n -> p.path("objectives").path(n).asDouble()).toArray()));
        assertTrue(front.size() >= 10, "front points: " + front.size());
        json.path("baselines").forEach(bl -> {
            double[] v = names.stream().mapToDouble(n -> bl.path("objectives").path(n).asDouble()).toArray();
            for (double[] p : front) assertTrue(!dominates(v, p), bl.path("name").asText() + " dominates a front point");
            assertTrue(front.stream().anyMatch(p -> weaklyDominates(p, v)), bl.path("name").asText() + " is not matched by the front");
        });
    }

    private static boolean weaklyDominates(double[] a, double[] b) {
        for (int i = 0; i < a.length; i++) if (a[i] > b[i]) return false;
        return true;
    }

    private static boolean dominates(double[] a, double[] b) {
        return weaklyDominates(a, b) && !java.util.Arrays.equals(a, b);
    }
}
