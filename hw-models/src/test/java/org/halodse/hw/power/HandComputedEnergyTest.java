package org.halodse.hw.power;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import org.halodse.hw.liberty.LibertyLibrary;
import org.halodse.hw.liberty.LibertyReader;
import org.halodse.hw.netlist.Netlist;
import org.halodse.hw.netlist.NetlistBuilder;
import org.halodse.hw.timing.BoundaryConditions;
import org.halodse.hw.timing.StaticTimer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Energies worked out with pencil and paper on power_test.lib (2 V, so C*V^2/2 = 2*C fJ per
 * transition; constant internal energies; outputs loaded with 2 fF; period 1000 ps, so leakage is
 * nW * 1e-3 fJ). The activation stream 0, 1, -2, -1, 0 on the 2-bit port a walks (a1 a0) through
 * 00, 01, 10, 11, 00: four steps, so energies are totals / 4.
 */
class HandComputedEnergyTest {
    static LibertyLibrary lib;
    static final long[] STREAM = {0, 1, -2, -1, 0};
    static final double EPS = 1e-9;

    @BeforeAll
    static void read() throws Exception {
        lib = LibertyReader.read(Path.of(HandComputedEnergyTest.class.getResource("/power_test.lib").toURI()));
    }

    private static MacEnergy energy(Netlist n, long w) {
        StaticTimer timer = new StaticTimer(n, new BoundaryConditions(null, null, 0, 10, 2.0, "test: 2 fF loads"));
        EnergyModel model = new EnergyModel(timer, lib.nominalVoltage(), 1000);
        ToggleSimulator sim = new ToggleSimulator(n, new MacStimulus("w", "a", null).resolve(n, false));
        return model.energy(sim.run(w, STREAM));
    }

    /**
     * n1 = !a1; y = !(a0 & n1); z = !(w & a0), w = 1.
     * Values per step: a0 0 1 0 1 0, a1 0 0 1 1 0, n1 1 1 0 0 1, y 1 0 1 1 1, z 1 0 1 0 1.
     * Switching (2*C per transition): a0 4 x 2*3 = 24 (fans out to two NAND pins), a1 2 x 2*1 = 4,
     * n1 2 x 2*1.5 = 6, y 2 x 2*2 = 8, z 4 x 2*2 = 16: 58, per step 14.5.
     * Internal: the inverter n1 falls (1) and rises (2): 3. y falls at step 1 when only a0 toggled:
     * arc A fall = 2; rises at step 2 when a0 and n1 toggled: mean of A and B rise (3 + 5) / 2 = 4.
     * z toggles 4 times with only a0 (pin B) toggling: fall 4, rise 5, fall 4, rise 5 = 18.
     * 3 + 6 + 18 = 27, per step 6.75. Leakage: 10 + 20 + 20 nW x 1000 ps = 0.05 fJ.
     */
    @Test
    void combinationalCircuit() {
        NetlistBuilder b = new NetlistBuilder("tiny", lib);
        int w = b.input("w", 1)[0];
        int[] a = b.input("a", 2);
        int y = b.output("y", 1)[0];
        int z = b.output("z", 1)[0];
        int n1 = b.net("n1");
        b.instance("i1", lib.cell("INV"), "A", a[1], "Y", n1);
        b.instance("g1", lib.cell("NAND2"), "A", a[0], "B", n1, "Y", y);
        b.instance("g2", lib.cell("NAND2"), "A", w, "B", a[0], "Y", z);
        MacEnergy e = energy(b.build(), 1);
        assertEquals(14.5, e.switchingFj(), EPS);
        assertEquals(6.75, e.internalFj(), EPS);
        assertEquals(0.05, e.leakageFj(), EPS);
        assertEquals(21.3, e.totalFj(), EPS);
    }

    /**
     * q = DFF(D = a0) clocked once per step, y = !q. The register holds the previous step's a0:
     * q 0 0 1 0 1 (its first value is a0 of step 0), y 1 1 0 1 0.
     * Switching: a0 4 x 2*1 = 8, q 3 x 2*1 = 6, y 3 x 2*2 = 12: 26 / 4 = 6.5, plus the clock net
     * (CK pin 2 fF) rising and falling every step: 2*2 + 2*2 = 8; 14.5 per step.
     * Internal: Q's only group is related to the clock, which is not simulated, so it applies to
     * every Q transition: 2 rises x 9 + 1 fall x 8 = 26; the inverter: 2 falls x 1 + 1 rise x 2 = 4;
     * (26 + 4) / 4 = 7.5, plus the clock pin's own energy 7 + 6 = 13 per step: 20.5.
     * Leakage: 40 + 10 nW x 1000 ps = 0.05 fJ.
     */
    @Test
    void registeredCircuit() {
        NetlistBuilder b = new NetlistBuilder("tiny_reg", lib);
        b.input("w", 1);
        int[] a = b.input("a", 2);
        int clk = b.input("clk", 1)[0];
        int y = b.output("y", 1)[0];
        int q = b.net("q");
        b.instance("r1", lib.cell("DFF"), "D", a[0], "CK", clk, "Q", q);
        b.instance("i1", lib.cell("INV"), "A", q, "Y", y);
        MacEnergy e = energy(b.build(), 0);
        assertEquals(14.5, e.switchingFj(), EPS);
        assertEquals(20.5, e.internalFj(), EPS);
        assertEquals(0.05, e.leakageFj(), EPS);
    }

    /** The running sum a real dot product feeds back: acc += w*a of the previous step, wrapped. */
    @Test
    void partialSumsFollowTheDotProduct() {
        long[] a = {3, -2, 5, 7};
        // fused: acc[p] = sum of w*a[j] for j < p; 4 bits wrap 6 + -4 + 10 = 12 to 12, then 26 to 10
        org.junit.jupiter.api.Assertions.assertArrayEquals(new long[] {0, 6, 2, 12}, MacStimulus.partialSums(2, a, 4, 0));
        // registered product: one step later
        org.junit.jupiter.api.Assertions.assertArrayEquals(new long[] {0, 0, 6, 2}, MacStimulus.partialSums(2, a, 4, 1));
    }

    @Test
    void togglesMaskFirstStepAndPadding() {
        // one net, 70 steps: alternating pattern 0101..., all ones in padding bits
        long[] v = {0xAAAAAAAAAAAAAAAAL, -1L};
        Toggles t = Toggles.of(v, 1, 70);
        // steps 1..63 each differ from their predecessor (63), step 64 (bit 0 of word 1 = 1) vs step 63 (1): 0,
        // steps 65..69 equal: 0
        assertEquals(63, t.count(0));
    }
}
