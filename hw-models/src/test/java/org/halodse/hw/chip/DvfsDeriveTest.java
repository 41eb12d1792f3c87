package org.halodse.hw.chip;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import org.halodse.hw.liberty.InputException;
import org.halodse.hw.liberty.LibertyCatalog;
import org.junit.jupiter.api.Test;

/** dvfs.derive: voltages given, frequencies from the nominal point by the alpha-power law (given or fitted to corners). */
class DvfsDeriveTest {
    static final String LEVELS = """
          levels:                                        # assumed: HALO's ratios 1 : 1.26 : 1.95 on 700 MHz
            - {voltage: 0.9, frequencyGHz: 0.7}
            - {voltage: 1.0, frequencyGHz: 0.88}
            - {voltage: 1.1, frequencyGHz: 1.36}
        """;

    private static String tpu(String dvfsBody) {
        String t = ChipPresets.text("tpu-v1");
        assertTrue(t.contains(LEVELS), "preset layout changed");
        return t.replace(LEVELS, dvfsBody);
    }

    private static String error(String text) {
        InputException e = assertThrows(InputException.class, () -> ChipSpecReader.read(text, "chips/foo.yaml"));
        assertFalse(e.getMessage().contains("\n"), "one line: " + e.getMessage());
        return e.getMessage();
    }

    @Test
    void derivedLevelsFollowTheAlphaPowerLawAndReadBack() {
        ChipSpec c = ChipSpecReader.read(tpu("  derive: {voltages: [0.8, 0.9, 1.1], delayRatios: [1.0, 0.6]}\n"), "chips/d.yaml");
        GivenAlphaPower law = new GivenAlphaPower(0.9, 0.3, 1.3);
        assertEquals(6, c.levels().size());
        double[] v = {0.8, 0.9, 1.1};
        double[] r = {1.0, 0.6};
        int i = 0;
        for (double ratio : r) {
            for (double volts : v) {
                DvfsLevel l = c.levels().get(i++);
                assertEquals(volts, l.voltage());
                assertEquals(0.7 / (ratio * law.delayScale(volts)), l.frequencyGHz(), 1e-12);
            }
        }
        assertEquals(0.7, c.levels().get(1).frequencyGHz(), 1e-12, "the nominal voltage at ratio 1 is the nominal point");
        assertTrue(c.sources().get("dvfs.levels").contains("derived"), c.sources().toString());
        assertEquals(c, ChipSpecReader.read(ChipSpecReader.toYaml(c), "resolved.yaml"), "the resolved file lists the levels and reads back equal");
        // default ratio: 1 (safe for every weight value)
        ChipSpec one = ChipSpecReader.read(tpu("  derive: {voltages: [0.9, 1.0]}\n"), "chips/d.yaml");
        assertEquals(2, one.levels().size());
        assertEquals(0.7 / law.delayScale(1.0), one.levels().get(1).frequencyGHz(), 1e-12);
    }

    @Test
    void badDerivedInput() {
        assertTrue(error(tpu("  derive: {voltages: [0.9, -1.0]}\n")).startsWith("chips/foo.yaml: dvfs.derive.voltages[1]: -1: expected a positive number (V)"));
        assertTrue(error(tpu("  derive: {voltages: [0.9, 0.25]}\n")).startsWith("chips/foo.yaml: dvfs.derive.voltages[1]: 0.25: expected above the threshold voltage (0.3 V)"));
        assertTrue(error(tpu("  derive: {voltages: []}\n")).startsWith("chips/foo.yaml: dvfs.derive.voltages: expected a non-empty list of numbers (V)"));
        assertTrue(error(tpu("  derive: {voltages: [0.9, 0.9]}\n")).startsWith("chips/foo.yaml: dvfs.derive.voltages[1]: duplicate voltage 0.9"));
        String fast = error(tpu("  derive: {voltages: [0.9], delayRatios: [1.0, 0.4]}\n"));
        assertTrue(fast.startsWith("chips/foo.yaml: dvfs.derive.delayRatios[1]: 0.4 would be faster than even the fastest weight value allows: expected at least 1 / mac.fastestSpeedup = 0.513"), fast);
        assertTrue(error(tpu("  derive: {voltages: [0.9], delayRatios: [1.5]}\n")).startsWith("chips/foo.yaml: dvfs.derive.delayRatios[0]: 1.5: expected a ratio d / d_worst in (0, 1]"));
        assertTrue(error(tpu("  derive: {voltages: [0.9], delayRatios: [0.8]}\n")).startsWith("chips/foo.yaml: dvfs.derive.delayRatios: no ratio is 1"));
        assertTrue(error(tpu("  derive: {voltages: [0.9], steps: 3}\n")).startsWith("chips/foo.yaml: dvfs.derive.steps: unknown key: expected one of voltages, delayRatios, fit"));
        assertTrue(error(tpu("  derive: {voltages: [0.9]}\n" + LEVELS)).startsWith("chips/foo.yaml: dvfs.levels: expected exactly one of dvfs.levels"));
        assertTrue(error(tpu("")).startsWith("chips/foo.yaml: dvfs.levels: expected exactly one of dvfs.levels"));
        assertTrue(error(tpu("  derive: {voltages: [0.9], fit: {corners: [osu018, osu035]}}\n"))
            .startsWith("chips/foo.yaml: voltageModel.thresholdV: given, but dvfs.derive.fit fits it"));
        String noLib = error(tpu("  derive: {voltages: [0.9], fit: {corners: [nosuchlib, osu035]}}\n")
            .replace("voltageModel: {law: alpha-power, thresholdV: 0.3, alpha: 1.3}", "voltageModel: {law: alpha-power}"));
        assertTrue(noLib.startsWith("chips/foo.yaml: dvfs.derive.fit.corners[0]: 'nosuchlib': unknown library name"), noLib);
    }

    /** Fitted at read time: the NanGate45 corners (0.95, 1.1, 1.25 V) through the chip's own MAC. */
    @Test
    void fittedToLibraryCorners() {
        try {
            LibertyCatalog.resolve("nangate45-typ", "test");
        } catch (InputException e) {
            assumeTrue(false, "NanGate45 corners not found");
        }
        String text = tpu("  derive: {voltages: [0.95, 1.1, 1.25], fit: {corners: [nangate45-slow, nangate45-typ, nangate45-fast]}}\n")
            .replace("voltageModel: {law: alpha-power, thresholdV: 0.3, alpha: 1.3}", "voltageModel: {law: alpha-power}")
            .replace("nominal: {voltage: 0.9, frequencyGHz: 0.7}", "nominal: {voltage: 1.1, frequencyGHz: 0.7}");
        ChipSpec c = ChipSpecReader.read(text, "chips/fit.yaml");
        double vth = c.voltageModel().thresholdVoltage(), alpha = c.voltageModel().alpha();
        assertTrue(vth >= 0 && vth < 0.95 && alpha >= 0.5 && alpha <= 4, vth + " " + alpha);
        assertEquals(3, c.levels().size());
        assertEquals(0.7, c.levels().get(1).frequencyGHz(), 1e-12);
        assertTrue(c.levels().get(0).frequencyGHz() < 0.7 && c.levels().get(2).frequencyGHz() > 0.7);
        assertTrue(c.sources().get("voltageModel.alpha").contains("fitted"), c.sources().toString());
        assertEquals(c, ChipSpecReader.read(ChipSpecReader.toYaml(c), "resolved.yaml"));
    }
}
