package org.halodse.studies.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bad input on the command line: one line on stderr naming the file and line (or the flag) and
 * what was expected, exit code 2, no stack trace; nothing half-written.
 */
class CliErrorsTest {
    static final String OSU = "/usr/share/qflow/tech/osu018/osu018_stdcells.lib";
    @TempDir Path tmp;

    @BeforeAll
    static void needOsu() {
        assumeTrue(Files.isRegularFile(Path.of(OSU)), "qflow-tech-osu018 not installed");
    }

    private static String oneLine(ReferenceTools.HaloRun r) {
        assertEquals(2, r.code(), "exit code; stderr: " + r.err());
        String[] lines = r.err().strip().split("\n");
        assertFalse(r.err().contains("\tat "), "no stack trace: " + r.err());
        assertTrue(lines[0].startsWith("halo: "), r.err());
        return lines[0];
    }

    private Path write(String name, String text) throws Exception {
        Path p = tmp.resolve(name);
        Files.writeString(p, text);
        return p;
    }

    @Test
    void missingWeightPort() throws Exception {
        Path v = write("m.v", "module m(a, y);\n input [1:0] a;\n output y;\n NAND2X1 u1 (.A(a[0]), .B(a[1]), .Y(y));\nendmodule\n");
        String line = oneLine(ReferenceTools.halo("characterize", "--liberty", "osu018", "--netlist", v.toString(), "--top", "m", "--weight-port", "w"));
        assertEquals("halo: --weight-port w: module m has no input port of that name (inputs: a[1:0])", line);
    }

    @Test
    void unsupportedWidths() {
        assertEquals("halo: --weight-bits 6: expected 4 or 8",
            oneLine(ReferenceTools.halo("characterize", "--liberty", "osu018", "--arch", "array", "--weight-bits", "6", "--weight-port", "w")));
        assertEquals("halo: --acc-bits 12: expected 16 to 64 (at least weight bits + activation bits)",
            oneLine(ReferenceTools.halo("characterize", "--liberty", "osu018", "--arch", "booth", "--acc-bits", "12", "--weight-port", "w")));
        assertEquals("halo: --adder carry-save: expected ripple, kogge-stone or brent-kung",
            oneLine(ReferenceTools.halo("netlist", "--liberty", "osu018", "--arch", "booth", "--adder", "carry-save")));
    }

    @Test
    void unknownCellAndPinNameFileAndLine() throws Exception {
        Path v = write("bad.v", "module m(a, y);\n input a;\n output y;\n FOO_X1 u1 (.A(a), .Y(y));\nendmodule\n");
        String line = oneLine(ReferenceTools.halo("characterize", "--liberty", "osu018", "--netlist", v.toString(), "--top", "m", "--weight-port", "a"));
        assertTrue(line.startsWith("halo: " + v + ":4: "), line);
        assertTrue(line.contains("FOO_X1"), line);
        Path p = write("pin.v", "module m(a, y);\n input a;\n output y;\n\n INVX1 u1 (.Q(a), .Y(y));\nendmodule\n");
        line = oneLine(ReferenceTools.halo("characterize", "--liberty", "osu018", "--netlist", p.toString(), "--top", "m", "--weight-port", "a"));
        assertTrue(line.startsWith("halo: " + p + ":5: "), line);
        assertTrue(line.contains("no pin 'Q'"), line);
    }

    @Test
    void combinationalLoop() throws Exception {
        Path v = write("loop.v", "module m(a, y);\n input a;\n output y;\n wire n1, n2;\n NAND2X1 u1 (.A(a), .B(n2), .Y(n1));\n INVX1 u2 (.A(n1), .Y(n2));\n assign y = n1;\nendmodule\n");
        String line = oneLine(ReferenceTools.halo("characterize", "--liberty", "osu018", "--netlist", v.toString(), "--top", "m", "--weight-port", "a"));
        assertTrue(line.matches("halo: " + java.util.regex.Pattern.quote(v.toString()) + ":[56]: combinational loop.*"), line);
    }

    @Test
    void truncatedLibertyAndUnknownLibraryName() throws Exception {
        String text = Files.readString(Path.of(OSU));
        Path lib = write("cut.lib", text.substring(0, text.length() / 2));
        String line = oneLine(ReferenceTools.halo("characterize", "--liberty", lib.toString(), "--arch", "array", "--weight-port", "w"));
        assertTrue(line.matches("halo: " + java.util.regex.Pattern.quote(lib.toString()) + ":\\d+: .*\\(file truncated\\?\\)"), line);
        line = oneLine(ReferenceTools.halo("characterize", "--liberty", "gf180", "--arch", "array", "--weight-port", "w"));
        assertTrue(line.startsWith("halo: --liberty 'gf180': unknown library name"), line);
    }

    @Test
    void unknownFlagIsAUsageError() {
        ReferenceTools.HaloRun r = ReferenceTools.halo("characterize", "--liberty", "osu018", "--arch", "array", "--weight-port", "w", "--frobnicate");
        assertEquals(2, r.code());
        assertTrue(r.err().startsWith("halo: Unknown option: '--frobnicate'"), r.err());
    }

    @Test
    void failedRunLeavesExistingOutputIntact() throws Exception {
        Path out = write("profile.csv", "weight,delay_ps\n0,1.000\n");
        ReferenceTools.HaloRun r = ReferenceTools.halo("characterize", "--liberty", "osu018", "--arch", "array", "--weight-bits", "5",
            "--weight-port", "w", "--out", out.toString());
        assertEquals(2, r.code());
        assertEquals("weight,delay_ps\n0,1.000\n", Files.readString(out));
        try (var s = Files.list(tmp)) {
            assertEquals(1, s.count(), "no temp file left behind");
        }
    }

    @Test
    void versionAndHelp() {
        ReferenceTools.HaloRun v = ReferenceTools.halo("--version");
        assertEquals(0, v.code());
        assertTrue(v.out().startsWith("halo 0.1.0"), v.out());
        ReferenceTools.HaloRun h = ReferenceTools.halo("--help");
        assertEquals(0, h.code());
        assertTrue(h.out().contains("characterize") && h.out().contains("netlist"), h.out());
        assertEquals(2, ReferenceTools.halo().code(), "no subcommand is a usage error");
    }
}
