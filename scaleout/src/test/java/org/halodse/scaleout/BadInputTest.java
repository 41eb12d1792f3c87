package org.halodse.scaleout;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.halodse.hw.liberty.InputException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bad input to the scale-out commands: one line naming the URL, file, line, key or path and what
 * was expected; exit code 2; nothing written.
 */
class BadInputTest {
    @TempDir
    Path dir;

    /** Exit 2 and a single line on standard error, containing every one of {@code parts}. */
    static void oneLine(Cli r, String... parts) {
        assertEquals(2, r.code(), r.err());
        List<String> lines = r.err().lines().filter(l -> !l.isBlank() && !l.startsWith("spark ")).toList();
        assertEquals(1, lines.size(), r.err());
        for (String p : parts) assertTrue(lines.get(0).contains(p), "'" + p + "' in: " + lines.get(0));
    }

    @Test
    void unreachableMasterIsOneLineWithinSeconds() throws Exception {
        String url = "spark://127.0.0.1:" + LoopbackCluster.freePort();
        long t0 = System.nanoTime();
        Path sweep = SweepFiles.write(dir, "[edge-npu]", "[{name: booth, arch: booth}]");
        oneLine(Cli.run("sweep", sweep.toString(), "--out", dir.resolve("out").toString(), "--master", url), "--master " + url, "unreachable");
        oneLine(Cli.run("profile", "--model", dir.resolve("tiny.safetensors").toString(), "--out", dir.resolve("p").toString(), "--engine", "spark", "--master", url),
            "--master " + url, "unreachable");
        assertTrue((System.nanoTime() - t0) / 1e9 < 60, "bounded: no hang on an unreachable master");
        assertFalse(Files.exists(dir.resolve("p/profile.json")));
        assertFalse(Files.exists(dir.resolve("out/edge-npu_booth_tiny")));
    }

    @Test
    void notAMasterUrl() throws Exception {
        Path sweep = SweepFiles.write(dir, "[edge-npu]", "[{name: booth, arch: booth}]");
        oneLine(Cli.run("sweep", sweep.toString(), "--out", dir.resolve("out").toString(), "--master", "http://somewhere:80"), "--master http://somewhere:80",
            "expected local[N], spark://HOST:PORT");
        oneLine(Cli.run("profile", "--model", "minilm-l6", "--out", dir.resolve("p").toString(), "--engine", "hadoop"), "--engine hadoop");
        oneLine(Cli.run("profile", "--model", "minilm-l6", "--out", dir.resolve("p").toString(), "--master", "local[2]"), "--master local[2]", "--engine spark");
    }

    @Test
    void unknownChipOrModelOnAnAxisNamesFileLineKeyAndValueBeforeAnyCell() throws Exception {
        Path sweep = SweepFiles.write(dir, "[edge-npu, tpu-v9]", "[{name: booth, arch: booth}]");
        Path out = dir.resolve("out");
        // sweep.yaml: line 6 is "  chip: [edge-npu, tpu-v9]"
        oneLine(Cli.run("sweep", sweep.toString(), "--out", out.toString()), sweep + ":6: axes.chip[1]", "'tpu-v9'", "unknown chip", "edge-npu");
        assertFalse(Files.exists(out), "no cell written");

        Files.writeString(sweep, Files.readString(sweep).replace("tpu-v9", "tpu-v1").replace("model: [tiny.safetensors]", "model: [tiny.safetensors, llama9-70b]"));
        oneLine(Cli.run("sweep", sweep.toString(), "--out", out.toString()), sweep + ":8: axes.model[1]", "'llama9-70b'", "no such built-in model or file");
        assertFalse(Files.exists(out), "no cell written");
    }

    @Test
    void badMacOrKeyNamesTheSweepLine() throws Exception {
        Path sweep = SweepFiles.write(dir, "[edge-npu]", "\n    - {name: booth, arch: booth}\n    - {name: odd, arch: booth, adder: carry-save}");
        oneLine(Cli.run("sweep", sweep.toString(), "--out", dir.resolve("out").toString()), sweep + ":9: axes.mac[1]", "cell edge-npu_odd_tiny", "mac.adder",
            "carry-save");
        Files.writeString(sweep, Files.readString(sweep) + "bugdets: [int8-rtn]\n");
        oneLine(Cli.run("sweep", sweep.toString()), sweep + ":", "bugdets: unknown key");
        oneLine(Cli.run("sweep", dir.resolve("nope.yaml").toString()), "nope.yaml: no such sweep file");
    }

    @Test
    void pathsExecutorsCannotReadOrWriteAreNamedByTheProbe() {
        try (SparkEngine e = SparkEngine.open("local[2]", Map.of(), 1)) {
            InputException r = assertThrows(InputException.class, () -> e.probe(List.of(dir.resolve("missing.safetensors").toString()), List.of()));
            assertTrue(r.getMessage().startsWith(dir.resolve("missing.safetensors") + ": not readable on executor host"), r.getMessage());
            InputException w = assertThrows(InputException.class, () -> e.probe(List.of(), List.of("/proc/halo-cannot-write")));
            assertTrue(w.getMessage().startsWith("/proc/halo-cannot-write: not writable on executor host"), w.getMessage());
            e.probe(List.of(), List.of(dir.toString())); // a writable folder passes
        }
    }
}
