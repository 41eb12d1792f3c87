package org.halodse.reports.json;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.halodse.dse.space.Objective;
import org.halodse.reports.AtomicFiles;
import org.halodse.reports.Baseline;
import org.halodse.reports.FrontPoint;
import org.halodse.reports.HypervolumeFigure;
import org.halodse.reports.HypervolumeSample;
import org.halodse.reports.LayerDecision;
import org.halodse.reports.ParetoReport;
import org.halodse.reports.WeightProfile;

/**
 * pareto.json: writer and reader. Objective vectors (of points, baselines, the hypervolume's
 * reference point and normalization bounds) are written as maps from objective name to value, so
 * the file reads without knowing the objective order; the reader rebuilds the order from
 * {@code objectives}. {@code halo report RUN_DIR} rebuilds every output from this file alone.
 */
public final class ParetoJson {
    public static final int FORMAT_VERSION = 1;
    public static final String FILE_NAME = "pareto.json";
    private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private ParetoJson() {
    }

    public static ObjectMapper mapper() {
        return MAPPER;
    }

    /** The report as a JSON tree (the form of pareto.json, also embedded in report.html). */
    public static ObjectNode toTree(ParetoReport r) {
        ObjectNode root = MAPPER.createObjectNode();
        root.put("formatVersion", FORMAT_VERSION);
        root.put("study", r.study());
        root.put("chip", r.chip());
        root.put("model", r.model());
        root.put("syntheticModel", r.syntheticModel());
        List<Objective> objs = r.objectives();
        ArrayNode on = root.putArray("objectives");
        for (Objective o : objs) on.addObject().put("name", o.name()).put("unit", o.unit());
        ArrayNode pts = root.putArray("points");
        for (FrontPoint p : r.points()) {
            ObjectNode pn = pts.addObject();
            pn.put("id", p.id());
            pn.set("objectives", vector(objs, p.objectives()));
            ObjectNode vn = pn.putObject("validated");
            p.validated().forEach(vn::put);
            ArrayNode ln = pn.putArray("layers");
            for (LayerDecision d : p.layers()) {
                ObjectNode dn = ln.addObject();
                dn.put("layer", d.layer());
                dn.put("bits", d.bits());
                ArrayNode fc = dn.putArray("fastCodebook");
                d.fastCodebook().forEach(fc::add);
                ArrayNode sc = dn.putArray("slowCodebook");
                d.slowCodebook().forEach(sc::add);
                dn.put("fastShare", d.fastShare());
                dn.put("sparseFraction", d.sparseFraction());
                dn.put("fastLevel", d.fastLevel());
                dn.put("slowLevel", d.slowLevel());
                dn.put("fastClockGHz", d.fastClockGHz());
                dn.put("slowClockGHz", d.slowClockGHz());
            }
        }
        ArrayNode bs = root.putArray("baselines");
        for (Baseline b : r.baselines()) {
            ObjectNode bn = bs.addObject();
            bn.put("name", b.name());
            bn.put("description", b.description());
            bn.set("objectives", vector(objs, b.objectives()));
        }
        HypervolumeFigure h = r.hypervolume();
        if (h == null) {
            root.putNull("hypervolume");
        } else {
            ObjectNode hn = root.putObject("hypervolume");
            hn.put("value", h.value());
            hn.set("referencePoint", vector(objs, h.referencePoint()));
            ObjectNode nn = hn.putObject("normalization");
            nn.set("lower", vector(objs, h.normalizationLower()));
            nn.set("upper", vector(objs, h.normalizationUpper()));
            hn.put("note", h.note());
        }
        ArrayNode hist = root.putArray("history");
        for (HypervolumeSample s : r.history()) hist.addObject().put("evaluations", s.evaluations()).put("hypervolume", s.hypervolume());
        WeightProfile w = r.mac();
        if (w == null) {
            root.putNull("mac");
        } else {
            ObjectNode wn = root.putObject("mac");
            wn.put("minWeight", w.minWeight());
            ArrayNode dn = wn.putArray("delayPs");
            for (double v : w.delayPs()) dn.add(v);
            if (w.energyFj() == null) {
                wn.putNull("energyFj");
            } else {
                ArrayNode en = wn.putArray("energyFj");
                for (double v : w.energyFj()) en.add(v);
            }
            wn.put("circuit", w.circuit());
            wn.put("library", w.library());
        }
        ObjectNode prov = root.putObject("provenance");
        r.provenance().forEach(prov::put);
        return root;
    }

    public static String toJson(ParetoReport r) {
        try {
            return MAPPER.writeValueAsString(toTree(r)) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Writes pareto.json atomically. */
    public static void write(Path file, ParetoReport r) {
        AtomicFiles.writeString(file, toJson(r));
    }

    public static ParetoReport read(Path file) {
        try {
            return parse(Files.readString(file, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(file + ": " + e.getMessage(), e);
        }
    }

    public static ParetoReport parse(String json) {
        JsonNode root;
        try {
            root = MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not valid JSON: " + e.getOriginalMessage(), e);
        }
        return fromTree(root);
    }

    public static ParetoReport fromTree(JsonNode root) {
        if (root == null || !root.isObject()) throw new IllegalArgumentException("expected a JSON object at the top level");
        int version = root.path("formatVersion").asInt(FORMAT_VERSION);
        if (version > FORMAT_VERSION) throw new IllegalArgumentException("formatVersion " + version + " is newer than this reader (" + FORMAT_VERSION + ")");
        List<Objective> objs = new ArrayList<>();
        for (JsonNode o : array(root, "objectives", "")) objs.add(new Objective(text(o, "name", "objectives[]"), o.path("unit").asText("")));
        List<FrontPoint> points = new ArrayList<>();
        int i = 0;
        for (JsonNode p : array(root, "points", "")) {
            String at = "points[" + i++ + "]";
            Map<String, Double> validated = new LinkedHashMap<>();
            JsonNode vn = p.path("validated");
            for (Map.Entry<String, JsonNode> e : vn.properties()) {
                validated.put(e.getKey(), number(e.getValue(), at + ".validated." + e.getKey()));
            }
            List<LayerDecision> layers = new ArrayList<>();
            int j = 0;
            for (JsonNode d : array(p, "layers", at)) {
                String lat = at + ".layers[" + j++ + "]";
                layers.add(new LayerDecision(text(d, "layer", lat), (int) number(d.path("bits"), lat + ".bits"), ints(d.path("fastCodebook")), ints(d.path("slowCodebook")),
                        number(d.path("fastShare"), lat + ".fastShare"), number(d.path("sparseFraction"), lat + ".sparseFraction"),
                        (int) number(d.path("fastLevel"), lat + ".fastLevel"), (int) number(d.path("slowLevel"), lat + ".slowLevel"),
                        number(d.path("fastClockGHz"), lat + ".fastClockGHz"), number(d.path("slowClockGHz"), lat + ".slowClockGHz")));
            }
            points.add(new FrontPoint(text(p, "id", at), vector(objs, p.path("objectives"), at + ".objectives"), validated, layers));
        }
        List<Baseline> baselines = new ArrayList<>();
        i = 0;
        for (JsonNode b : array(root, "baselines", "")) {
            String at = "baselines[" + i++ + "]";
            baselines.add(new Baseline(text(b, "name", at), b.path("description").asText(""), vector(objs, b.path("objectives"), at + ".objectives")));
        }
        HypervolumeFigure hv = null;
        JsonNode hn = root.path("hypervolume");
        if (hn.isObject()) {
            JsonNode nn = hn.path("normalization");
            hv = new HypervolumeFigure(number(hn.path("value"), "hypervolume.value"), vector(objs, hn.path("referencePoint"), "hypervolume.referencePoint"),
                    vector(objs, nn.path("lower"), "hypervolume.normalization.lower"), vector(objs, nn.path("upper"), "hypervolume.normalization.upper"),
                    hn.path("note").asText(""));
        }
        List<HypervolumeSample> history = new ArrayList<>();
        i = 0;
        for (JsonNode s : root.path("history")) {
            String at = "history[" + i++ + "]";
            history.add(new HypervolumeSample((long) number(s.path("evaluations"), at + ".evaluations"), number(s.path("hypervolume"), at + ".hypervolume")));
        }
        WeightProfile mac = null;
        JsonNode wn = root.path("mac");
        if (wn.isObject()) {
            JsonNode en = wn.path("energyFj");
            mac = new WeightProfile((int) number(wn.path("minWeight"), "mac.minWeight"), doubles(wn.path("delayPs"), "mac.delayPs"),
                    en.isArray() ? doubles(en, "mac.energyFj") : null, wn.path("circuit").asText(""), wn.path("library").asText(""));
        }
        Map<String, String> prov = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> e : root.path("provenance").properties()) {
            prov.put(e.getKey(), e.getValue().asText());
        }
        return new ParetoReport(root.path("study").asText(""), text(root, "chip", ""), root.path("model").asText(""), root.path("syntheticModel").asBoolean(false),
                objs, points, baselines, hv, history, mac, prov);
    }

    private static ObjectNode vector(List<Objective> objs, double[] v) {
        ObjectNode n = MAPPER.createObjectNode();
        for (int i = 0; i < objs.size(); i++) n.put(objs.get(i).name(), v[i]);
        return n;
    }

    private static double[] vector(List<Objective> objs, JsonNode n, String at) {
        if (!n.isObject()) throw new IllegalArgumentException(at + ": expected a map from objective name to value");
        double[] v = new double[objs.size()];
        for (int i = 0; i < v.length; i++) {
            String name = objs.get(i).name();
            if (!n.has(name)) throw new IllegalArgumentException(at + ": missing objective '" + name + "'");
            v[i] = number(n.get(name), at + "." + name);
        }
        for (Map.Entry<String, JsonNode> e : n.properties()) {
            String k = e.getKey();
            boolean known = objs.stream().anyMatch(o -> o.name().equals(k));
            if (!known) throw new IllegalArgumentException(at + ": '" + k + "' is not one of the report's objectives");
        }
        return v;
    }

    private static Iterable<JsonNode> array(JsonNode parent, String key, String at) {
        JsonNode n = parent.path(key);
        if (n.isMissingNode() || n.isNull()) return List.of();
        if (!n.isArray()) throw new IllegalArgumentException(path(at, key) + ": expected an array");
        return n;
    }

    private static String text(JsonNode parent, String key, String at) {
        JsonNode n = parent.path(key);
        if (!n.isTextual()) throw new IllegalArgumentException(path(at, key) + ": expected a string");
        return n.asText();
    }

    /** A number; non-finite values are written by Jackson as the strings "NaN", "Infinity", "-Infinity". */
    private static double number(JsonNode n, String at) {
        if (n.isNumber()) return n.asDouble();
        if (n.isTextual()) {
            switch (n.asText()) {
                case "NaN": return Double.NaN;
                case "Infinity": return Double.POSITIVE_INFINITY;
                case "-Infinity": return Double.NEGATIVE_INFINITY;
                default: break;
            }
        }
        throw new IllegalArgumentException(at + ": expected a number");
    }

    private static double[] doubles(JsonNode n, String at) {
        if (!n.isArray()) throw new IllegalArgumentException(at + ": expected an array of numbers");
        double[] v = new double[n.size()];
        for (int i = 0; i < v.length; i++) v[i] = number(n.get(i), at + "[" + i + "]");
        return v;
    }

    private static List<Integer> ints(JsonNode n) {
        List<Integer> r = new ArrayList<>();
        for (JsonNode x : n) r.add(x.asInt());
        return r;
    }

    private static String path(String at, String key) {
        return at.isEmpty() ? key : at + "." + key;
    }
}
