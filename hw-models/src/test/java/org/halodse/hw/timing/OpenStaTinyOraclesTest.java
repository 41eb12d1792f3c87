package org.halodse.hw.timing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.halodse.hw.liberty.BoolExpr;
import org.halodse.hw.liberty.LibertyLibrary;
import org.halodse.hw.liberty.LibertyReader;
import org.halodse.hw.netlist.Netlist;
import org.halodse.hw.netlist.VerilogReader;
import org.junit.jupiter.api.Test;

/**
 * Tiny circuits on the real libraries against arrival times OpenSTA 2.0.17 reported for them
 * (tools/reference/OPENSTA_NOTES.md, reproduced by tools/reference/tiny/run_tiny.sh): a chain of
 * three inverters, and a NAND2 whose input b is held by case analysis. Boundary: DFF Q drives the
 * inputs, the DFF's D pin loads the outputs, no wire load.
 */
class OpenStaTinyOraclesTest {
    static final Path TINY = Path.of("").toAbsolutePath().getParent().resolve("tools/reference/tiny");
    static final Path OSU = Path.of("/usr/share/qflow/tech/osu018/osu018_stdcells.lib");
    static final Path NANGATE = Path.of(System.getenv().getOrDefault("HALO_PDK_DIR", "../../shared/pdk")).resolve("nangate45_typ.lib.gz");
    static final double PS = 0.002; // OpenSTA printed 1 fs resolution

    static final Map<Path, LibertyLibrary> LIBS = new HashMap<>();

    static StaticTimer timer(Path lib, String file, String top) {
        assumeTrue(Files.isRegularFile(lib), "library not present: " + lib);
        LibertyLibrary l = LIBS.computeIfAbsent(lib, LibertyReader::read);
        Netlist n = VerilogReader.read(TINY.resolve(file), l, top);
        return new StaticTimer(n, BoundaryConditions.betweenRegisters(l));
    }

    static double worstWithB(StaticTimer t, int b) {
        int[] v = CaseAnalysis.unconstrained(t.netlist());
        if (b >= 0) v[t.netlist().port("b").nets()[0]] = b == 1 ? BoolExpr.ONE : BoolExpr.ZERO;
        return t.analyze(CaseAnalysis.propagate(t.netlist(), v, true)).worstDelay();
    }

    @Test
    void inverterChainNangate45() {
        StaticTimer t = timer(NANGATE, "inv3_nangate45.v", "inv3");
        TimingResult r = t.analyze();
        int out = t.netlist().port("out").nets()[0];
        assertEquals(29.719, r.arrival(out, StaticTimer.RISE), PS);
        assertEquals(27.039, r.arrival(out, StaticTimer.FALL), PS);
    }

    @Test
    void inverterChainOsu018() {
        StaticTimer t = timer(OSU, "inv3_osu018.v", "inv3");
        TimingResult r = t.analyze();
        int out = t.netlist().port("out").nets()[0];
        assertEquals(131.346, r.arrival(out, StaticTimer.RISE), PS);
        assertEquals(125.470, r.arrival(out, StaticTimer.FALL), PS);
    }

    @Test
    void nandWithConstantInputNangate45() {
        StaticTimer t = timer(NANGATE, "nand_const_nangate45.v", "nand_const");
        assertEquals(34.434, worstWithB(t, -1), PS);
        assertEquals(16.950, worstWithB(t, 0), PS); // n1 constant: only c -> z is left
        assertEquals(31.954, worstWithB(t, 1), PS);
    }

    @Test
    void nandWithConstantInputOsu018() {
        StaticTimer t = timer(OSU, "nand_const_osu018.v", "nand_const");
        assertEquals(136.984, worstWithB(t, -1), PS);
        assertEquals(67.115, worstWithB(t, 0), PS);
        assertEquals(136.984, worstWithB(t, 1), PS);
    }
}
