package org.halodse.studies.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.halodse.hw.chip.ChipPresets;
import org.halodse.hw.chip.ChipSpecReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code halo chips} and {@code halo chips show}, and their bad input: one line, exit 2. */
class ChipsCommandTest {
    @TempDir Path tmp;

    private static String oneLine(ReferenceTools.HaloRun r) {
        assertEquals(2, r.code(), "exit code; stderr: " + r.err());
        assertFalse(r.err().contains("\tat "), "no stack trace: " + r.err());
        String[] lines = r.err().strip().split("\n");
        assertEquals(1, lines.length, r.err());
        assertTrue(lines[0].startsWith("halo: "), r.err());
        return lines[0];
    }

    private Path chipFile(String from, String to) throws Exception {
        Path p = tmp.resolve("foo.yaml");
        Files.writeString(p, ChipPresets.text("tpu-v1").replace(from, to));
        return p;
    }

    @Test
    void listsPresets() {
        ReferenceTools.HaloRun r = ReferenceTools.halo("chips");
        assertEquals(0, r.code(), r.err());
        for (String n : ChipPresets.NAMES) assertTrue(r.out().contains(n), r.out());
        assertTrue(r.out().contains("256x256x1"), r.out());
    }

    @Test
    void showsOneResolvedInYamlOrJsonAndReadsFiles() throws Exception {
        ReferenceTools.HaloRun y = ReferenceTools.halo("chips", "show", "tpu-v1");
        assertEquals(0, y.code(), y.err());
        assertEquals(ChipPresets.preset("tpu-v1"), ChipSpecReader.read(y.out(), "out"));
        assertTrue(y.out().contains("Jouppi"), "sources printed");
        ReferenceTools.HaloRun j = ReferenceTools.halo("chips", "show", "rtx-2080-ti", "--format", "json");
        assertEquals(0, j.code(), j.err());
        assertTrue(j.out().startsWith("{"));
        assertEquals(ChipPresets.preset("rtx-2080-ti"), ChipSpecReader.read(j.out(), "out"));
        Path f = chipFile("name: tpu-v1", "name: my-chip");
        ReferenceTools.HaloRun fr = ReferenceTools.halo("chips", "show", f.toString());
        assertEquals(0, fr.code(), fr.err());
        assertTrue(fr.out().contains("name: my-chip"), fr.out());
    }

    @Test
    void missingKey() throws Exception {
        Path f = chipFile("nominal: {voltage: 0.9, frequencyGHz: 0.7}", "nominal: {voltage: 0.9}");
        assertEquals("halo: " + f + ": nominal.frequencyGHz: missing: expected a value", oneLine(ReferenceTools.halo("chips", "show", f.toString())));
    }

    @Test
    void negativeValue() throws Exception {
        Path f = chipFile("staticPowerW: 28", "staticPowerW: -28");
        assertEquals("halo: " + f + ": staticPowerW: -28: expected zero or more (W)", oneLine(ReferenceTools.halo("chips", "show", f.toString())));
    }

    @Test
    void levelFasterThanTheFastestWeightAllows() throws Exception {
        Path f = chipFile("- {voltage: 1.1, frequencyGHz: 1.36}", "- {voltage: 1.1, frequencyGHz: 2.5}");
        String line = oneLine(ReferenceTools.halo("chips", "show", f.toString()));
        assertTrue(line.startsWith("halo: " + f + ": dvfs.levels[2].frequencyGHz: 2.5 is faster than even the fastest weight value allows at 1.1 V"), line);
    }

    @Test
    void zeroBandwidth() throws Exception {
        Path f = chipFile("bandwidthGBs: 179.2,", "bandwidthGBs: 0,");
        assertEquals("halo: " + f + ": memory.onChip.bandwidthGBs: 0: expected a positive number (GB/s)", oneLine(ReferenceTools.halo("chips", "show", f.toString())));
    }

    @Test
    void unknownPresetAndFormat() {
        assertEquals("halo: chip tpu-v9: unknown preset: expected one of tpu-v1, tpu-v4, rtx-2080-ti, edge-npu or a chip file path",
            oneLine(ReferenceTools.halo("chips", "show", "tpu-v9")));
        assertEquals("halo: --format xml: expected yaml or json", oneLine(ReferenceTools.halo("chips", "show", "tpu-v1", "--format", "xml")));
        String missing = oneLine(ReferenceTools.halo("chips", "show", "nope/chip.yaml"));
        assertTrue(missing.startsWith("halo: nope/chip.yaml: no such file"), missing);
    }

    static final String LEVELS = """
          levels:                                        # assumed: HALO's ratios 1 : 1.26 : 1.95 on 700 MHz
            - {voltage: 0.9, frequencyGHz: 0.7}
            - {voltage: 1.0, frequencyGHz: 0.88}
            - {voltage: 1.1, frequencyGHz: 1.36}
        """;

    @Test
    void derivedLevelsAreShownResolvedAndBadOnesRefused() throws Exception {
        Path f = chipFile(LEVELS, "  derive: {voltages: [0.9, 1.0, 1.1], delayRatios: [1.0, 0.79]}\n");
        ReferenceTools.HaloRun r = ReferenceTools.halo("chips", "show", f.toString());
        assertEquals(0, r.code(), r.err());
        assertEquals(6, ChipSpecReader.read(r.out(), "out").levels().size(), r.out());
        assertTrue(r.out().contains("derived (dvfs.derive)"), r.out());
        Path bad = chipFile(LEVELS, "  derive: {voltages: [0.9], delayRatios: [1.0, 0.3]}\n");
        assertTrue(oneLine(ReferenceTools.halo("chips", "show", bad.toString()))
            .startsWith("halo: " + bad + ": dvfs.derive.delayRatios[1]: 0.3 would be faster than even the fastest weight value allows"));
        Path neg = chipFile(LEVELS, "  derive: {voltages: [-0.9]}\n");
        assertEquals("halo: " + neg + ": dvfs.derive.voltages[0]: -0.9: expected a positive number (V)", oneLine(ReferenceTools.halo("chips", "show", neg.toString())));
    }
}
