package org.halodse.hw.dvfs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.halodse.hw.chip.ChipPresets;
import org.halodse.hw.perf.ChipModel;
import org.halodse.hw.perf.LinearLayer;
import org.halodse.hw.perf.LlmShape;
import org.halodse.hw.perf.LlmWorkload;
import org.halodse.hw.perf.WorkloadCost;
import org.junit.jupiter.api.Test;

/** The planner on an LLM pass: attention and the other operations are pinned groups at the nominal level, in the execution order. */
class DvfsLlmTest {
    static final ChipModel TPU = ChipModel.of(ChipPresets.preset("tpu-v1"));
    static final LlmShape S = LlmShape.OPT_1_3B;

    @Test
    void pinnedGroupsCarryAttentionAndOtherOpsAtTheWorkloadsCost() {
        List<LinearLayer> layers = HwBench.layers(S, new Random(4));
        int p = 64, batch = 2, kv = 8;
        List<DvfsGroup> g = DvfsProblems.llmPass(TPU, S, layers, null, (long) batch * p, p, 0, batch, kv);
        long pinned = g.stream().filter(x -> x.pinnedLevel() >= 0).count();
        assertEquals(2L * S.blocks() + 2, pinned, "attention and other ops per block, the plain LM head and the final ops");
        assertTrue(g.stream().filter(x -> x.pinnedLevel() >= 0).allMatch(x -> x.pinnedLevel() == TPU.nominalLevel));
        assertTrue(g.get(0).pinnedLevel() < 0 && g.get(3).name().endsWith("/attention") || g.stream().anyMatch(x -> x.name().equals("block0/attention")));
        // the pinned groups' time at the nominal level is the workload's attention + other time (all at nominal)
        List<int[]> nominal = new ArrayList<>();
        for (LinearLayer l : layers) {
            int[] lv = new int[l.classes().size()];
            java.util.Arrays.fill(lv, TPU.nominalLevel);
            nominal.add(lv);
        }
        WorkloadCost w = LlmWorkload.evaluate(TPU, S, layers, nominal, null, p, 0, batch, kv);
        DvfsProblem prob = DvfsProblems.edp(TPU, g, 3, 1000);
        double pinnedT = 0;
        for (int i = 0; i < g.size(); i++) {
            if (g.get(i).pinnedLevel() >= 0 && !g.get(i).name().equals("lm_head")) pinnedT += prob.timePs[i][TPU.nominalLevel] * 1e-12;
        }
        assertEquals(w.attentionSeconds() + w.otherSeconds(), pinnedT, 1e-9 * pinnedT + 1e-9);
    }

    @Test
    void planKeepsPinnedGroupsAtNominalAndCountsTheirSwitches() {
        List<LinearLayer> layers = HwBench.layers(S, new Random(4));
        List<DvfsGroup> g = DvfsProblems.llmPass(TPU, S, layers, null, 1, 1, 100, 1, 8);
        for (int sw : new int[] {0, 4, 16, 64, 1000}) {
            DvfsProblem prob = DvfsProblems.edp(TPU, g, 3, sw);
            DvfsPlan plan = DvfsPlanner.plan(prob);
            assertTrue(plan.feasible(), "S=" + sw);
            assertTrue(plan.switches() <= sw);
            int changes = 0;
            for (int i = 0; i < g.size(); i++) {
                if (g.get(i).pinnedLevel() >= 0) assertEquals(TPU.nominalLevel, plan.levels()[i], g.get(i).name());
                if (i > 0 && plan.levels()[i] != plan.levels()[i - 1]) changes++;
            }
            assertEquals(changes, plan.switches(), "every level change counts, into and out of pinned groups");
            if (sw == 0) for (int l : plan.levels()) assertEquals(TPU.nominalLevel, l);
        }
        // more switches allowed: never worse
        DvfsPlan tight = DvfsPlanner.plan(DvfsProblems.edp(TPU, g, 3, 4));
        DvfsPlan loose = DvfsPlanner.plan(DvfsProblems.edp(TPU, g, 3, 1000));
        assertTrue(loose.objective().compareTo(tight.objective()) <= 0);
    }

    /** The EDP hull search is exact: equal to exhaustive enumeration on small instances, pinned groups included. */
    @Test
    void hullSearchEqualsExhaustiveEnumeration() {
        Random r = new Random(17);
        for (int t = 0; t < 60; t++) {
            int k = 1 + r.nextInt(3), s = new int[] {0, 1, 2, 3, 7}[r.nextInt(5)];
            DvfsProblem p = DvfsPlannerTest.random(r, 9, k, s, DvfsProblem.Objective.EDP, t % 3 == 0 ? 0 : -1);
            List<DvfsGroup> gs = new ArrayList<>(p.groups());
            if (t % 2 == 0) { // pin one group at the nominal level
                DvfsGroup x = gs.get(4);
                gs.set(4, new DvfsGroup(x.name(), x.cycles(), x.memorySeconds(), x.dynamicJ(), x.fixedJ(), x.safeFrequencyHz(), TPU.nominalLevel));
                p = new DvfsProblem(gs, TPU.freqHz, TPU.dynScale, TPU.staticW, TPU.switchSec, TPU.switchJ, k, s, t % 3 == 0 ? 0 : -1,
                    DvfsProblem.Objective.EDP, 0, 0);
            }
            DvfsPlan ex = ExactPlanner.exhaustive(p);
            ExactPlanner.HullResult h = ExactPlanner.edpHull(p, 1000);
            if (!ex.feasible()) continue;
            assertTrue(h.exact(), "instance " + t);
            assertEquals(ex.objective(), h.plan().objective(), "instance " + t + " K=" + k + " S=" + s);
            assertEquals(ex.objective(), DvfsPlanner.plan(p).objective(), "instance " + t);
        }
    }
}
