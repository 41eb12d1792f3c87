package org.halodse.hw.chip;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.halodse.hw.perf.ChipModel;
import org.halodse.hw.voltage.AlphaPowerLaw;
import org.halodse.hw.voltage.VoltageScaling;
import org.junit.jupiter.api.Test;

class FittedVoltageModelTest {
    @Test
    void plugsIntoTheChipModel() {
        ChipSpec c = ChipPresets.preset("tpu-v1");
        FittedVoltageModel vm = new FittedVoltageModel(new AlphaPowerLaw(100, 0.3, 1.3), VoltageScaling.at(c.nominalVoltage()));
        // same law as the preset's given parameters: same delay scales
        for (DvfsLevel l : c.levels()) assertEquals(c.voltageModel().delayScale(l.voltage()), vm.delayScale(l.voltage()), 1e-12);
        ChipModel m = ChipModel.of(c, vm);
        assertTrue(m.staticW[2] > ChipModel.of(c).staticW[2], "exponential leakage above nominal");
        assertEquals(0.7, vm.deriveLevel(c, 0.9, 1.0).frequencyGHz(), 1e-12);
    }
}
