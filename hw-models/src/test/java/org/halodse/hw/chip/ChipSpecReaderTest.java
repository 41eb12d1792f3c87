package org.halodse.hw.chip;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.halodse.hw.liberty.InputException;
import org.junit.jupiter.api.Test;

class ChipSpecReaderTest {
    private static String tpu() {
        return ChipPresets.text("tpu-v1");
    }

    private static String error(String text) {
        InputException e = assertThrows(InputException.class, () -> ChipSpecReader.read(text, "chips/foo.yaml"));
        assertFalse(e.getMessage().contains("\n"), "one line: " + e.getMessage());
        return e.getMessage();
    }

    @Test
    void presetsLoadAndCiteSources() {
        for (String name : ChipPresets.NAMES) {
            ChipSpec c = ChipPresets.preset(name);
            assertEquals(name, c.name());
            assertFalse(c.sources().isEmpty(), name);
            assertTrue(c.sources().keySet().stream().anyMatch(k -> k.startsWith("nominal")), name + " cites its nominal point");
            assertTrue(c.sources().keySet().stream().anyMatch(k -> k.startsWith("dvfs")), name + " cites its DVFS levels");
            assertTrue(c.sources().keySet().stream().anyMatch(k -> k.startsWith("memory.offChip")), name + " cites its memory");
        }
        ChipSpec v1 = ChipPresets.preset("tpu-v1");
        assertEquals(256, v1.array().rows());
        assertEquals(0.7, v1.nominalFrequencyGHz());
        assertEquals(34, v1.offChip().bandwidthGBs());
        // 92 TOPS: 65,536 MACs x 2 ops x 700 MHz
        assertEquals(91.75, v1.array().macsPerCycle() * 2 * v1.nominalFrequencyGHz() / 1000, 0.01);
        ChipSpec gpu = ChipPresets.preset("rtx-2080-ti");
        assertEquals(ChipSpec.Kind.GPU, gpu.kind());
        assertEquals(544, gpu.array().count());
        assertEquals(616, gpu.offChip().bandwidthGBs());
        assertEquals(2.8, gpu.levels().get(2).frequencyGHz());
    }

    @Test
    void resolvedYamlAndJsonReadBackEqual() {
        for (ChipSpec c : ChipPresets.all()) {
            assertEquals(c, ChipSpecReader.read(ChipSpecReader.toYaml(c), "yaml"));
            assertEquals(c, ChipSpecReader.read(ChipSpecReader.toJson(c), "json"));
        }
    }

    @Test
    void missingKey() {
        assertEquals("chips/foo.yaml: nominal.frequencyGHz: missing: expected a value",
            error(tpu().replace("nominal: {voltage: 0.9, frequencyGHz: 0.7}", "nominal: {voltage: 0.9}")));
        assertEquals("chips/foo.yaml: staticPowerW: missing: expected a value",
            error(tpu().replaceAll("(?m)^staticPowerW:.*$", "")));
    }

    @Test
    void negativeValue() {
        assertEquals("chips/foo.yaml: dvfs.switchLatencyNs: -5: expected zero or more (ns)",
            error(tpu().replaceAll("switchLatencyNs: 1000", "switchLatencyNs: -5")));
        assertEquals("chips/foo.yaml: array.rows: -256: expected a positive integer",
            error(tpu().replace("rows: 256", "rows: -256")));
    }

    @Test
    void levelFasterThanTheFastestWeightAllows() {
        String m = error(tpu().replace("- {voltage: 1.1, frequencyGHz: 1.36}", "- {voltage: 1.1, frequencyGHz: 2.5}"));
        assertTrue(m.startsWith("chips/foo.yaml: dvfs.levels[2].frequencyGHz: 2.5 is faster than even the fastest weight value allows at 1.1 V: expected at most 1.623 GHz"), m);
    }

    @Test
    void noLevelSafeForTheWorstWeight() {
        String m = error(tpu().replace("- {voltage: 0.9, frequencyGHz: 0.7}", "- {voltage: 0.9, frequencyGHz: 0.75}")
            .replace("- {voltage: 1.0, frequencyGHz: 0.88}", "- {voltage: 1.0, frequencyGHz: 0.9}")
            .replace("- {voltage: 1.1, frequencyGHz: 1.36}", "- {voltage: 1.1, frequencyGHz: 1.0}"));
        assertTrue(m.startsWith("chips/foo.yaml: dvfs.levels: no level is safe for the worst-case weight value"), m);
    }

    @Test
    void zeroBandwidth() {
        assertEquals("chips/foo.yaml: memory.offChip.bandwidthGBs: 0: expected a positive number (GB/s)",
            error(tpu().replace("bandwidthGBs: 34,", "bandwidthGBs: 0,")));
    }

    @Test
    void unknownKeyAndBadKind() {
        assertEquals("chips/foo.yaml: array.depth: unknown key: expected one of rows, cols, count",
            error(tpu().replace("count: 1}", "count: 1, depth: 2}")));
        assertEquals("chips/foo.yaml: kind: tpu: expected systolic or gpu", error(tpu().replace("kind: systolic", "kind: tpu")));
        assertEquals("chips/foo.yaml: sources.nominal.frequencyMHz: names no key of this chip: expected a key path such as nominal.frequencyGHz",
            error(tpu().replace("  nominal.voltage:", "  nominal.frequencyMHz: \"x\"\n  nominal.voltage:")));
        assertEquals("chips/foo.yaml: mac.energyFJPerMac: 'lots': expected a number",
            error(tpu().replace("energyFJPerMac: 230", "energyFJPerMac: lots")));
    }

    @Test
    void unknownPreset() {
        InputException e = assertThrows(InputException.class, () -> ChipPresets.resolve("tpu-v9", "chip"));
        assertEquals("chip tpu-v9: unknown preset: expected one of tpu-v1, tpu-v4, rtx-2080-ti, edge-npu or a chip file path", e.getMessage());
    }

    @Test
    void attachedDelayProfileReplacesTheSpeedupBound() {
        ChipSpec c = ChipPresets.preset("tpu-v1");
        double[] d = new double[256];
        java.util.Arrays.fill(d, 1000);
        d[3] = 800; // fastest value: 1.25x
        InputException e = assertThrows(InputException.class, () -> ChipSpecReader.withDelayProfile(c, d, "profile.csv"));
        assertTrue(e.getMessage().startsWith("profile.csv + tpu-v1: dvfs.levels[2].frequencyGHz: 1.36 is faster than even the fastest weight value allows at 1.1 V"), e.getMessage());
        d[3] = 500; // 2x
        ChipSpec ok = ChipSpecReader.withDelayProfile(c, d, "profile.csv");
        assertEquals(2.0, ok.mac().fastestSpeedup(), 1e-12);
        assertEquals(ok.safeFrequencyGHz(1.0, 0.5), ok.deriveLevel(1.0, 0.5).frequencyGHz(), 0);
    }

    @Test
    void safeFrequencyScalesByDelayRatioAndVoltage() {
        ChipSpec c = ChipPresets.preset("rtx-2080-ti");
        assertEquals(1.5, c.safeFrequencyGHz(0.9, 1.0), 1e-12);
        assertEquals(3.0, c.safeFrequencyGHz(0.9, 0.5), 1e-12);
        assertTrue(c.safeFrequencyGHz(1.1, 1.0) > 1.5);
    }
}
