package org.halodse.hw.netlist;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import org.halodse.hw.liberty.LibertyLibrary;
import org.halodse.hw.liberty.LibertyReader;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class VerilogWriterTest {
    static LibertyLibrary lib;

    @TempDir
    Path dir;

    @BeforeAll
    static void readLibrary() {
        lib = LibertyReader.read(ExternalTool.OSU_LIB);
    }

    /** Everything that makes two netlists the same, independent of net numbering. */
    static String structure(Netlist n) {
        StringBuilder sb = new StringBuilder(n.name()).append('\n');
        for (Port p : n.ports()) {
            sb.append(p.direction()).append(' ').append(p.name()).append(p.isBus() ? "[" + p.msb() + ":" + p.lsb() + "]" : "");
            for (int net : p.nets()) sb.append(' ').append(n.netName(net));
            sb.append('\n');
        }
        for (Instance i : n.instances()) {
            sb.append(i.cell().name()).append(' ').append(i.name());
            for (int k = 0; k < i.pinNets().length; k++) {
                sb.append(' ').append(i.cell().pins().get(k).name()).append('=').append(i.pinNets()[k] < 0 ? "-" : n.netName(i.pinNets()[k]));
            }
            sb.append('\n');
        }
        TreeSet<String> nets = new TreeSet<>();
        for (int k = 0; k < n.netCount(); k++) nets.add(n.netName(k));
        return sb.append(nets).toString();
    }

    static Netlist roundTrip(Netlist n) {
        return VerilogReader.read("written.v", VerilogWriter.write(n), n.library(), n.name());
    }

    @Test
    void roundTripOfHandWrittenNetlist() {
        Netlist n = VerilogReader.read("t.v", VerilogReaderTest.YOSYS_STYLE, lib, "t");
        String v = VerilogWriter.write(n);
        assertEquals(v, VerilogWriter.write(n), "output must be deterministic");
        assertTrue(v.contains("  wire \\mac.acc_reg[3] ;\n"), v);
        assertTrue(v.contains("  INVX1 g2$x (.A(\\n[0] ), .Y(\\mac.acc_reg[3] ));\n"), v);
        assertTrue(v.contains("  assign y[1] = 1'b1;\n"), v);
        assertTrue(v.contains("  assign z = 1'b0;\n"), v);
        assertTrue(v.contains("  assign y[0] = a[3];\n"), v); // y[0] and a[3] are one net
        assertEquals(structure(n), structure(roundTrip(n)));
    }

    /** A generated netlist with names that need escaping and a port bit aliasing another port. */
    static Netlist awkwardNetlist() {
        NetlistBuilder b = new NetlistBuilder("awk", lib);
        int[] in = b.input("in", 2);
        int en = b.port("en.n", Port.Direction.INPUT, 0, 0, false)[0];
        int[] q = b.output("q", 3);
        int[] echo = b.output("echo", 1);
        int kw = b.net("wire");
        int odd = b.net("a.b[3]");
        b.instance("u$1", lib.cell("NAND2X1"), "A", in[0], "B", en, "Y", kw);
        b.instance("reg", lib.cell("INVX1"), "A", kw, "Y", odd);
        b.instance("u3", lib.cell("DFFPOSX1"), "CLK", in[1], "D", odd, "Q", q[2]);
        b.connect(q[0], Netlist.CONST1);
        b.connect(q[1], odd);
        b.connect(echo[0], in[1]);
        return b.build();
    }

    @Test
    void roundTripEscapesKeywordsAndOddNames() {
        Netlist n = awkwardNetlist();
        String v = VerilogWriter.write(n);
        assertTrue(v.startsWith("module awk(in, \\en.n , q, echo);\n"), v);
        assertTrue(v.contains("  wire \\wire ;\n"), v);
        assertTrue(v.contains("  INVX1 \\reg  (.A(\\wire ), .Y(q[1]));\n"), v);
        assertTrue(v.contains("  assign q[0] = 1'b1;\n"), v);
        assertEquals(structure(n), structure(roundTrip(n)));
    }

    @Test
    void writesFileAtomically() throws IOException {
        Path f = dir.resolve("out.v");
        Files.writeString(f, "old contents");
        VerilogWriter.write(awkwardNetlist(), f);
        assertEquals(VerilogWriter.write(awkwardNetlist()), Files.readString(f));
        try (var s = Files.list(dir)) {
            assertEquals(List.of(f), s.toList(), "no temporary file may be left behind");
        }
    }

    // ---- real tools: skipped when not installed (CI installs yosys and OpenSTA) ----

    static final String MULT_RTL = """
        module m(input signed [3:0] a, input signed [3:0] b, input clk, output reg signed [7:0] p);
          always @(posedge clk) p <= a * b;
        endmodule
        """;

    private Path synthesizeMultiplier() throws Exception {
        assumeTrue(ExternalTool.onPath("yosys"), "yosys not on PATH");
        Files.writeString(dir.resolve("x.v"), MULT_RTL);
        String l = ExternalTool.OSU_LIB.toString();
        ExternalTool.Result r = ExternalTool.run(dir, List.of("yosys", "-q", "-p", "read_verilog x.v; synth -top m; dfflibmap -liberty " + l
            + "; abc -liberty " + l + "; opt_clean; write_verilog -noattr -noexpr out.v"));
        assertEquals(0, r.exitCode(), r.output());
        return dir.resolve("out.v");
    }

    @Test
    void readsYosysNetlist() throws Exception {
        Netlist n = VerilogReader.read(synthesizeMultiplier(), lib, "m");
        assertEquals(List.of("a", "b", "clk", "p"), n.ports().stream().map(Port::name).toList());
        assertEquals(4, n.port("a").width());
        assertEquals(4, n.port("b").width());
        assertEquals(1, n.port("clk").width());
        assertEquals(8, n.port("p").width());
        assertTrue(n.instances().size() > 20, "a 4x4 multiplier has more than 20 cells");
        for (Instance i : n.instances()) assertSame(lib.cell(i.cell().name()), i.cell());
        assertEquals(8, n.cellCounts().get("DFFPOSX1"));
        for (int bit = 0; bit < 8; bit++) {
            int d = n.driverInstance(n.port("p").bit(bit));
            assertTrue(d >= 0 && n.instances().get(d).cell().isSequential(), "p[" + bit + "] comes from a flip-flop");
        }
        assertEquals(structure(n), structure(roundTrip(n)));
    }

    /** Our output, simulated with the OSU cell models, must multiply like the RTL it came from. */
    @Test
    void icarusSimulatesWrittenNetlistLikeRtl() throws Exception {
        Netlist n = VerilogReader.read(synthesizeMultiplier(), lib, "m");
        assumeTrue(ExternalTool.onPath("iverilog") && ExternalTool.onPath("vvp"), "iverilog not on PATH");
        VerilogWriter.write(n, dir.resolve("net.v"));
        Files.writeString(dir.resolve("ref.v"), MULT_RTL.replace("module m(", "module ref_m("));
        Files.writeString(dir.resolve("tb.v"), """
            module tb;
              reg signed [3:0] a, b; reg clk = 0; wire [7:0] p, pr; integer i, bad = 0;
              m dut (.a(a), .b(b), .clk(clk), .p(p));
              ref_m gold (.a(a), .b(b), .clk(clk), .p(pr));
              initial begin
                for (i = 0; i < 256; i = i + 1) begin
                  a = i[3:0]; b = i[7:4]; #5 clk = 1; #5 clk = 0;
                  if (p !== pr) bad = bad + 1;
                end
                if (bad == 0) $display("SIM PASS"); else $display("SIM FAIL %0d", bad);
                $finish;
              end
            endmodule
            """);
        ExternalTool.Result c = ExternalTool.run(dir, List.of("iverilog", "-o", "sim", "-s", "tb",
            ExternalTool.OSU_CELLS_V.toString(), "net.v", "ref.v", "tb.v"));
        assertEquals(0, c.exitCode(), c.output());
        ExternalTool.Result s = ExternalTool.run(dir, List.of("vvp", "-n", "sim"));
        assertTrue(s.output().contains("SIM PASS"), s.output());
    }

    private void assertStaLinks(Path v, String top) throws Exception {
        assumeTrue(ExternalTool.onPath("sta"), "OpenSTA (sta) not on PATH");
        Files.writeString(dir.resolve("link.tcl"), "read_liberty " + ExternalTool.OSU_LIB + "\nread_verilog " + v
            + "\nlink_design " + top + "\nputs \"CELLS [llength [get_cells *]]\"\nexit\n");
        ExternalTool.Result r = ExternalTool.run(dir, List.of("sta", "-no_init", "-no_splash", "-exit", "link.tcl"));
        assertEquals(0, r.exitCode(), r.output());
        assertFalse(r.output().contains("Error"), r.output());
        assertFalse(r.output().contains("Warning"), r.output());
        assertTrue(r.output().contains("CELLS "), r.output());
    }

    @Test
    void openStaLinksWrittenNetlists() throws Exception {
        Path f = dir.resolve("awk.v");
        VerilogWriter.write(awkwardNetlist(), f);
        assertStaLinks(f, "awk");
        String log = Files.readString(dir.resolve("tool.log"));
        assertTrue(log.contains("CELLS 3"), log);
    }

    @Test
    void yosysAndIcarusAcceptWrittenNetlist() throws Exception {
        Path f = dir.resolve("awk.v");
        VerilogWriter.write(awkwardNetlist(), f);
        List<String> ran = new ArrayList<>();
        if (ExternalTool.onPath("yosys")) {
            ExternalTool.Result r = ExternalTool.run(dir, List.of("yosys", "-p", "read_liberty -lib " + ExternalTool.OSU_LIB
                + "; read_verilog awk.v; hierarchy -check -top awk; stat"));
            assertEquals(0, r.exitCode(), r.output());
            assertTrue(r.output().contains("Number of cells:                  3"), r.output());
            ran.add("yosys");
        }
        if (ExternalTool.onPath("iverilog")) {
            ExternalTool.Result r = ExternalTool.run(dir, List.of("iverilog", "-o", "awk.vvp", "-s", "awk", ExternalTool.OSU_CELLS_V.toString(), "awk.v"));
            assertEquals(0, r.exitCode(), r.output());
            ran.add("iverilog");
        }
        assumeTrue(!ran.isEmpty(), "neither yosys nor iverilog on PATH");
    }

    @Test
    void openStaLinksYosysRoundTrip() throws Exception {
        Netlist n = VerilogReader.read(synthesizeMultiplier(), lib, "m");
        Path f = dir.resolve("m_out.v");
        VerilogWriter.write(n, f);
        assertStaLinks(f, "m");
        assertNotNull(n.port("p"));
    }
}
