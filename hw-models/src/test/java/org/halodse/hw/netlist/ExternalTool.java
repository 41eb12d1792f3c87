package org.halodse.hw.netlist;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs EDA tools (yosys, sta, iverilog) from tests; tests skip themselves when one is not installed. */
final class ExternalTool {
    static final Path OSU_LIB = Path.of("/usr/share/qflow/tech/osu018/osu018_stdcells.lib");
    static final Path OSU_CELLS_V = Path.of("/usr/share/qflow/tech/osu018/osu018_stdcells.v");

    record Result(int exitCode, String output) { }

    private ExternalTool() { }

    static boolean onPath(String tool) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, tool))) return true;
        }
        return false;
    }

    /** Runs {@code cmd} in {@code dir} with stderr merged into the output; fails the test on a hang. */
    static Result run(Path dir, List<String> cmd) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true)
            .redirectOutput(dir.resolve("tool.log").toFile()).start();
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError(String.join(" ", cmd) + " did not finish within 120 s");
        }
        return new Result(p.exitValue(), Files.readString(dir.resolve("tool.log"), StandardCharsets.ISO_8859_1));
    }
}
