package org.halodse.hw.timing;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.Map;
import org.halodse.hw.liberty.BoolExpr;
import org.halodse.hw.liberty.LibertyLibrary;
import org.halodse.hw.liberty.LibertyReader;
import org.halodse.hw.netlist.Netlist;
import org.halodse.hw.netlist.NetlistBuilder;
import org.halodse.hw.netlist.Port;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Arrivals computed by hand on linear_test.lib, whose tables are d0 + ks*slew + kc*load, so the
 * expected numbers below follow from the table coefficients with pencil and paper. Boundary: the
 * DFF drives every input (CK->Q: rise 50 + 4*C, fall 55 + 5*C, slews 10 + 2*C and 12 + 2*C; only
 * the load-dependent part is added), every output is loaded by the DFF's D pin (2 fF).
 */
class HandComputedTimingTest {
    static LibertyLibrary lib;
    static final double EPS = 1e-9;

    @BeforeAll
    static void read() throws Exception {
        lib = LibertyReader.read(Path.of(HandComputedTimingTest.class.getResource("/linear_test.lib").toURI()));
    }

    private static StaticTimer timer(Netlist n) {
        return new StaticTimer(n, BoundaryConditions.betweenRegisters(lib));
    }

    private static double delayWith(StaticTimer t, Map<String, Integer> constants) {
        int[] v = CaseAnalysis.unconstrained(t.netlist());
        for (var e : constants.entrySet()) {
            String[] pb = e.getKey().split(":");
            Port p = t.netlist().port(pb[0]);
            v[p.bit(Integer.parseInt(pb[1]))] = e.getValue() == 1 ? BoolExpr.ONE : BoolExpr.ZERO;
        }
        return t.analyze(CaseAnalysis.propagate(t.netlist(), v, true)).worstDelay();
    }

    @Test
    void inverterChain() {
        NetlistBuilder b = new NetlistBuilder("chain", lib);
        int in = b.input("in", 1)[0];
        int out = b.output("out", 1)[0];
        int n1 = b.net("n1"), n2 = b.net("n2");
        b.instance("u1", lib.cell("INV"), "A", in, "Y", n1);
        b.instance("u2", lib.cell("INV"), "A", n1, "Y", n2);
        b.instance("u3", lib.cell("INV"), "A", n2, "Y", out);
        StaticTimer t = timer(b.build());
        TimingResult r = t.analyze();
        // in: load 1 fF -> rise arrival 4, slew 12; fall arrival 5, slew 14.
        // n1 fall = 4 + (8 + 0.1*12 + 1.5*1) = 14.7, slew 4 + 0.2*12 + 2 = 8.4
        // n1 rise = 5 + (10 + 0.1*14 + 2*1) = 18.4, slew 5 + 0.2*14 + 3 = 10.8
        // n2 rise = 14.7 + (10 + 0.1*8.4 + 2) = 27.54, slew 5 + 0.2*8.4 + 3 = 9.68
        // n2 fall = 18.4 + (8 + 0.1*10.8 + 1.5) = 28.98, slew 4 + 0.2*10.8 + 2 = 8.16
        // out (2 fF): fall = 27.54 + (8 + 0.968 + 3) = 39.508; rise = 28.98 + (10 + 0.816 + 4) = 43.796
        assertEquals(39.508, r.arrival(t.netlist().port("out").nets()[0], StaticTimer.FALL), EPS);
        assertEquals(43.796, r.worstDelay(), EPS);
        assertEquals(4, r.criticalPath().size());
        assertEquals("in", r.criticalPath().get(0).net());
    }

    @Test
    void nand2WithOneInputHeld() {
        NetlistBuilder b = new NetlistBuilder("nand", lib);
        int a = b.input("a", 1)[0];
        int bb = b.input("b", 1)[0];
        int y = b.output("y", 1)[0];
        b.instance("u1", lib.cell("NAND2"), "A", a, "B", bb, "Y", y);
        StaticTimer t = timer(b.build());
        // a, b: load 1.5 -> rise arrival 6, slew 13; fall arrival 7.5, slew 15.
        // no case analysis: b rise -> y fall = 6 + 15 + 1.3 + 2.5*2 = 27.3 (worst)
        assertEquals(27.3, t.analyze().worstDelay(), EPS);
        // b = 1: only a switches: a rise -> y fall = 6 + 14 + 1.3 + 5 = 26.3; a fall -> y rise = 7.5 + 12 + 1.5 + 4 = 25
        assertEquals(26.3, delayWith(t, Map.of("b:0", 1)), EPS);
        // b = 0: y is constant 1, the cell drops out, nothing reaches the output
        assertEquals(0.0, delayWith(t, Map.of("b:0", 0)), EPS);
    }

    @Test
    void stateDependentArcsFollowTheirWhenCondition() {
        NetlistBuilder b = new NetlistBuilder("xw", lib);
        int a = b.input("a", 1)[0];
        int bb = b.input("b", 1)[0];
        int y = b.output("y", 1)[0];
        b.instance("u1", lib.cell("XOR2W"), "A", a, "B", bb, "Y", y);
        StaticTimer t = timer(b.build());
        // a: load 1 -> rise 4 / slew 12, fall 5 / slew 14.
        // b = 0: arc "when !B" (positive): y rise = 4 + 20 + 1.2 + 4 = 29.2; y fall = 5 + 22 + 1.4 + 4 = 32.4
        assertEquals(32.4, delayWith(t, Map.of("b:0", 0)), EPS);
        // b = 1: arc "when B" (negative): y rise = 5 + 30 + 1.4 + 4 = 40.4; y fall = 4 + 33 + 1.2 + 4 = 42.2
        assertEquals(42.2, delayWith(t, Map.of("b:0", 1)), EPS);
        // free: both arcs of each input count; worst is the negative arc's y fall from a rise (or b rise):
        // 4 + 33 + 1.2 + 4 = 42.2, and y rise from a fall through it is 40.4
        TimingResult free = t.analyze();
        assertEquals(42.2, free.worstDelay(), EPS);
        assertEquals(40.4, free.arrival(t.netlist().port("y").nets()[0], StaticTimer.RISE), EPS);
    }

    @Test
    void nonUnateArcIsReducedByTheConstantOnTheOtherInput() {
        NetlistBuilder b = new NetlistBuilder("xn", lib);
        int a = b.input("a", 1)[0];
        int bb = b.input("b", 1)[0];
        int y = b.output("y", 1)[0];
        b.instance("u1", lib.cell("XOR2N"), "A", a, "B", bb, "Y", y);
        StaticTimer t = timer(b.build());
        // b = 1: y = !a, negative: y fall only from a rise = 4 + 27 + 1.2 + 4 = 36.2; y rise from a fall = 5 + 25 + 1.4 + 4 = 35.4.
        // (Unreduced non_unate would give y fall from a fall = 5 + 27 + 1.4 + 4 = 37.4.)
        assertEquals(36.2, delayWith(t, Map.of("b:0", 1)), EPS);
        // b = 0: y = a, positive: y fall from a fall = 37.4
        assertEquals(37.4, delayWith(t, Map.of("b:0", 0)), EPS);
    }

    /** p = a * b, 2x2 bits unsigned, from AND2 and half adders (XOR2N + AND2); b is the weight. */
    @Test
    void twoByTwoMultiplierPerWeightValue() {
        NetlistBuilder nb = new NetlistBuilder("mul2", lib);
        int[] a = nb.input("a", 2);
        int[] w = nb.input("b", 2);
        int[] p = nb.output("p", 4);
        int and10 = nb.net("and10"), and01 = nb.net("and01"), and11 = nb.net("and11"), c1 = nb.net("c1");
        nb.instance("g00", lib.cell("AND2"), "A", a[0], "B", w[0], "Y", p[0]);
        nb.instance("g10", lib.cell("AND2"), "A", a[1], "B", w[0], "Y", and10);
        nb.instance("g01", lib.cell("AND2"), "A", a[0], "B", w[1], "Y", and01);
        nb.instance("g11", lib.cell("AND2"), "A", a[1], "B", w[1], "Y", and11);
        nb.instance("ha1s", lib.cell("XOR2N"), "A", and10, "B", and01, "Y", p[1]);
        nb.instance("ha1c", lib.cell("AND2"), "A", and10, "B", and01, "Y", c1);
        nb.instance("ha2s", lib.cell("XOR2N"), "A", and11, "B", c1, "Y", p[2]);
        nb.instance("ha2c", lib.cell("AND2"), "A", and11, "B", c1, "Y", p[3]);
        StaticTimer t = timer(nb.build());
        WeightDelayProfile prof = WeightSweep.run(t, "b", true);
        assertEquals(-2, prof.minWeight());
        // b = 0: every product bit is constant 0.
        assertEquals(0.0, prof.delay(0), EPS);
        // b = 1 (b0=1): a1 (load 2: rise 8 / slew 14, fall 10 / slew 16) -> g10 (positive):
        //   rise 8 + 15 + 1.4 + 4 = 28.4, slew 6 + 2.8 + 6 = 14.8; fall 10 + 16 + 1.6 + 4 = 31.6, slew 5 + 3.2 + 4 = 12.2
        //   -> ha1s via A with B = and01 = 0 (positive): p1 fall = 31.6 + 27 + 1.22 + 4 = 63.82
        assertEquals(63.82, prof.delay(1), EPS);
        // b = -2 (b1=1, b0=0): a0 -> g01 -> ha1s via B (A = 0, positive): p1 fall = 31.6 + 28 + 1.22 + 4 = 64.82
        assertEquals(64.82, prof.delay(-2), EPS);
    }
}
