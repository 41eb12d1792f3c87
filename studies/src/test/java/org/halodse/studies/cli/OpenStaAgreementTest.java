package org.halodse.studies.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.TreeMap;
import org.apache.commons.math3.stat.correlation.SpearmansCorrelation;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The trust test of the weight delay profile: Yosys synthesizes a signed 8x8 MAC with a 24-bit
 * accumulator onto a real cell library, OpenSTA sweeps all 256 weight values with
 * set_case_analysis, and {@code halo characterize} must agree for every value within 1% or 5 ps,
 * with a Spearman rank correlation of at least 0.95.
 */
@Tag("reference-tools")
class OpenStaAgreementTest {
    @TempDir Path tmp;

    @ParameterizedTest(name = "{0} {2}")
    @CsvSource({"nangate45-typ, DFF_X1, fused", "osu018, DFFPOSX1, fused", "nangate45-typ, DFF_X1, registered", "osu018, DFFPOSX1, registered"})
    void yosysMacAgreesWithOpenSta(String libName, String dff, String variant) throws Exception {
        assumeTrue(ReferenceTools.onPath("yosys") && ReferenceTools.onPath("sta"), "yosys and sta (OpenSTA) needed; .ci/run installs them");
        Path lib = libName.equals("osu018") ? Path.of("/usr/share/qflow/tech/osu018/osu018_stdcells.lib") : ReferenceTools.nangate("typ");
        assumeTrue(Files.isRegularFile(lib), "library not present: " + lib);
        Path plain = ReferenceTools.uncompressed(lib, tmp);
        Path netlist = tmp.resolve("mac.v");
        ReferenceTools.run(tmp, "bash", ReferenceTools.REFERENCE.resolve("synth_mac.sh").toString(), plain.toString(), netlist.toString(), variant);
        String top = variant.equals("fused") ? "mac8" : "mul8";
        compare(libName, plain, netlist, top, dff);
    }

    @ParameterizedTest(name = "{0} {1} {2}")
    @CsvSource({"osu018, DFFPOSX1, array, ripple", "osu018, DFFPOSX1, booth, kogge-stone", "nangate45-typ, DFF_X1, booth, brent-kung",
        "nangate45-typ, DFF_X1, array, kogge-stone"})
    void generatedMacAgreesWithOpenSta(String libName, String dff, String arch, String adder) throws Exception {
        assumeTrue(ReferenceTools.onPath("sta"), "sta (OpenSTA) needed; .ci/run installs it");
        Path lib = libName.equals("osu018") ? Path.of("/usr/share/qflow/tech/osu018/osu018_stdcells.lib") : ReferenceTools.nangate("typ");
        assumeTrue(Files.isRegularFile(lib), "library not present: " + lib);
        Path plain = ReferenceTools.uncompressed(lib, tmp);
        Path netlist = tmp.resolve("gen.v");
        ReferenceTools.HaloRun r = ReferenceTools.halo("netlist", "--liberty", libName, "--arch", arch, "--adder", adder, "--out", netlist.toString());
        assertEquals(0, r.code(), r.err());
        String text = Files.readString(netlist);
        String top = text.substring(text.indexOf("module ") + 7, text.indexOf('(', text.indexOf("module "))).trim();
        compare(libName, plain, netlist, top, dff);
    }

    /**
     * A generated MAC with the product registered: its multiplier stage (inputs to the product
     * register's D pins) against OpenSTA with the same endpoints. (The accumulator stage starts at
     * the register, where we hold constants through a weight-stationary register and OpenSTA,
     * without clocks, does not; that stage is checked on the Yosys and fused netlists above.)
     */
    @ParameterizedTest(name = "{0} {1}")
    @CsvSource({"osu018, DFFPOSX1, booth", "nangate45-typ, DFF_X1, array"})
    void registeredProductMultiplierStageAgreesWithOpenSta(String libName, String dff, String arch) throws Exception {
        assumeTrue(ReferenceTools.onPath("sta"), "sta (OpenSTA) needed; .ci/run installs it");
        Path lib = libName.equals("osu018") ? Path.of("/usr/share/qflow/tech/osu018/osu018_stdcells.lib") : ReferenceTools.nangate("typ");
        assumeTrue(Files.isRegularFile(lib), "library not present: " + lib);
        Path plain = ReferenceTools.uncompressed(lib, tmp);
        Path netlist = tmp.resolve("reg.v");
        String[] mac = {"--liberty", libName, "--arch", arch, "--adder", "kogge-stone", "--pipeline", "registered-product"};
        ReferenceTools.HaloRun r = ReferenceTools.halo(concat(new String[] {"netlist"}, mac, new String[] {"--out", netlist.toString()}));
        assertEquals(0, r.code(), r.err());
        String text = Files.readString(netlist);
        String top = text.substring(text.indexOf("module ") + 7, text.indexOf('(', text.indexOf("module "))).trim();
        TreeMap<Integer, Double> sta = ReferenceTools.openStaSweep(tmp, plain, netlist, top, dff, "w", 8, "[get_pins -hierarchical prod_reg_*/D]");
        Path json = tmp.resolve("reg.json");
        r = ReferenceTools.halo(concat(new String[] {"characterize"}, mac, new String[] {"--weight-port", "w", "--format", "json", "--out", json.toString()}));
        assertEquals(0, r.code(), r.err());
        JsonNode root = new ObjectMapper().readTree(json.toFile());
        assertEquals("to-registers", root.path("stages").get(0).asText());
        for (JsonNode row : root.path("weights")) {
            int w = row.path("weight").asInt();
            double got = row.path("stages").path("to-registers").asDouble(), ref = sta.get(w);
            assertTrue(Math.abs(got - ref) <= Math.max(5.0, 0.01 * ref), "weight " + w + ": halo " + got + " ps, OpenSTA " + ref + " ps");
        }
        double free = root.path("unconstrained").path("stages").path("to-registers").asDouble();
        assertEquals(sta.get(Integer.MIN_VALUE), free, Math.max(5.0, 0.01 * free));
    }

    private static String[] concat(String[]... parts) {
        return java.util.Arrays.stream(parts).flatMap(java.util.Arrays::stream).toArray(String[]::new);
    }

    static void compare(String libArg, Path plainLib, Path netlist, String top, String dff) throws Exception {
        Path tmp = netlist.getParent();
        TreeMap<Integer, Double> sta = ReferenceTools.openStaSweep(tmp, plainLib, netlist, top, dff, "w", 8);
        Path json = tmp.resolve("halo.json");
        ReferenceTools.HaloRun r = ReferenceTools.halo("characterize", "--liberty", libArg, "--netlist", netlist.toString(), "--top", top,
            "--weight-port", "w", "--format", "json", "--out", json.toString());
        assertEquals(0, r.code(), r.err());
        ReferenceTools.HaloRun c = ReferenceTools.halo("characterize", "--liberty", libArg, "--netlist", netlist.toString(), "--top", top,
            "--weight-port", "w");
        assertEquals(0, c.code(), c.err());
        TreeMap<Integer, Double> ours = ReferenceTools.csv(c.out());
        assertEquals(256, ours.size());
        assertEquals(257, sta.size(), "OpenSTA printed every weight and the unconstrained line");
        for (int w = -128; w <= 127; w++) {
            double ref = sta.get(w), got = ours.get(w);
            assertTrue(Math.abs(got - ref) <= Math.max(5.0, 0.01 * ref),
                "weight " + w + ": halo " + got + " ps, OpenSTA " + ref + " ps");
        }
        double rho = new SpearmansCorrelation().correlation(
            ReferenceTools.values(ours, -128, 127).stream().mapToDouble(Double::doubleValue).toArray(),
            ReferenceTools.values(sta, -128, 127).stream().mapToDouble(Double::doubleValue).toArray());
        assertTrue(rho >= 0.95, "Spearman rank correlation " + rho);
        JsonNode root = new ObjectMapper().readTree(json.toFile());
        double unconstrained = root.path("unconstrained").path("delay_ps").asDouble();
        double refFree = sta.get(Integer.MIN_VALUE);
        assertTrue(Math.abs(unconstrained - refFree) <= Math.max(5.0, 0.01 * refFree), "unconstrained: halo " + unconstrained + ", OpenSTA " + refFree);
        // the delay that bounds the clock never exceeds the unconstrained critical path
        for (int w = -128; w <= 127; w++) assertTrue(ours.get(w) <= unconstrained + 1e-3);
    }
}
