package org.halodse.hw.sim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import org.halodse.hw.liberty.LibertyLibrary;
import org.halodse.hw.liberty.LibertyReader;
import org.halodse.hw.netlist.Netlist;
import org.halodse.hw.netlist.NetlistBuilder;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class LogicSimulatorTest {
    private static LibertyLibrary osu;

    @BeforeAll
    static void readLibrary() {
        osu = LibertyReader.read(Path.of("/usr/share/qflow/tech/osu018/osu018_stdcells.lib"));
    }

    /** p = x * z for 2-bit unsigned x, z: four AND2 partial products and two half adders. */
    private static Netlist multiplier2x2() {
        NetlistBuilder b = new NetlistBuilder("mul2x2", osu);
        int[] x = b.input("x", 2);
        int[] z = b.input("z", 2);
        int[] p = b.output("p", 4);
        int pp00 = b.newNet("pp00"), pp10 = b.newNet("pp10"), pp01 = b.newNet("pp01"), pp11 = b.newNet("pp11");
        b.instance("and00", osu.cell("AND2X1"), "A", x[0], "B", z[0], "Y", pp00);
        b.instance("and10", osu.cell("AND2X1"), "A", x[1], "B", z[0], "Y", pp10);
        b.instance("and01", osu.cell("AND2X1"), "A", x[0], "B", z[1], "Y", pp01);
        b.instance("and11", osu.cell("AND2X1"), "A", x[1], "B", z[1], "Y", pp11);
        int c1 = b.newNet("c1");
        b.instance("ha1", osu.cell("HAX1"), "A", pp10, "B", pp01, "YS", p[1], "YC", c1);
        b.instance("ha2", osu.cell("HAX1"), "A", pp11, "B", c1, "YS", p[2], "YC", p[3]);
        b.connect(p[0], pp00);
        return b.build();
    }

    @Test
    void handBuilt2x2MultiplierMatchesTruthTable() {
        Netlist n = multiplier2x2();
        // 16 patterns, and the same 16 repeated past a word boundary (100 patterns)
        for (int patterns : new int[] {16, 100}) {
            LogicSimulator sim = new LogicSimulator(n, patterns);
            long[] x = new long[patterns], z = new long[patterns], want = new long[patterns];
            for (int q = 0; q < patterns; q++) {
                x[q] = q & 3;
                z[q] = (q >> 2) & 3;
                want[q] = x[q] * z[q];
            }
            sim.setInput("x", x);
            sim.setInput("z", z);
            sim.evaluate();
            assertArrayEquals(want, sim.outputs("p"));
        }
        // truth table of the carry net alone: x1 z0 AND x0 z1, i.e. only x = z = 3
        LogicSimulator sim = new LogicSimulator(n, 16);
        long[] x = new long[16], z = new long[16];
        for (int q = 0; q < 16; q++) { x[q] = q & 3; z[q] = q >> 2; }
        sim.setInput("x", x);
        sim.setInput("z", z);
        sim.evaluate();
        int c1 = -1;
        for (int i = 0; i < n.netCount(); i++) if (n.netName(i).startsWith("c1")) c1 = i;
        assertEquals(1L << 15, sim.net(c1)[0] & 0xFFFF);
    }

    @Test
    void flipFlopTakesDataOnClockAndSettles() {
        NetlistBuilder b = new NetlistBuilder("reg_inv", osu);
        int d = b.input("d", 1)[0];
        int clk = b.input("clk", 1)[0];
        int y = b.output("y", 1)[0];
        int q1 = b.newNet("q1"), q2 = b.newNet("q2");
        // two flip-flops in series: settling takes two edges
        b.instance("r1", osu.cell("DFFPOSX1"), "D", d, "CLK", clk, "Q", q1);
        b.instance("r2", osu.cell("DFFPOSX1"), "D", q1, "CLK", clk, "Q", q2);
        b.instance("i1", osu.cell("INVX1"), "A", q2, "Y", y);
        Netlist n = b.build();
        LogicSimulator sim = new LogicSimulator(n, 2);
        sim.setInput("d", new long[] {0, 1});
        sim.setInput("clk", 0);
        sim.evaluate();
        assertArrayEquals(new long[] {1, 1}, sim.outputs("y"), "flops start at 0");
        sim.clock();
        assertArrayEquals(new long[] {1, 1}, sim.outputs("y"), "one edge reaches the first flop only");
        sim.settle();
        assertArrayEquals(new long[] {1, 0}, sim.outputs("y"));
        assertArrayEquals(new long[] {-1, 0}, sim.signedOutputs("y"));
    }
}
