package org.halodse.hw.power;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.halodse.hw.liberty.LibertyLibrary;
import org.halodse.hw.liberty.LibertyReader;
import org.halodse.hw.netlist.Netlist;
import org.halodse.hw.netlist.NetlistBuilder;
import org.halodse.hw.netlist.mac.MacGenerator;
import org.halodse.hw.netlist.mac.MacSpec;
import org.halodse.hw.timing.BoundaryConditions;
import org.halodse.hw.timing.StaticTimer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The glitch-aware (timed) mode: an exact glitch count on a hand-made circuit, and timed >= zero-delay on the MACs. */
class GlitchSimulatorTest {
    static final Path OSU_LIB = Path.of("/usr/share/qflow/tech/osu018/osu018_stdcells.lib");
    static LibertyLibrary lib;

    @BeforeAll
    static void read() {
        lib = LibertyReader.read(OSU_LIB);
    }

    /**
     * y = a0 XOR (a0 through three inverters) is constantly 1 without delay; with delays, every
     * change of a0 reaches the XOR at once and again ~3 inverter delays later: a pulse, two
     * transitions of y per change of a0. z = w AND a1 has no reconvergence: no glitch.
     */
    @Test
    void xorOfSignalAndDelayedCopyGlitchesTwicePerChange() {
        NetlistBuilder b = new NetlistBuilder("glitch", lib);
        int w = b.input("w", 1)[0];
        int[] a = b.input("a", 2);
        int y = b.output("y", 1)[0];
        int z = b.output("z", 1)[0];
        int n1 = b.net("n1"), n2 = b.net("n2"), n3 = b.net("n3");
        b.instance("i1", lib.cell("INVX1"), "A", a[0], "Y", n1);
        b.instance("i2", lib.cell("INVX1"), "A", n1, "Y", n2);
        b.instance("i3", lib.cell("INVX1"), "A", n2, "Y", n3);
        b.instance("x1", lib.cell("XOR2X1"), "A", a[0], "B", n3, "Y", y);
        b.instance("g1", lib.cell("AND2X1"), "A", w, "B", a[1], "Y", z);
        Netlist n = b.build();
        StaticTimer timer = new StaticTimer(n, BoundaryConditions.betweenRegisters(lib));
        MacStimulus ports = new MacStimulus("w", "a", null).resolve(n, false);
        long[] stream = {0, 1, -2, -1, 0, 1, 1, -1, -2, 0}; // a0: 0 1 0 1 0 1 1 1 0 0 -> 6 changes; a1: 0 0 1 1 0 0 0 1 1 0 -> 4
        TimedToggles t = new GlitchSimulator(timer, ports).run(1, stream);
        Toggles z0 = new ToggleSimulator(n, ports).run(1, stream);
        assertEquals(6, t.count(a[0]));
        assertEquals(6, t.count(n1));
        assertEquals(6, t.count(n3));
        assertEquals(0, z0.count(y), "zero-delay: y is constantly 1");
        assertEquals(12, t.count(y), "a 1-0-1 or... pulse per change of a0");
        assertEquals(6, t.falls(y));
        assertEquals(6, t.rises(y));
        assertEquals(4, t.count(z));
        assertEquals(z0.count(z), t.count(z));
        // energy: the glitch costs
        EnergyModel model = new EnergyModel(timer, lib.nominalVoltage(), 1000);
        assertTrue(model.energy(t).totalFj() > model.energy(z0).totalFj());
    }

    /** No reconvergent paths of unequal delay: timed counts equal zero-delay counts, and so does the energy. */
    @Test
    void glitchFreeCircuitMatchesZeroDelayEnergy() {
        NetlistBuilder b = new NetlistBuilder("chain", lib);
        int w = b.input("w", 1)[0];
        int[] a = b.input("a", 2);
        int y = b.output("y", 1)[0];
        int n1 = b.net("n1");
        b.instance("i1", lib.cell("INVX1"), "A", a[0], "Y", n1);
        b.instance("g1", lib.cell("NAND2X1"), "A", n1, "B", w, "Y", y);
        Netlist n = b.build();
        StaticTimer timer = new StaticTimer(n, BoundaryConditions.betweenRegisters(lib));
        MacStimulus ports = new MacStimulus("w", "a", null).resolve(n, false);
        long[] stream = {0, 1, -2, -1, 0, 1, 1, -1, -2, 0};
        TimedToggles t = new GlitchSimulator(timer, ports).run(1, stream);
        Toggles z0 = new ToggleSimulator(n, ports).run(1, stream);
        assertArrayEquals(z0.countPerNet(n.netCount()), t.countPerNet());
        EnergyModel model = new EnergyModel(timer, lib.nominalVoltage(), 1000);
        assertEquals(model.energy(z0).totalFj(), model.energy(t).totalFj(), 1e-9);
    }

    @Test
    void fusedMacTimedCountsAtLeastZeroDelay() {
        check(MacSpec.booth(8, 8, 24, MacSpec.Tree.DADDA, MacSpec.Adder.KOGGE_STONE, MacSpec.Pipeline.FUSED));
    }

    @Test
    void registeredMacTimedCountsAtLeastZeroDelay() {
        check(MacSpec.booth(8, 8, 24, MacSpec.Tree.DADDA, MacSpec.Adder.KOGGE_STONE, MacSpec.Pipeline.REGISTERED_PRODUCT));
    }

    private static void check(MacSpec spec) {
        Netlist n = MacGenerator.generate(spec, lib);
        StaticTimer timer = new StaticTimer(n, BoundaryConditions.betweenRegisters(lib));
        MacStimulus ports = MacStimulus.generated().resolve(n, true);
        ToggleSimulator zs = new ToggleSimulator(n, ports);
        GlitchSimulator gs = new GlitchSimulator(timer, ports);
        GlitchSimulator gi = new GlitchSimulator(timer, ports, GlitchSimulator.DelayModel.INERTIAL);
        EnergyModel model = new EnergyModel(timer, lib.nominalVoltage(), 3000);
        long[] act = ActivationModel.parse("gaussian:20").sample(200, 3, -128, 127);
        long glitchy = 0;
        for (long w : new long[] {-85, -1, 0, 1, 77}) {
            long[] z = zs.run(w, act).countPerNet(n.netCount());
            long[] t = gs.run(w, act).countPerNet();
            long[] ti = gi.run(w, act).countPerNet();
            for (int net = 2; net < n.netCount(); net++) {
                assertTrue(ti[net] >= z[net] && ti[net] % 2 == z[net] % 2, "inertial, net " + n.netName(net) + " w=" + w);
                assertTrue(t[net] >= z[net], "net " + n.netName(net) + " w=" + w + ": timed " + t[net] + " < zero-delay " + z[net]);
                assertEquals(z[net] % 2, t[net] % 2, "net " + n.netName(net) + ": same settled values, so the same parity");
                glitchy += t[net] - z[net];
            }
            assertTrue(model.energy(gs.run(w, act)).totalFj() >= model.energy(zs.run(w, act)).totalFj() - 1e-9);
        }
        assertTrue(glitchy > 0, "a multiplier glitches");
    }

    /** The fast registered path (shifted capture) gives the same values as evaluate-clock-evaluate. */
    @Test
    void registeredFastPathEqualsClockedPath() {
        Netlist n = MacGenerator.generate(MacSpec.booth(8, 8, 24, MacSpec.Tree.DADDA, MacSpec.Adder.KOGGE_STONE, MacSpec.Pipeline.REGISTERED_PRODUCT), lib);
        ToggleSimulator zs = new ToggleSimulator(n, MacStimulus.generated().resolve(n, true));
        long[] act = ActivationModel.parse("uniform").sample(333, 5, -128, 127);
        for (long w : new long[] {-128, -3, 0, 1, 127}) {
            Toggles slow = zs.run(w, act, false), fast = zs.run(w, act, true);
            assertArrayEquals(slow.toggleWords(), fast.toggleWords()); // padding bits past the stream may differ; toggles mask them
            int words = slow.words();
            long lastMask = (1L << (act.length & 63)) - 1;
            for (int k = 0; k < slow.values().length; k++) {
                long m = k % words == words - 1 ? lastMask : -1L;
                assertEquals(slow.values()[k] & m, fast.values()[k] & m, "word " + k);
            }
        }
    }

    /**
     * y = a0 XNOR (a0 through k inverters), constantly 0 without delay; each change of a0 makes a
     * pulse on y as wide as the chain's delay. Transport passes every pulse (two transitions per
     * change). Inertial passes it only when the chain's delay is at least the XNOR's delay to a
     * rising y (the pulse's first edge), per direction of the change: with one inverter that
     * depends on the rise and fall delays, and the count follows them exactly; with three
     * inverters every pulse passes.
     */
    @Test
    void inertialDelaySwallowsPulsesNarrowerThanTheGateDelay() {
        long[] stream = {0, 1, -2, -1, 0, 1, 1, -1, -2, 0}; // a0 changes 6 times
        for (int chain : new int[] {1, 3}) {
            NetlistBuilder b = new NetlistBuilder("glitch" + chain, lib);
            b.input("w", 1);
            int[] a = b.input("a", 2);
            int y = b.output("y", 1)[0];
            int prev = a[0];
            for (int k = 0; k < chain; k++) {
                int nx = b.net("n" + k);
                b.instance("i" + k, lib.cell("INVX1"), "A", prev, "Y", nx);
                prev = nx;
            }
            b.instance("x1", lib.cell("XNOR2X1"), "A", a[0], "B", prev, "Y", y);
            Netlist n = b.build();
            StaticTimer timer = new StaticTimer(n, BoundaryConditions.betweenRegisters(lib));
            MacStimulus ports = new MacStimulus("w", "a", null).resolve(n, false);
            TimedToggles tr = new GlitchSimulator(timer, ports, GlitchSimulator.DelayModel.TRANSPORT).run(0, stream);
            TimedToggles in = new GlitchSimulator(timer, ports, GlitchSimulator.DelayModel.INERTIAL).run(0, stream);
            assertEquals(12, tr.count(y), "transport, chain " + chain);
            GlitchSimulator gi = new GlitchSimulator(timer, ports, GlitchSimulator.DelayModel.INERTIAL);
            int inv = 0, xn = chain; // instance indices, in the order built
            int yPin = lib.cell("XNOR2X1").pinIndex("Y"), aPin = lib.cell("XNOR2X1").pinIndex("A");
            int invY = lib.cell("INVX1").pinIndex("Y"), invA = lib.cell("INVX1").pinIndex("A");
            double dx = gi.arcDelay(xn, yPin, aPin, 0);
            double chainAfterRise = 0, chainAfterFall = 0; // delay of the chain after a0 rises / falls
            for (int k = 0; k < chain; k++) {
                chainAfterRise += gi.arcDelay(inv + k, invY, invA, k % 2 == 0 ? 1 : 0);
                chainAfterFall += gi.arcDelay(inv + k, invY, invA, k % 2 == 0 ? 0 : 1);
            }
            long expected = (chainAfterRise >= dx ? 2 * 3 : 0) + (chainAfterFall >= dx ? 2 * 3 : 0); // 3 rises and 3 falls of a0
            assertEquals(expected, in.count(y), "inertial, chain " + chain + ": XNOR " + dx + " ps, chain " + chainAfterRise + "/" + chainAfterFall + " ps");
            if (chain == 3) assertEquals(12, in.count(y));
            assertEquals(6, in.count(prev));
        }
    }
}
