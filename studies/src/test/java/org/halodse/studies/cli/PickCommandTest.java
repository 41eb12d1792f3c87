package org.halodse.studies.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.halodse.dse.space.Objective;
import org.halodse.hw.chip.ChipPresets;
import org.halodse.hw.perf.ChipModel;
import org.halodse.objectives.profile.LayerProfile;
import org.halodse.objectives.profile.ModelProfile;
import org.halodse.objectives.profile.ProfileCache;
import org.halodse.objectives.quant.QuantOption;
import org.halodse.reports.Baseline;
import org.halodse.reports.FrontPoint;
import org.halodse.reports.LayerDecision;
import org.halodse.reports.ParetoReport;
import org.halodse.reports.json.ParetoJson;
import org.halodse.studies.deploy.DeployPicker;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code halo pick} on a hand-made run (one block of six linears on edge-npu): the choice for each
 * metric, ties, the accuracy budget, the infeasible case, a wrong chip, a missing run, and the
 * deployment file's codebooks, sparse part and DVFS switch points.
 */
class PickCommandTest {
    @TempDir Path tmp;
    Path run;

    static final String[] NAMES = {"encoder.layer.0.attention.self.query", "encoder.layer.0.attention.self.key",
        "encoder.layer.0.attention.self.value", "encoder.layer.0.attention.output.dense", "encoder.layer.0.intermediate.dense",
        "encoder.layer.0.output.dense"};
    static final String[] ROLES = {"QUERY", "KEY", "VALUE", "ATTENTION_OUTPUT", "MLP_UP", "MLP_DOWN"};
    static final int[][] SHAPES = {{8, 4}, {8, 4}, {8, 4}, {4, 8}, {8, 16}, {16, 8}};

    static final List<Integer> FAST = List.of(-1, 0, 1);
    static final List<Integer> SLOW = List.of(-7, -6, -5, -4, -3, -2, -1, 0, 1, 2, 3, 4, 5, 6, 7);
    static final List<Integer> INT8 = range(-127, 127);

    static List<Integer> range(int a, int b) {
        List<Integer> l = new ArrayList<>();
        for (int i = a; i <= b; i++) l.add(i);
        return l;
    }

    /** Two-class HALO layer. */
    static LayerDecision halo(int i, double sparse, int fastLevel, int slowLevel) {
        return new LayerDecision(NAMES[i], 4, FAST, SLOW, 0.5, sparse, fastLevel, slowLevel, 0, 0);
    }

    /** One-class INT8 RTN layer. */
    static LayerDecision rtn(int i, int level) {
        return new LayerDecision(NAMES[i], 8, List.of(), INT8, 0, 0, level, level, 0, 0);
    }

    /** p2's layers: execution order q.f@4 q.s@1 k.f@4 k.s@1 v@0 attention@1 o.f@2 o.s@2 up@1 down@1. */
    static List<LayerDecision> p2Layers() {
        return List.of(halo(0, 0.25, 4, 1), halo(1, 0, 4, 1), rtn(2, 0), halo(3, 0, 2, 2), rtn(4, 1), rtn(5, 1));
    }

    static List<LayerDecision> plain() {
        List<LayerDecision> l = new ArrayList<>();
        for (int i = 0; i < 6; i++) l.add(rtn(i, 1));
        return l;
    }

    static FrontPoint point(String id, double lat, double en, double acc, List<LayerDecision> layers) {
        return new FrontPoint(id, new double[] {lat, en, acc}, Map.of(), layers);
    }

    @BeforeEach
    void makeRun() throws Exception {
        run = tmp.resolve("run");
        List<FrontPoint> pts = List.of(
            point("p1", 1.0, 10.0, 0.30, plain()),   // edp 10
            point("p2", 2.0, 4.0, 0.10, p2Layers()), // edp 8: the edp choice
            point("p3", 4.0, 2.5, 0.02, plain()),    // edp 10: the energy choice
            point("p4", 1.5, 6.0, 0.05, plain()),    // edp 9
            point("p10", 1.0, 12.0, 0.25, plain()),  // ties p1 on latency, lower accuracy: the latency choice
            point("p5", 1.0, 12.0, 0.25, plain()));  // ties p10 on everything: p5 < p10 by id
        List<Objective> objs = List.of(new Objective("latency", "ms"), new Objective("energy", "mJ"), new Objective("accuracy", "proxy"));
        List<Baseline> bls = List.of(new Baseline("int8-rtn", "INT8", new double[] {4.0, 8.0, 0.001}),
            new Baseline("halo-bal", "HALO", new double[] {2.5, 5.0, 0.2}));
        ParetoReport r = new ParetoReport("pick-test", "edge-npu", "tiny", false, objs, pts, bls, null, null, null, Map.of());
        Files.createDirectories(run.resolve("cache"));
        ParetoJson.write(run.resolve("pareto.json"), r);
        Files.writeString(run.resolve("study.yaml"), """
            name: "pick-test"
            model:
              source: "minilm-l6"
            chip:
              preset: "edge-npu"
            """);
        List<LayerProfile> tables = new ArrayList<>();
        for (int i = 0; i < 6; i++) tables.add(new LayerProfile(NAMES[i], 0, ROLES[i], SHAPES[i][0], SHAPES[i][1], 0, List.of()));
        List<QuantOption> opts = List.of(QuantOption.rtn(8, 0), QuantOption.halo(4, 3, 0.5, 0.25, 32), QuantOption.halo(4, 3, 0.5, 0, 32));
        ModelProfile prof = new ModelProfile(ModelProfile.FORMAT, "k".repeat(64), "tiny", false, "calib", 6, opts.size(), opts, 1000, null, 0, tables);
        Files.writeString(run.resolve("cache/profile-" + "k".repeat(24) + ".json"), ProfileCache.toJson(prof, false));
        // an unrelated profile (other layers) must be skipped
        ModelProfile other = new ModelProfile(ModelProfile.FORMAT, "a".repeat(64), "other", false, "calib", 1, 1, List.of(QuantOption.rtn(8, 0)),
            1000, null, 0, List.of(new LayerProfile("x", 0, "QUERY", 2, 2, 0, List.of())));
        Files.writeString(run.resolve("cache/profile-" + "a".repeat(24) + ".json"), ProfileCache.toJson(other, false));
    }

    private ReferenceTools.HaloRun pick(String... extra) {
        List<String> a = new ArrayList<>(List.of("pick", run.toString(), "--chip", "edge-npu"));
        a.addAll(List.of(extra));
        return ReferenceTools.halo(a.toArray(String[]::new));
    }

    private JsonNode deployed() throws Exception {
        return DeployPicker.parse(Files.readString(run.resolve("deploy/edge-npu.json")));
    }

    private static String oneLine(ReferenceTools.HaloRun r, int code) {
        assertEquals(code, r.code(), "exit code; stderr: " + r.err());
        assertFalse(r.err().contains("\tat "), "no stack trace: " + r.err());
        String[] lines = r.err().strip().split("\n");
        assertEquals(1, lines.length, r.err());
        assertTrue(lines[0].startsWith("halo: "), r.err());
        return lines[0];
    }

    private String chosen(String... extra) throws Exception {
        ReferenceTools.HaloRun r = pick(extra);
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("wrote " + run.resolve("deploy/edge-npu.json")), r.out());
        return deployed().get("point").asText();
    }

    @Test
    void choosesByEachMetricWithTies() throws Exception {
        assertEquals("p5", chosen("--minimize", "latency"), "latency 1.0 three ways: lowest accuracy (0.25), then id p5 < p10");
        assertEquals("p3", chosen("--minimize", "energy"));
        assertEquals("p2", chosen("--minimize", "edp"));
        assertEquals("p2", chosen(), "edp is the default");
    }

    @Test
    void accuracyBudget() throws Exception {
        assertEquals("p4", chosen("--minimize", "latency", "--max-accuracy-loss", "0.06"));
        assertEquals("p3", chosen("--minimize", "energy", "--max-accuracy-loss", "0.06"));
        assertEquals("p4", chosen("--minimize", "edp", "--max-accuracy-loss", "0.06"), "edp 9 (p4) beats 10 (p3)");
        assertEquals("p3", chosen("--minimize", "latency", "--max-accuracy-loss", "0.02"), "the budget is inclusive");
    }

    @Test
    void infeasibleNamesTheClosestPoint() {
        String line = oneLine(pick("--max-accuracy-loss", "0.01"), 1);
        assertTrue(line.contains("no front point meets --max-accuracy-loss"), line);
        assertTrue(line.contains("closest is p3"), line);
        assertFalse(Files.exists(run.resolve("deploy/edge-npu.json")), "nothing written");
    }

    @Test
    void wrongChip() {
        String line = oneLine(ReferenceTools.halo("pick", run.toString(), "--chip", "tpu-v1"), 2);
        assertTrue(line.contains("explored for chip edge-npu"), line);
        assertTrue(line.contains("needs its own run"), line);
        assertFalse(Files.exists(run.resolve("deploy")));
    }

    @Test
    void missingRunDirAndBadMetric() {
        Path nope = tmp.resolve("nope");
        assertEquals("halo: " + nope + ": no such run directory", oneLine(ReferenceTools.halo("pick", nope.toString(), "--chip", "edge-npu"), 2));
        String line = oneLine(pick("--minimize", "power"), 2);
        assertTrue(line.contains("--minimize") && line.contains("latency, energy or edp"), line);
    }

    @Test
    void deployFileHoldsCodebooksSparseAndDvfsPlan() throws Exception {
        assertEquals(0, pick("--minimize", "edp").code());
        JsonNode d = deployed();
        assertEquals("p2", d.get("point").asText());
        assertEquals(2.0, d.at("/expected/latencyMs").asDouble());
        assertEquals(4.0, d.at("/expected/energyMJ").asDouble());
        assertEquals(0.10, d.at("/expected/accuracy").asDouble());

        JsonNode q = d.get("layers").get(0);
        assertEquals(NAMES[0], q.get("layer").asText());
        assertEquals(8, q.get("inFeatures").asInt());
        assertEquals(2, q.get("classes").size());
        JsonNode fast = q.get("classes").get(0), slow = q.get("classes").get(1);
        assertEquals("fast", fast.get("class").asText());
        assertEquals(FAST, ints(fast.get("values")));
        assertEquals(2, fast.get("indexBits").asInt(), "3 values need 2 index bits");
        assertEquals(4, fast.get("level").asInt());
        assertEquals(1.5, fast.get("frequencyGHz").asDouble());
        assertEquals(SLOW, ints(slow.get("values")));
        assertEquals(4, slow.get("indexBits").asInt(), "15 values need 4 index bits");
        assertEquals("channel", q.at("/scales/granularity").asText());
        assertEquals(4, q.at("/scales/count").asInt(), "one scale per output channel");
        assertEquals(8, q.at("/sparse/entries").asInt(), "0.25 x 8 x 4");
        assertEquals(32, q.at("/sparse/bytes").asInt());
        JsonNode v = d.get("layers").get(2);
        assertEquals(1, v.get("classes").size(), "INT8 RTN has one class");
        assertEquals(INT8, ints(v.get("classes").get(0).get("values")));
        assertEquals(8, v.get("classes").get(0).get("indexBits").asInt());
        assertEquals(8, d.at("/sparse/entries").asInt());

        // q.f@4 q.s@1 k.f@4 k.s@1 v@0 attention@1 o.f@2 o.s@2 up@1 down@1
        assertEquals(1, ChipModel.of(ChipPresets.preset("edge-npu")).nominalLevel, "edge-npu's nominal level");
        JsonNode dv = d.get("dvfs");
        assertEquals(1, dv.get("nominalLevel").asInt());
        List<Integer> order = new ArrayList<>();
        for (JsonNode s : dv.get("order")) order.add(s.get("level").asInt());
        assertEquals(List.of(4, 1, 4, 1, 0, 1, 2, 2, 1, 1), order);
        assertEquals("attention", dv.get("order").get(5).get("part").asText());
        assertEquals(NAMES[2], dv.get("order").get(5).get("layer").asText(), "attention right after v");
        List<Integer> steps = new ArrayList<>(), to = new ArrayList<>();
        for (JsonNode s : dv.get("switchPoints")) {
            steps.add(s.get("step").asInt());
            to.add(s.get("toLevel").asInt());
        }
        assertEquals(List.of(1, 2, 3, 4, 5, 6, 8), steps);
        assertEquals(List.of(1, 4, 1, 0, 1, 2, 1), to);
        assertEquals(7, dv.get("switchesPerPass").asInt());
        JsonNode sw0 = dv.get("switchPoints").get(3);
        assertEquals(NAMES[2], sw0.get("before").asText());
        assertEquals(0.7, sw0.get("voltage").asDouble());
        assertEquals(0.8, sw0.get("frequencyGHz").asDouble());
        List<Integer> levels = new ArrayList<>();
        for (JsonNode l : dv.get("levels")) levels.add(l.get("level").asInt());
        assertEquals(List.of(0, 1, 2, 4), levels);
        assertEquals(0.9, dv.get("levels").get(3).get("voltage").asDouble());

        JsonNode b = d.get("baselines").get(0);
        assertEquals("int8-rtn", b.get("name").asText());
        assertEquals(2.0, b.get("speedup").asDouble(), 1e-12);
        assertEquals(0.5, b.get("energySaving").asDouble(), 1e-12);
        JsonNode hb = d.get("baselines").get(1);
        assertEquals(1.25, hb.get("speedup").asDouble(), 1e-12);
        assertEquals(0.2, hb.get("energySaving").asDouble(), 1e-12);
    }

    private static List<Integer> ints(JsonNode a) {
        List<Integer> l = new ArrayList<>();
        for (JsonNode n : a) l.add(n.asInt());
        return l;
    }
}
