package org.halodse.hw.voltage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.halodse.hw.liberty.InputException;
import org.halodse.hw.power.MacEnergy;
import org.junit.jupiter.api.Test;

class AlphaPowerFitTest {
    private static List<VoltageDelay> synthetic(AlphaPowerLaw law, double... volts) {
        List<VoltageDelay> pts = new ArrayList<>();
        for (double v : volts) pts.add(new VoltageDelay(v, law.delay(v), "synthetic"));
        return pts;
    }

    @Test
    void recoversKnownParameters() {
        AlphaPowerLaw truth = new AlphaPowerLaw(150, 0.35, 1.4);
        AlphaPowerFit f = AlphaPowerFit.fit(synthetic(truth, 0.8, 0.9, 1.0, 1.1, 1.2, 1.3));
        assertEquals(150, f.law().k(), 150 * 1e-6);
        assertEquals(0.35, f.law().vth(), 1e-6);
        assertEquals(1.4, f.law().alpha(), 1e-6);
        assertEquals(3, f.degreesOfFreedom());
        assertTrue(f.rmsRelativeResidual() < 1e-9);
    }

    @Test
    void recoversAnotherLawWithThreeCornersExactly() {
        // three points, three parameters: an interpolation, zero degrees of freedom
        AlphaPowerLaw truth = new AlphaPowerLaw(80, 0.45, 1.25);
        AlphaPowerFit f = AlphaPowerFit.fit(synthetic(truth, 0.95, 1.1, 1.25));
        assertEquals(0, f.degreesOfFreedom());
        assertEquals(0.45, f.law().vth(), 1e-6);
        assertEquals(1.25, f.law().alpha(), 1e-6);
        assertEquals(80, f.law().k(), 80 * 1e-6);
    }

    @Test
    void fixedAlphaFitsKAndVth() {
        AlphaPowerLaw truth = new AlphaPowerLaw(200, 0.3, 1.3);
        AlphaPowerFit f = AlphaPowerFit.fit(synthetic(truth, 0.9, 1.0, 1.2), 1.3);
        assertEquals(1, f.degreesOfFreedom());
        assertEquals(0.3, f.law().vth(), 1e-6);
        assertEquals(200, f.law().k(), 200 * 1e-6);
    }

    @Test
    void handComputedDelay() {
        // 100 * 1.0 / (1.0 - 0.5)^2 = 400
        assertEquals(400, new AlphaPowerLaw(100, 0.5, 2).delay(1.0), 1e-9);
        AlphaPowerLaw law = new AlphaPowerLaw(100, 0.5, 2);
        assertEquals(1.0, law.voltageFor(400, 1.5), 1e-9);
    }

    @Test
    void tooFewPointsIsAnInputError() {
        AlphaPowerLaw truth = new AlphaPowerLaw(150, 0.35, 1.4);
        InputException e = assertThrows(InputException.class, () -> AlphaPowerFit.fit(synthetic(truth, 1.0, 1.1)));
        assertTrue(e.getMessage().contains("need at least 3"), e.getMessage());
    }

    @Test
    void energyScalesWithVoltage() {
        VoltageScaling s = new VoltageScaling(1.0, 2.0);
        MacEnergy e = s.scale(new MacEnergy(10, 20, 1), 1.2, 1000, 800);
        assertEquals(10 * 1.44, e.internalFj(), 1e-12);
        assertEquals(20 * 1.44, e.switchingFj(), 1e-12);
        // 1 fJ * 1.2 * exp(2 * 0.2) * 800 / 1000
        assertEquals(1.2 * Math.exp(0.4) * 0.8, e.leakageFj(), 1e-12);
    }
}
