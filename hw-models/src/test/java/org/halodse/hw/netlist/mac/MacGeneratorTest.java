package org.halodse.hw.netlist.mac;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.halodse.hw.liberty.LibertyLibrary;
import org.halodse.hw.liberty.LibertyPin;
import org.halodse.hw.netlist.Instance;
import org.halodse.hw.netlist.Netlist;
import org.halodse.hw.netlist.Port;
import org.halodse.hw.netlist.mac.MacSpec.Adder;
import org.halodse.hw.netlist.mac.MacSpec.Pipeline;
import org.halodse.hw.netlist.mac.MacSpec.Tree;
import org.halodse.hw.sim.LogicSimulator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every MAC configuration simulated on all (w, a) pairs, with several accumulator values per pair,
 * against integer arithmetic.
 */
class MacGeneratorTest {

    /** Every multiplier x tree x adder x pipeline, for 8x8, 4x4 and 4x8 with a 24-bit accumulator. */
    static Stream<MacSpec> allSpecs() {
        List<MacSpec> specs = new ArrayList<>();
        int[][] widths = {{8, 8}, {4, 4}, {4, 8}};
        for (int[] wa : widths) {
            for (Adder adder : Adder.values()) {
                for (Pipeline pipe : Pipeline.values()) {
                    specs.add(MacSpec.array(wa[0], wa[1], 24, adder, pipe));
                    for (Tree tree : Tree.values()) specs.add(MacSpec.booth(wa[0], wa[1], 24, tree, adder, pipe));
                }
            }
        }
        return specs.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("allSpecs")
    void osu018MacComputesAccPlusProduct(MacSpec spec) {
        Netlist n = MacGenerator.generate(spec, MacTestLibraries.osu018());
        checkExhaustive(spec, n);
    }

    @Test
    void accumulatorOfProductWidthWrapsAround() {
        for (MacSpec spec : List.of(
                MacSpec.array(8, 8, 16, Adder.KOGGE_STONE, Pipeline.FUSED),
                MacSpec.booth(8, 8, 16, Tree.DADDA, Adder.BRENT_KUNG, Pipeline.FUSED),
                MacSpec.booth(8, 4, 12, Tree.WALLACE, Adder.RIPPLE, Pipeline.REGISTERED_PRODUCT),
                MacSpec.booth(8, 8, 40, Tree.WALLACE, Adder.KOGGE_STONE, Pipeline.FUSED))) {
            checkExhaustive(spec, MacGenerator.generate(spec, MacTestLibraries.osu018()));
        }
    }

    @Test
    void nangate45Macs() {
        assumeTrue(MacTestLibraries.hasNangate(), "NanGate45 Liberty not found at " + MacTestLibraries.NANGATE45);
        LibertyLibrary lib = MacTestLibraries.nangate45();
        for (MacSpec spec : List.of(
                MacSpec.booth(8, 8, 24, Tree.DADDA, Adder.KOGGE_STONE, Pipeline.FUSED),
                MacSpec.booth(8, 8, 24, Tree.WALLACE, Adder.BRENT_KUNG, Pipeline.REGISTERED_PRODUCT),
                MacSpec.array(8, 8, 24, Adder.RIPPLE, Pipeline.FUSED))) {
            Netlist n = MacGenerator.generate(spec, lib);
            assertTrue(n.cellCounts().containsKey("FA_X1"), spec + " uses the library's full adder: " + n.cellCounts());
            checkExhaustive(spec, n);
        }
    }

    /** A library with nothing but INV, NAND2 and a DFF: every other function comes from the fallbacks. */
    @Test
    void nandOnlyLibraryStillGivesCorrectMacs() {
        LibertyLibrary lib = MacTestLibraries.minimal("nand_only", true, true, "");
        for (MacSpec spec : List.of(
                MacSpec.booth(8, 8, 24, Tree.DADDA, Adder.KOGGE_STONE, Pipeline.FUSED),
                MacSpec.booth(8, 8, 24, Tree.WALLACE, Adder.BRENT_KUNG, Pipeline.REGISTERED_PRODUCT),
                MacSpec.array(4, 8, 24, Adder.RIPPLE, Pipeline.FUSED))) {
            Netlist n = MacGenerator.generate(spec, lib);
            assertEquals(Set.of("MYINV", "MYNAND", "MYDFF").containsAll(n.cellCounts().keySet()), true, n.cellCounts().toString());
            checkExhaustive(spec, n);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("allSpecs")
    void noGateOutputIsLeftUnused(MacSpec spec) {
        if (spec.weightBits() != 8 || spec.activationBits() != 8) return;
        Netlist n = MacGenerator.generate(spec, MacTestLibraries.osu018());
        Set<Integer> outputNets = new HashSet<>();
        for (Port p : n.ports(Port.Direction.OUTPUT)) for (int net : p.nets()) outputNets.add(net);
        for (Instance inst : n.instances()) {
            for (LibertyPin pin : inst.cell().outputs()) {
                int net = inst.pinNets()[pin.index()];
                if (net < 0) continue;
                assertTrue(n.fanoutCount(net) > 0 || outputNets.contains(net),
                    spec + ": output " + pin.name() + " of " + inst.name() + " drives nothing");
            }
            for (LibertyPin pin : inst.cell().inputs()) {
                int net = inst.pinNets()[pin.index()];
                assertTrue(net > Netlist.CONST1, spec + ": " + inst.name() + " pin " + pin.name() + " is tied to a constant or open");
            }
        }
    }

    @Test
    void generationIsDeterministicAndNamesAreReadable() {
        MacSpec spec = MacSpec.booth(8, 8, 24, Tree.DADDA, Adder.KOGGE_STONE, Pipeline.FUSED);
        Netlist a = MacGenerator.generate(spec, MacTestLibraries.osu018());
        Netlist b = MacGenerator.generate(spec, MacTestLibraries.osu018());
        assertEquals("mac_booth_dadda_ks_fused_w8a8_acc24", a.name());
        assertEquals(names(a), names(b));
        assertTrue(instanceNames(a).contains("pp_3_4_sel"), "Booth selector names");
        assertTrue(instanceNames(a).contains("pp_3_4"), "Booth selector names");
        Netlist arr = MacGenerator.generate(MacSpec.array(8, 8, 24, Adder.RIPPLE, Pipeline.REGISTERED_PRODUCT), MacTestLibraries.osu018());
        assertTrue(instanceNames(arr).contains("fa_r2_c5"), "array adder names");
        assertTrue(instanceNames(arr).contains("pp_3_4"), "array partial product names");
        assertTrue(instanceNames(arr).contains("prod_reg_15"), "product register names");
        assertNotNull(arr.port("clk"));
        assertEquals(16, arr.cellCounts().get("DFFPOSX1"));
    }

    private static Set<String> instanceNames(Netlist n) {
        Set<String> s = new HashSet<>();
        for (Instance i : n.instances()) s.add(i.name());
        return s;
    }

    private static List<String> names(Netlist n) {
        List<String> l = new ArrayList<>();
        for (Instance i : n.instances()) l.add(i.name() + ":" + i.cell().name());
        return l;
    }

    @Test
    void specValidation() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> MacSpec.builder().weightBits(6).build());
        assertTrue(e.getMessage().contains("4 or 8"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> MacSpec.builder().accumulatorBits(12).build());
        assertTrue(e.getMessage().contains("16"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new MacSpec(8, 8, 24, MacSpec.Multiplier.ARRAY, Tree.DADDA, Adder.RIPPLE, Pipeline.FUSED));
        assertThrows(IllegalArgumentException.class, () -> new MacSpec(8, 8, 24, MacSpec.Multiplier.BOOTH, null, Adder.RIPPLE, Pipeline.FUSED));
        MacSpec d = MacSpec.builder().build();
        assertEquals("mac_booth_dadda_ks_fused_w8a8_acc24", d.moduleName());
        assertEquals("mac_array_bk_regprod_w4a8_acc24",
            MacSpec.builder().array().weightBits(4).adder(Adder.BRENT_KUNG).pipeline(Pipeline.REGISTERED_PRODUCT).build().moduleName());
    }

    // ---- exhaustive check ----

    /** All (w, a) pairs; acc = 0, -1, max, min, then two runs of per-pattern pseudo-random values. */
    static void checkExhaustive(MacSpec spec, Netlist n) {
        int wb = spec.weightBits(), ab = spec.activationBits(), accb = spec.accumulatorBits();
        int count = 1 << (wb + ab);
        long[] w = new long[count], a = new long[count];
        for (int p = 0; p < count; p++) {
            w[p] = signExtend(p & ((1 << wb) - 1), wb);
            a[p] = signExtend(p >>> wb, ab);
        }
        LogicSimulator sim = new LogicSimulator(n, count);
        sim.setInput("w", w);
        sim.setInput("a", a);
        long mask = accb == 64 ? -1L : (1L << accb) - 1;
        long max = mask >>> 1, min = ~max;
        SplittableRandom rnd = new SplittableRandom(spec.moduleName().hashCode());
        for (int run = 0; run < 6; run++) {
            long[] acc = new long[count];
            for (int p = 0; p < count; p++) {
                acc[p] = switch (run) {
                    case 0 -> 0;
                    case 1 -> -1;
                    case 2 -> max;
                    case 3 -> min;
                    default -> signExtend(rnd.nextLong() & mask, accb);
                };
            }
            sim.setInput("acc", acc);
            sim.settle();
            long[] y = sim.outputs("y");
            for (int p = 0; p < count; p++) {
                long want = (acc[p] + w[p] * a[p]) & mask;
                if (y[p] != want) {
                    throw new AssertionError(spec + ": w=" + w[p] + " a=" + a[p] + " acc=" + acc[p] + ": y=" + y[p] + ", expected " + want);
                }
            }
        }
    }

    static long signExtend(long v, int bits) {
        return bits == 64 ? v : (v << (64 - bits)) >> (64 - bits);
    }
}
