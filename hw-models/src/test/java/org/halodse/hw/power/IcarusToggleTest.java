package org.halodse.hw.power;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.halodse.hw.liberty.LibertyLibrary;
import org.halodse.hw.liberty.LibertyReader;
import org.halodse.hw.netlist.Netlist;
import org.halodse.hw.netlist.Port;
import org.halodse.hw.netlist.VerilogWriter;
import org.halodse.hw.netlist.mac.MacGenerator;
import org.halodse.hw.netlist.mac.MacSpec;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Per-net transition counts of the bit-parallel simulator against Icarus Verilog running the same
 * written netlist on the OSU cell models (their specify delays are ignored without -gspecify, so
 * the simulation is zero-delay) with the same stimulus. Icarus's VCD is sampled once per step, at
 * the end of it, and a net's count is the number of steps whose value differs from the step before.
 */
class IcarusToggleTest {
    static final Path OSU_LIB = Path.of("/usr/share/qflow/tech/osu018/osu018_stdcells.lib");
    static final Path OSU_CELLS_V = Path.of("/usr/share/qflow/tech/osu018/osu018_stdcells.v");
    static final int STEPS = 300; // several 64-step words, and a partial one
    static LibertyLibrary lib;

    @TempDir Path dir;

    @BeforeAll
    static void read() {
        lib = LibertyReader.read(OSU_LIB);
    }

    @Test
    void fusedBoothMacMatchesIcarus() throws Exception {
        compare(MacSpec.booth(8, 8, 24, MacSpec.Tree.DADDA, MacSpec.Adder.KOGGE_STONE, MacSpec.Pipeline.FUSED), -85, "gaussian:20");
    }

    @Test
    void registeredArrayMacMatchesIcarus() throws Exception {
        compare(MacSpec.array(8, 8, 24, MacSpec.Adder.RIPPLE, MacSpec.Pipeline.REGISTERED_PRODUCT), 77, "uniform");
    }

    private void compare(MacSpec spec, int w, String activations) throws Exception {
        assumeTrue(onPath("iverilog") && onPath("vvp"), "iverilog not on PATH");
        Netlist n = MacGenerator.generate(spec, lib);
        ToggleSimulator sim = new ToggleSimulator(n, MacStimulus.generated().resolve(n, true));
        long[] a = ActivationModel.parse(activations).sample(STEPS, 7, sim.activationMin(), sim.activationMax());
        long[] ours = sim.run(w, a).countPerNet(n.netCount());

        VerilogWriter.write(n, dir.resolve("net.v"));
        long[] acc = MacStimulus.partialSums(w, a, n.port("acc").width(), sim.registered() ? 1 : 0);
        Files.writeString(dir.resolve("tb.v"), testbench(n, w, a, acc, sim.registered()));
        run(List.of("iverilog", "-o", "sim", "-s", "tb", OSU_CELLS_V.toString(), "net.v", "tb.v"));
        run(List.of("vvp", "-n", "sim"));
        Map<String, Long> icarus = vcdToggles(dir.resolve("dump.vcd"), STEPS);

        Map<Integer, String> names = verilogNames(n, Files.readString(dir.resolve("net.v"), StandardCharsets.ISO_8859_1));
        int compared = 0;
        List<String> diffs = new ArrayList<>();
        int clk = n.port("clk") == null ? -1 : n.port("clk").nets()[0];
        for (var e : names.entrySet()) {
            int net = e.getKey();
            if (net == clk) continue; // the clock is not simulated, only charged per step
            Long theirs = icarus.get(e.getValue());
            if (theirs == null) continue;
            compared++;
            if (theirs != ours[net]) diffs.add(e.getValue() + ": ours " + ours[net] + ", icarus " + theirs);
        }
        assertTrue(compared > n.instances().size(), "compared only " + compared + " nets of " + n.netCount());
        assertEquals(List.of(), diffs, spec.moduleName() + ": " + diffs.size() + " nets differ of " + compared);
    }

    private static String testbench(Netlist n, int w, long[] a, long[] acc, boolean clocked) {
        StringBuilder sb = new StringBuilder("`timescale 1ns/10ps\nmodule tb;\n");
        sb.append("  reg [7:0] w; reg [7:0] a; reg [").append(n.port("acc").width() - 1).append(":0] acc; reg clk = 0;\n");
        sb.append("  wire [").append(n.port("y").width() - 1).append(":0] y;\n");
        sb.append("  ").append(n.name()).append(" dut (.w(w), .a(a), .acc(acc), ").append(clocked ? ".clk(clk), " : "").append(".y(y));\n");
        sb.append("  initial begin\n    $dumpfile(\"dump.vcd\"); $dumpvars(1, tb.dut);\n");
        // step p: the clock rises at 10p+1 (the register takes step p-1's product), inputs change at
        // 10p+2, the clock falls at 10p+5; the VCD is sampled at 10p+9
        sb.append("    w = ").append(lit(w, 8)).append("; a = ").append(lit(a[0], 8)).append("; acc = ").append(lit(acc[0], n.port("acc").width())).append(";\n");
        for (int p = 0; p < a.length; p++) {
            sb.append("    #1 clk = 1; #1 a = ").append(lit(a[p], 8)).append("; acc = ").append(lit(acc[p], n.port("acc").width()))
                .append("; #3 clk = 0; #5;\n");
        }
        sb.append("    $finish;\n  end\nendmodule\n");
        return sb.toString();
    }

    private static String lit(long v, int bits) {
        long m = bits >= 64 ? -1L : (1L << bits) - 1;
        return bits + "'h" + Long.toHexString(v & m);
    }

    /** Per VCD signal bit ("name" or "name[i]"): changes between the values at 10p+9, p = 0..steps-1. */
    private static Map<String, Long> vcdToggles(Path vcd, int steps) throws Exception {
        Map<String, List<String>> idToNames = new HashMap<>();
        Map<String, String> current = new HashMap<>(); // id -> value bits (msb first)
        Map<String, String> previous = new HashMap<>();
        Map<String, Long> toggles = new HashMap<>();
        long unit = 1; // VCD time units per ns (the testbench's delays are in ns)
        long nextSample = 9;
        int sampled = 0;
        boolean inTimescale = false;
        for (String line : Files.readAllLines(vcd, StandardCharsets.ISO_8859_1)) {
            line = line.trim();
            if (line.startsWith("$timescale")) { inTimescale = true; line = line.substring(10).trim(); }
            if (inTimescale) {
                String ts = line.replace("$end", "").trim();
                if (!ts.isEmpty()) {
                    java.util.regex.Matcher m = java.util.regex.Pattern.compile("(\\d+)\\s*(s|ms|us|ns|ps|fs)").matcher(ts);
                    if (!m.find()) throw new AssertionError("VCD timescale " + ts);
                    double ps = Long.parseLong(m.group(1)) * switch (m.group(2)) {
                        case "s" -> 1e12; case "ms" -> 1e9; case "us" -> 1e6; case "ns" -> 1e3; case "ps" -> 1.0; default -> 1e-3; };
                    unit = Math.round(1000 / ps);
                    nextSample = 9 * unit;
                }
                if (line.contains("$end")) inTimescale = false;
                continue;
            }
            if (line.startsWith("$var")) {
                String[] f = line.split("\\s+");
                int width = Integer.parseInt(f[2]);
                String id = f[3];
                String name = f[4].startsWith("\\") ? f[4].substring(1) : f[4];
                List<String> bits = new ArrayList<>();
                if (width == 1) {
                    bits.add(f.length > 6 && f[5].startsWith("[") ? name + f[5] : name);
                } else {
                    String range = f[5].substring(1, f[5].length() - 1);
                    int msb = Integer.parseInt(range.split(":")[0]), lsb = Integer.parseInt(range.split(":")[1]);
                    for (int i = 0; i < width; i++) bits.add(name + "[" + (msb > lsb ? msb - i : msb + i) + "]"); // msb first
                }
                idToNames.put(id, bits);
            } else if (line.startsWith("#")) {
                long t = Long.parseLong(line.substring(1));
                while (t > nextSample && sampled < steps) {
                    sample(idToNames, current, previous, toggles, sampled > 0);
                    sampled++;
                    nextSample += 10 * unit;
                }
            } else if (line.startsWith("b")) {
                String[] f = line.substring(1).split("\\s+");
                current.put(f[1], f[0]);
            } else if (!line.isEmpty() && "01xzXZ".indexOf(line.charAt(0)) >= 0) {
                current.put(line.substring(1), line.substring(0, 1));
            }
        }
        while (sampled < steps) {
            sample(idToNames, current, previous, toggles, sampled > 0);
            sampled++;
        }
        return toggles;
    }

    private static void sample(Map<String, List<String>> idToNames, Map<String, String> current, Map<String, String> previous,
                               Map<String, Long> toggles, boolean count) {
        for (var e : idToNames.entrySet()) {
            List<String> bits = e.getValue();
            String v = current.getOrDefault(e.getKey(), "x");
            // VCD drops leading zeros of vectors: pad on the left
            while (v.length() < bits.size()) v = (v.charAt(0) == '1' ? "0" : v.substring(0, 1)) + v;
            String pv = previous.get(e.getKey());
            for (int i = 0; i < bits.size(); i++) {
                toggles.putIfAbsent(bits.get(i), 0L);
                if (count && pv != null && pv.charAt(i) != v.charAt(i)) toggles.merge(bits.get(i), 1L, Long::sum);
            }
            previous.put(e.getKey(), v);
        }
    }

    /**
     * The Verilog name VerilogWriter gave each net: a port bit when the net carries its name, else
     * the wires in the order written (nets in index order, skipping port bits).
     */
    private static Map<Integer, String> verilogNames(Netlist n, String verilog) {
        Map<Integer, String> names = new HashMap<>();
        boolean[] portBit = new boolean[n.netCount()];
        for (Port p : n.ports()) {
            for (int i = 0; i < p.width(); i++) {
                int net = p.nets()[i];
                if (net > Netlist.CONST1 && n.netName(net).equals(p.bitName(i))) {
                    portBit[net] = true;
                    names.put(net, p.bitName(i));
                }
            }
        }
        List<String> wires = new ArrayList<>();
        for (String line : verilog.split("\n")) {
            line = line.trim();
            if (line.startsWith("wire ")) {
                String id = line.substring(5, line.length() - 1).trim();
                wires.add(id.startsWith("\\") ? id.substring(1) : id);
            }
        }
        int k = 0;
        for (int net = 2; net < n.netCount(); net++) if (!portBit[net]) names.put(net, wires.get(k++));
        return names;
    }

    private void run(List<String> cmd) throws Exception {
        Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true).redirectOutput(dir.resolve("tool.log").toFile()).start();
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError(String.join(" ", cmd) + " did not finish within 120 s");
        }
        assertEquals(0, p.exitValue(), Files.readString(dir.resolve("tool.log"), StandardCharsets.ISO_8859_1));
    }

    private static boolean onPath(String tool) {
        for (String d : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            if (!d.isEmpty() && Files.isExecutable(Path.of(d, tool))) return true;
        }
        return false;
    }
}
