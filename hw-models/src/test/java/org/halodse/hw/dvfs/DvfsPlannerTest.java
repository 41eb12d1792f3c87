package org.halodse.hw.dvfs;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.halodse.hw.chip.ChipPresets;
import org.halodse.hw.perf.ChipModel;
import org.junit.jupiter.api.Test;

class DvfsPlannerTest {
    static final ChipModel TPU = ChipModel.of(ChipPresets.preset("tpu-v1"));

    /** Random groups: cycles, a memory floor, energies and a delay ratio of 1, 0.8 or 0.5. */
    static DvfsProblem random(Random r, int n, int maxLevels, int maxSwitches, DvfsProblem.Objective obj, int initial) {
        List<DvfsGroup> gs = new ArrayList<>();
        double[] ratios = {1.0, 0.8, 0.5};
        for (int g = 0; g < n; g++) {
            double ratio = ratios[r.nextInt(3)];
            double[] safe = new double[TPU.levels];
            for (int l = 0; l < TPU.levels; l++) safe[l] = TPU.safeFrequencyHz(l, ratio);
            double cycles = 1e5 + r.nextInt(1_000_000);
            double mem = r.nextBoolean() ? cycles / TPU.freqHz[1] * r.nextDouble() * 1.5 : 0;
            gs.add(new DvfsGroup("g" + g, cycles, mem, 1e-4 * r.nextDouble(), 1e-5 * r.nextDouble(), safe, -1));
        }
        return new DvfsProblem(gs, TPU.freqHz, TPU.dynScale, TPU.staticW, TPU.switchSec, TPU.switchJ,
            maxLevels, maxSwitches, initial, obj, 1, 3);
    }

    @Test
    void plannerOptimumEqualsExhaustiveEnumerationEdp() {
        Random r = new Random(7);
        for (int t = 0; t < 40; t++) {
            int k = 1 + r.nextInt(3), s = new int[] {0, 1, 2, 3, 7}[r.nextInt(5)];
            DvfsProblem p = random(r, 8, k, s, DvfsProblem.Objective.EDP, t % 2 == 0 ? -1 : 0);
            DvfsPlan ex = ExactPlanner.exhaustive(p);
            DvfsPlan pl = DvfsPlanner.plan(p);
            assertTrue(ex.feasible() && pl.feasible(), "instance " + t);
            assertEquals(ex.objective(), pl.objective(), "instance " + t + " K=" + k + " S=" + s + " " + pl.method());
        }
    }

    @Test
    void localSearchAloneReachesTheExhaustiveOptimum() {
        Random r = new Random(5);
        for (int t = 0; t < 15; t++) {
            int k = 1 + r.nextInt(3), s = new int[] {1, 2, 3, 7}[r.nextInt(4)];
            DvfsProblem p = random(r, 8, k, s, DvfsProblem.Objective.EDP, -1);
            DvfsPlan ex = ExactPlanner.exhaustive(p);
            DvfsPlan ls = DvfsPlanner.plan(p, DvfsPlanner.DEFAULT_UNIMPROVED_STEPS, 0, false);
            assertEquals(ex.objective(), ls.objective(), "instance " + t + " K=" + k + " S=" + s + " " + ls.method());
        }
    }

    @Test
    void dpIsExactForTheWeightedObjective() {
        Random r = new Random(11);
        for (int t = 0; t < 40; t++) {
            DvfsProblem p = random(r, 8, 1 + r.nextInt(3), r.nextInt(5), DvfsProblem.Objective.WEIGHTED, -1);
            assertEquals(ExactPlanner.exhaustive(p).objective(), ExactPlanner.weighted(p).objective(), "instance " + t);
            assertEquals(ExactPlanner.exhaustive(p).objective(), DvfsPlanner.plan(p).objective(), "instance " + t);
        }
    }

    @Test
    void deterministicAndWithinLimits() {
        DvfsProblem p = random(new Random(3), 60, 2, 6, DvfsProblem.Objective.EDP, -1);
        DvfsPlan a = DvfsPlanner.plan(p), b = DvfsPlanner.plan(p);
        assertArrayEquals(a.levels(), b.levels());
        assertTrue(a.feasible());
        assertTrue(a.switches() <= 6 && a.distinctLevels() <= 2);
        for (int g = 0; g < p.size(); g++) assertTrue(p.safe(g, a.levels()[g]));
    }

    @Test
    void layersBecomeGroupsOnBothKinds() {
        java.util.List<org.halodse.hw.perf.LinearLayer> layers = HwBench.layers(org.halodse.hw.perf.LlmShape.OPT_1_3B, new Random(2));
        List<DvfsGroup> tpu = DvfsProblems.groups(TPU, layers, 1);
        assertTrue(tpu.size() >= 2 * layers.size(), "a group per class of each layer: " + tpu.size());
        ChipModel gpu = ChipModel.of(ChipPresets.preset("rtx-2080-ti"));
        List<DvfsGroup> g = DvfsProblems.groups(gpu, layers, 1);
        assertEquals(layers.size(), g.size());
        DvfsPlan p = DvfsPlanner.plan(DvfsProblems.edp(gpu, g, 3, 8));
        assertTrue(p.feasible() && p.switches() <= 8);
    }

    @Test
    void reorderingGroupsTheTilesOfAClass() {
        int[] tiles = {0, 1, 0, 2, 1, 0, 2, 2};
        double[] ratio = {0.5, 1.0, 0.8};
        int[] slowFirst = TileReordering.classOrder(tiles, ratio, true);
        assertArrayEquals(new int[] {1, 2, 0}, slowFirst);
        assertArrayEquals(new int[] {0, 2, 1}, TileReordering.classOrder(tiles, ratio, false));
        int[] perm = TileReordering.permutation(tiles, slowFirst);
        assertArrayEquals(new int[] {1, 4, 3, 6, 7, 0, 2, 5}, perm);
        assertEquals(2, TileReordering.classChanges(tiles, perm));
        assertEquals(6, TileReordering.classChanges(tiles, new int[] {0, 1, 2, 3, 4, 5, 6, 7}));
    }
}
