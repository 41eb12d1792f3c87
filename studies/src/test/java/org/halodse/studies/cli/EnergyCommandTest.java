package org.halodse.studies.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code halo energy} and {@code halo voltage-fit}: output shape, determinism, and one-line errors for bad input. */
class EnergyCommandTest {
    static final String OSU = "/usr/share/qflow/tech/osu018/osu018_stdcells.lib";
    @TempDir Path tmp;

    @BeforeAll
    static void needOsu() {
        assumeTrue(Files.isRegularFile(Path.of(OSU)), "qflow-tech-osu018 not installed");
    }

    private static String oneLine(ReferenceTools.HaloRun r) {
        assertEquals(2, r.code(), "exit code; stderr: " + r.err());
        String[] lines = r.err().strip().split("\n");
        assertEquals(1, lines.length, r.err());
        assertFalse(r.err().contains("\tat "), "no stack trace: " + r.err());
        assertTrue(lines[0].startsWith("halo: "), r.err());
        return lines[0];
    }

    private static ReferenceTools.HaloRun energy(String... extra) {
        String[] base = {"energy", "--liberty", "osu018", "--arch", "array", "--weight-bits", "4", "--weight-port", "w", "--samples", "300"};
        String[] args = new String[base.length + extra.length];
        System.arraycopy(base, 0, args, 0, base.length);
        System.arraycopy(extra, 0, args, base.length, extra.length);
        return ReferenceTools.halo(args);
    }

    @Test
    void csvHasOneRowPerWeightAscendingAndIsDeterministic() {
        ReferenceTools.HaloRun r = energy("--activations", "gaussian:20", "--seed", "5");
        assertEquals(0, r.code(), r.err());
        String[] lines = r.out().split("\n");
        assertEquals("weight,energy_fj", lines[0]);
        assertEquals(1 + 16, lines.length);
        for (int i = 1; i < lines.length; i++) {
            String[] f = lines[i].split(",");
            assertEquals(-8 + i - 1, Integer.parseInt(f[0]));
            assertTrue(Double.parseDouble(f[1]) > 0, lines[i]);
        }
        assertEquals(r.out(), energy("--activations", "gaussian:20", "--seed", "5").out());
        assertFalse(r.out().equals(energy("--activations", "gaussian:20", "--seed", "6").out()), "another seed, another stream");
    }

    @Test
    void jsonSplitsEnergyAndNamesTheStimulus() throws Exception {
        ReferenceTools.HaloRun r = energy("--format", "json", "--activations", "laplace:10", "--seed", "3");
        assertEquals(0, r.code(), r.err());
        JsonNode j = new ObjectMapper().readTree(r.out());
        assertEquals("laplace:10", j.at("/stimulus/activations").asText());
        assertEquals(300, j.at("/stimulus/samples").asInt());
        assertEquals(3, j.at("/stimulus/seed").asLong());
        assertTrue(j.has("seconds"));
        JsonNode w3 = j.at("/weights/11");
        assertEquals(3, w3.get("weight").asInt());
        double sum = w3.get("internal_fj").asDouble() + w3.get("switching_fj").asDouble() + w3.get("leakage_fj").asDouble();
        assertEquals(w3.get("energy_fj").asDouble(), sum, 0.003);
    }

    @Test
    void histogramFileDrivesTheStream() throws Exception {
        Path h = tmp.resolve("hist.csv");
        Files.writeString(h, "value,count\n-3,10\n0,50\n4,10\n");
        ReferenceTools.HaloRun r = energy("--activations", h.toString());
        assertEquals(0, r.code(), r.err());
        assertEquals(17, r.out().split("\n").length);
    }

    @Test
    void badActivationSpec() {
        assertEquals("halo: --activations gaussian:-1: expected gaussian:SIGMA with a positive number of LSBs, e.g. gaussian:20",
            oneLine(energy("--activations", "gaussian:-1")));
        assertEquals("halo: --activations laplace:x: expected laplace:B with a positive number of LSBs, e.g. laplace:20",
            oneLine(energy("--activations", "laplace:x")));
        assertEquals("halo: --activations triangle: not uniform, gaussian:SIGMA, laplace:B, or a readable histogram file",
            oneLine(energy("--activations", "triangle")));
    }

    @Test
    void badHistogramNamesFileAndLine() throws Exception {
        Path h = tmp.resolve("bad.csv");
        Files.writeString(h, "value,count\n1,5\n2;7\n");
        assertEquals("halo: " + h + ":3: expected 'value,count' with integers, found '2;7'", oneLine(energy("--activations", h.toString())));
        Files.writeString(h, "1,5\n2,-7\n");
        assertEquals("halo: " + h + ":2: count -7 is negative", oneLine(energy("--activations", h.toString())));
        Files.writeString(h, "1,5\n300,1\n");
        assertEquals("halo: --activations " + h + ": value 300 is outside the activation range -128..127", oneLine(energy("--activations", h.toString())));
    }

    @Test
    void zeroSamples() {
        assertEquals("halo: --samples 0: expected at least 2 (energy is counted per transition between samples)", oneLine(ReferenceTools.halo("energy", "--liberty", "osu018", "--arch", "array", "--weight-port", "w", "--samples", "0")));
    }

    @Test
    void missingActivationPort() {
        assertTrue(oneLine(energy("--activation-port", "x")).startsWith("halo: --activation-port x: module mac_array_rca_fused_w4a8_acc24 has no input port of that name"));
    }

    @Test
    void voltageFitFromGivenPoints() {
        // points of 100 * V / (V - 0.4)^1.5
        java.util.List<String> a = new java.util.ArrayList<>(java.util.List.of("voltage-fit"));
        for (double v : new double[] {0.8, 0.9, 1.0, 1.1}) {
            a.add("--point");
            a.add(v + ":" + 100 * v / Math.pow(v - 0.4, 1.5));
        }
        ReferenceTools.HaloRun r = ReferenceTools.halo(a.toArray(new String[0]));
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("Vth   = 0.400000 V"), r.out());
        assertTrue(r.out().contains("alpha = 1.500000"), r.out());
        assertTrue(r.out().contains("degrees of freedom 1"), r.out());
    }

    /** Corner delays through the real timer: three NanGate45 corners, the fit interpolates them and says what it lumps. */
    @Test
    void voltageFitThroughNanGateCorners() throws Exception {
        java.util.List<String> a = new java.util.ArrayList<>(java.util.List.of("voltage-fit", "--arch", "array", "--weight-bits", "4", "--format", "json"));
        for (String c : new String[] {"slow", "typ", "fast"}) {
            a.add("--liberty");
            a.add("nangate45-" + c);
        }
        ReferenceTools.HaloRun r = ReferenceTools.halo(a.toArray(new String[0]));
        assumeTrue(!r.err().contains("not found in"), "NanGate45 corners not available");
        assertEquals(0, r.code(), r.err());
        JsonNode j = new ObjectMapper().readTree(r.out());
        assertEquals(3, j.get("points").size());
        assertEquals(0.95, j.at("/points/0/volts").asDouble(), 1e-9);
        assertEquals(1.25, j.at("/points/2/volts").asDouble(), 1e-9);
        // slower at lower voltage (and higher temperature)
        assertTrue(j.at("/points/0/delay_ps").asDouble() > j.at("/points/1/delay_ps").asDouble());
        assertTrue(j.at("/points/1/delay_ps").asDouble() > j.at("/points/2/delay_ps").asDouble());
        assertEquals(0, j.get("degreesOfFreedom").asInt());
        assertTrue(j.get("rmsRelativeResidual").asDouble() < 1e-6, r.out());
        assertTrue(j.get("caveat").asText().contains("process and temperature"));
    }

    @Test
    void voltageFitBadInput() {
        assertEquals("halo: --point 1.0-500: expected V:DELAY_PS with positive numbers, e.g. 1.1:850",
            oneLine(ReferenceTools.halo("voltage-fit", "--point", "1.0-500", "--point", "1.1:400", "--point", "1.2:300")));
        assertEquals("halo: alpha-power fit: 2 distinct voltage(s) given, need at least 3 (or fix alpha)",
            oneLine(ReferenceTools.halo("voltage-fit", "--point", "1.0:500", "--point", "1.1:400")));
        assertEquals("halo: give --liberty for each corner (with --arch or --netlist), or --point V:DELAY_PS pairs, not both",
            oneLine(ReferenceTools.halo("voltage-fit")));
    }

    @Test
    void glitchModeCostsAtLeastZeroDelayPerWeight() throws Exception {
        ReferenceTools.HaloRun z = energy();
        ReferenceTools.HaloRun g = energy("--glitch");
        assertEquals(0, z.code(), z.err());
        assertEquals(0, g.code(), g.err());
        String[] zl = z.out().split("\n"), gl = g.out().split("\n");
        assertEquals(zl.length, gl.length);
        assertEquals("weight,energy_fj", gl[0]);
        boolean more = false;
        for (int i = 1; i < zl.length; i++) {
            double ez = Double.parseDouble(zl[i].split(",")[1]), eg = Double.parseDouble(gl[i].split(",")[1]);
            assertTrue(eg >= ez - 1e-3, zl[i] + " vs " + gl[i]);
            more |= eg > ez + 1e-3;
        }
        assertTrue(more, "the array multiplier glitches");
        assertEquals(g.out(), energy("--mode", "glitch").out());
        JsonNode j = new ObjectMapper().readTree(energy("--mode", "glitch", "--format", "json").out());
        assertTrue(j.path("model").path("simulation").asText().startsWith("glitch"), j.toString());
        assertTrue(oneLine(energy("--mode", "timed")).contains("--mode timed: expected zero-delay, glitch or glitch-inertial"));
        ReferenceTools.HaloRun in = energy("--mode", "glitch-inertial");
        assertEquals(0, in.code(), in.err());
        String[] il = in.out().split("\n");
        for (int i = 1; i < zl.length; i++) {
            double ez = Double.parseDouble(zl[i].split(",")[1]), ei = Double.parseDouble(il[i].split(",")[1]), eg = Double.parseDouble(gl[i].split(",")[1]);
            assertTrue(ez - 1e-3 <= ei && ei <= eg + 1e-3, "zero-delay <= inertial <= transport: " + zl[i] + " " + il[i] + " " + gl[i]);
        }
    }
}
