package org.halodse.hw.dvfs;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.halodse.hw.chip.ChipPresets;
import org.halodse.hw.perf.ChipModel;
import org.halodse.hw.perf.LayerCost;
import org.halodse.hw.perf.LayerModel;
import org.halodse.hw.perf.LinearLayer;
import org.halodse.hw.perf.LlmShape;
import org.halodse.hw.perf.TileClass;

/**
 * Benchmarks of issue 3 (never timed tests): layer evaluations per second, and the DVFS planner on
 * a 224-layer model (LLaMA-2 7B: 32 blocks x 7 linears) with 3 levels.
 * {@code java -cp ... org.halodse.hw.dvfs.HwBench [chip]}
 */
public final class HwBench {
    private HwBench() {
    }

    public static void main(String[] args) {
        String chip = args.length > 0 ? args[0] : "tpu-v1";
        ChipModel c = ChipModel.of(ChipPresets.preset(chip));
        List<LinearLayer> layers = layers(LlmShape.LLAMA2_7B, new Random(1));
        if (args.length > 1 && args[1].equals("cold")) { // one plan in a fresh JVM: what a command-line run pays
            String obj = args.length > 2 ? args[2] : "edp";
            long t0 = System.nanoTime();
            List<DvfsGroup> groups = args.length > 3 && args[3].equals("llm")
                ? DvfsProblems.llmPass(c, LlmShape.LLAMA2_7B, layers, null, 1, 1, 512, 1, 8) // a decode step, attention/other pinned
                : DvfsProblems.groups(c, layers, 1);
            DvfsProblem p = obj.equals("edp") ? DvfsProblems.edp(c, groups, 3, 4)
                : new DvfsProblem(groups, c.freqHz, c.dynScale, c.staticW, c.switchSec, c.switchJ, 3, 4, -1, DvfsProblem.Objective.WEIGHTED, 1, 1);
            long t1 = System.nanoTime();
            DvfsPlan plan = DvfsPlanner.plan(p);
            long t2 = System.nanoTime();
            System.out.printf("cold %s: %d groups, problem %.0f ms, plan %.0f ms (%s), objective %.6g, switches %d%n", obj, groups.size(),
                (t1 - t0) / 1e6, (t2 - t1) / 1e6, plan.method(), plan.objective().doubleValue(), plan.switches());
            return;
        }
        // 1. layer evaluations per second
        int[][] lv = new int[layers.size()][];
        for (int i = 0; i < layers.size(); i++) {
            List<TileClass> cls = layers.get(i).classes();
            lv[i] = new int[cls.size()];
            for (int j = 0; j < cls.size(); j++) lv[i][j] = c.fastestSafeLevel(cls.get(j).delayRatio());
        }
        double sink = 0;
        for (int rep = 0; rep < 3; rep++) {
            long n = 0, t0 = System.nanoTime();
            while (System.nanoTime() - t0 < 1_000_000_000L) {
                for (int i = 0; i < layers.size(); i++) {
                    LayerCost lc = LayerModel.evaluate(c, layers.get(i), (i & 1) == 0 ? 1 : 512, lv[i], -1);
                    sink += lc.seconds();
                }
                n += layers.size();
            }
            double s = (System.nanoTime() - t0) / 1e9;
            System.out.printf("layer model (%s): %.3g layer evaluations/s%n", chip, n / s);
        }
        // 2. the planner on 224 layers, 3 levels
        for (int m : new int[] {1, 512}) {
        List<DvfsGroup> groups = DvfsProblems.groups(c, layers, m);
        for (int[] ks : new int[][] {{3, 4}, {3, 32}, {2, 8}}) {
            DvfsProblem p = DvfsProblems.edp(c, groups, ks[0], ks[1]);
            for (int rep = 0; rep < 3; rep++) {
                long t0 = System.nanoTime();
                DvfsPlan dp = ExactPlanner.dp(p);
                long t1 = System.nanoTime();
                DvfsPlan plan = DvfsPlanner.plan(p);
                long t2 = System.nanoTime();
                System.out.printf("planner (%s, M=%d): %d layers, %d groups, %d levels, K=%d S=%d: linearized-EDP dp %.0f ms, DvfsPlanner.plan %.0f ms; "
                        + "feasible %s, switches %d, levels %d, EDP linearized dp %.6g vs planner %.6g (J*s), %s%n",
                    chip, m, layers.size(), groups.size(), p.levels(), ks[0], ks[1], (t1 - t0) / 1e6, (t2 - t1) / 1e6, plan.feasible(),
                    plan.switches(), plan.distinctLevels(), dp.objective().doubleValue() * 1e-27, plan.objective().doubleValue() * 1e-27, plan.method());
            }
        }
        }
        // 3. the planner on LLM passes, attention and other operations pinned at the nominal level
        for (int[] mq : new int[][] {{512, 512, 0}, {1, 1, 512}}) {
            List<DvfsGroup> groups = DvfsProblems.llmPass(c, LlmShape.LLAMA2_7B, layers, null, mq[0], mq[1], mq[2], 1, 8);
            long pinned = groups.stream().filter(g -> g.pinnedLevel() >= 0).count();
            for (int sw : new int[] {8, 64, 256}) {
                DvfsProblem p = DvfsProblems.edp(c, groups, 3, sw);
                for (int rep = 0; rep < 3; rep++) {
                    long t0 = System.nanoTime();
                    DvfsPlan plan = DvfsPlanner.plan(p);
                    long t1 = System.nanoTime();
                    if (rep < 2) continue;
                    System.out.printf("planner LLM pass (%s, M=%d, context %d): %d groups (%d pinned at nominal), K=3 S=%d: %.0f ms, switches %d, levels %d, %s%n",
                        chip, mq[0], mq[1] + mq[2], groups.size(), pinned, sw, (t1 - t0) / 1e6, plan.switches(), plan.distinctLevels(), plan.method());
                }
            }
        }
        if (sink == 42) System.out.println();
    }

    /** LLaMA-2-7B-shaped layers with HALO-like classes: 9 fast values (ratio 0.51), 16 values (0.79), a few worst-case tiles. */
    static List<LinearLayer> layers(LlmShape s, Random r) {
        List<LinearLayer> out = new ArrayList<>();
        for (int b = 0; b < s.blocks(); b++) {
            for (int i = 0; i < s.blockLinears().size(); i++) {
                int[] kn = s.blockLinears().get(i);
                double fast = 0.4 + 0.5 * r.nextDouble(), worst = r.nextInt(4) == 0 ? 0.05 : 0;
                List<TileClass> cls = new ArrayList<>();
                cls.add(new TileClass(fast, 1.9 / 3.7, 120));
                cls.add(new TileClass(1 - fast - worst, 1.9 / 2.4, 170));
                if (worst > 0) cls.add(new TileClass(worst, 1.0, 230));
                out.add(new LinearLayer(s.blockLinearNames().get(i) + "." + b, kn[0], kn[1], 4, 128, 16, 0.005, cls));
            }
        }
        return out;
    }
}
