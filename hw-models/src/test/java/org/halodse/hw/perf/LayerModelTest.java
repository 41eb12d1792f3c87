package org.halodse.hw.perf;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.halodse.hw.chip.ChipPresets;
import org.junit.jupiter.api.Test;

class LayerModelTest {
    static final ChipModel TPU = ChipModel.of(ChipPresets.preset("tpu-v1"));
    static final ChipModel GPU = ChipModel.of(ChipPresets.preset("rtx-2080-ti"));

    @Test
    void foldsGoToClassesAndCutFoldsToTheSlowest() {
        List<TileClass> cls = List.of(new TileClass(0.5, 0.5, 100), new TileClass(0.25, 1.0, 100), new TileClass(0.25, 0.8, 100));
        long[] fc = new long[3];
        LayerModel.assignFolds(cls, 8, fc);
        assertArrayEquals(new long[] {4, 2, 2}, fc);
        LayerModel.assignFolds(cls, 3, fc); // ranges [0,1.5) [1.5,2.25) [2.25,3): fold 1 -> slow class 1, fold 2 -> class 1
        assertArrayEquals(new long[] {1, 2, 0}, fc);
        for (int folds = 1; folds < 50; folds++) {
            LayerModel.assignFolds(cls, folds, fc);
            assertEquals(folds, fc[0] + fc[1] + fc[2], "folds " + folds);
        }
    }

    @Test
    void decodeIsMemoryBoundPrefillComputeBound() {
        LinearLayer l = LinearLayer.uniform("q", 4096, 4096, 230);
        int[] nom = {TPU.nominalLevel};
        LayerCost dec = LayerModel.evaluate(TPU, l, 1, nom, -1);
        double load = l.weightBytes() / TPU.offBps;
        double fold = SystolicCycles.foldCycles(256, 256, 1) / TPU.freqHz[TPU.nominalLevel];
        assertTrue(dec.seconds() >= load && dec.seconds() <= load + 2 * fold, dec.seconds() + " vs load " + load);
        LayerCost pre = LayerModel.evaluate(TPU, l, 4096, nom, -1);
        double compute = SystolicCycles.gemmCycles(4096, 4096, 4096, 256, 256) / TPU.freqHz[TPU.nominalLevel];
        assertTrue(pre.seconds() >= compute && pre.seconds() < compute * 1.01, pre.seconds() + " vs compute " + compute);
        assertEquals(SystolicCycles.gemmCycles(4096, 4096, 4096, 256, 256), pre.cycles());
    }

    @Test
    void fasterClassesAndFewerBitsPay() {
        LinearLayer w8 = LinearLayer.uniform("q", 4096, 4096, 230);
        LinearLayer fast = w8.withClasses(List.of(new TileClass(1, 0.5, 120)));
        int lvl = TPU.fastestSafeLevel(0.5);
        assertEquals(2, lvl);
        LayerCost slow = LayerModel.evaluate(TPU, w8, 4096, new int[] {0}, -1);
        LayerCost quick = LayerModel.evaluate(TPU, fast, 4096, new int[] {lvl}, -1);
        assertEquals(TPU.freqHz[0] / TPU.freqHz[lvl], quick.seconds() / slow.seconds(), 0.01);
        // dynamic energy: mean energy x (V/Vnom)^2
        assertEquals(120.0 / 230 * Math.pow(1.1 / 0.9, 2), quick.macJ() / slow.macJ(), 1e-9);
        LinearLayer w4 = new LinearLayer("q", 4096, 4096, 4, 128, 16, 0, w8.classes());
        LayerCost d8 = LayerModel.evaluate(TPU, w8, 1, new int[] {0}, -1);
        LayerCost d4 = LayerModel.evaluate(TPU, w4, 1, new int[] {0}, -1);
        assertTrue(d4.seconds() < 0.6 * d8.seconds(), d4.seconds() + " vs " + d8.seconds());
        assertTrue(d4.dramBytes() > 4096.0 * 4096 / 2, "scales counted");
    }

    @Test
    void switchesCostTimeAndEnergy() {
        LinearLayer l = LinearLayer.uniform("q", 1024, 1024, 230)
            .withClasses(List.of(new TileClass(0.5, 1.0, 230), new TileClass(0.5, 0.5, 150)));
        LayerCost same = LayerModel.evaluate(TPU, l, 512, new int[] {0, 0}, 0);
        LayerCost two = LayerModel.evaluate(TPU, l, 512, new int[] {0, 2}, 0);
        assertEquals(0, same.switches());
        assertEquals(1, two.switches());
        assertEquals(2, two.lastLevel());
        assertEquals(TPU.switchJ, two.switchJ(), 1e-15);
        LayerCost in = LayerModel.evaluate(TPU, l, 512, new int[] {0, 2}, 1);
        assertEquals(2, in.switches());
    }

    @Test
    void gpuRunsTheLayerAtTheSlowestClassLevel() {
        LinearLayer l = LinearLayer.uniform("q", 4096, 4096, 150)
            .withClasses(List.of(new TileClass(0.9, 0.5, 150), new TileClass(0.1, 0.8, 150)));
        LayerCost c = LayerModel.evaluate(GPU, l, 4096, new int[] {2, 1}, -1);
        assertEquals(1, c.lastLevel());
        LinearLayer allFast = l.withClasses(List.of(new TileClass(1, 0.5, 150)));
        LayerCost f = LayerModel.evaluate(GPU, allFast, 4096, new int[] {2}, -1);
        assertEquals(2.0 / 2.8, f.seconds() / c.seconds(), 0.01);
    }

    @Test
    void llmWorkloadCountsAttentionAndOtherOps() {
        LlmShape s = LlmShape.LLAMA2_7B;
        List<LinearLayer> ls = new ArrayList<>();
        List<int[]> lv = new ArrayList<>();
        for (int b = 0; b < s.blocks(); b++) {
            List<int[]> kn = s.blockLinears();
            for (int i = 0; i < kn.size(); i++) {
                ls.add(LinearLayer.uniform(s.blockLinearNames().get(i), kn.get(i)[0], kn.get(i)[1], 230)
                    .withClasses(List.of(new TileClass(0.7, 0.5, 150), new TileClass(0.3, 0.8, 200))));
                lv.add(new int[] {2, 1});
            }
        }
        WorkloadCost w = LlmWorkload.evaluate(TPU, s, ls, lv, null, 128, 16, 1, 8);
        assertTrue(w.attentionSeconds() > 0 && w.attentionJ() > 0);
        assertTrue(w.otherSeconds() > 0 && w.otherJ() > 0);
        assertEquals(w.seconds(), w.linearSeconds() + w.attentionSeconds() + w.otherSeconds(), w.seconds() * 1e-9);
        assertEquals(w.seconds(), w.prefillSeconds() + w.decodeSeconds(), w.seconds() * 1e-9);
        assertTrue(w.switches() > 0);
    }
}
