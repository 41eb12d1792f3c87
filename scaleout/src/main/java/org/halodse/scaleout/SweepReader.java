package org.halodse.scaleout;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.halodse.hw.chip.ChipPresets;
import org.halodse.hw.liberty.InputException;
import org.halodse.objectives.model.ModelCatalog;
import org.halodse.objectives.model.SyntheticModel;
import org.halodse.studies.config.KeyLocator;
import org.halodse.studies.config.StudyConfig;
import org.halodse.studies.config.StudyDefaults;
import org.halodse.studies.config.StudyReader;

/**
 * Reads a sweep file (YAML) into a {@link SweepPlan}:
 * <pre>
 * name: chips-x-macs          # optional (default: the file's name)
 * base: quickstart.yaml       # the base study (relative to this file's folder)
 * out: runs/chips-x-macs      # optional (default runs/NAME); --out wins
 * override:                   # optional: study keys merged over the base (e.g. a smaller budget)
 *   search: {evaluations: 2000}
 * axes:                       # at least one; the cells are every combination
 *   chip: [edge-npu, tpu-v1]
 *   mac:                      # merged over the base's mac; name: the cell's label
 *     - {name: booth, arch: booth, tree: dadda}
 *     - {name: array, arch: array, adder: ripple}
 *   model: [minilm-l6, /data/model.safetensors]
 * budgets: [int8-rtn, int4-rtn, 0.5]   # optional: accuracy budgets of the report
 * </pre>
 * Every cell is built and validated as a study before anything runs; an unknown chip or model,
 * a missing file or a bad value is one line naming the sweep file, line, key and value.
 */
public final class SweepReader {
    static final List<String> KEYS = List.of("name", "base", "out", "override", "axes", "budgets");
    static final List<String> AXES = List.of("chip", "mac", "model");
    static final List<String> DEFAULT_BUDGETS = List.of("int8-rtn", "int4-rtn", "halo-bal");

    private final Path file;
    private final String text;

    private SweepReader(Path file, String text) {
        this.file = file;
        this.text = text;
    }

    public static SweepPlan read(Path file, Path outOverride) {
        String text;
        try {
            text = Files.readString(file);
        } catch (NoSuchFileException e) {
            throw new InputException(file + ": no such sweep file");
        } catch (IOException e) {
            throw new InputException(file + ": cannot read (" + e.getMessage() + ")");
        }
        return new SweepReader(file, text).plan(outOverride);
    }

    private InputException bad(String key, String msg) {
        return InputException.at(file.toString(), KeyLocator.line(text, false, key), key + ": " + msg);
    }

    private SweepPlan plan(Path outOverride) {
        ObjectMapper yaml = new ObjectMapper(new YAMLFactory());
        yaml.enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
        JsonNode root;
        try {
            root = yaml.readTree(text);
        } catch (JsonProcessingException e) {
            int line = e.getLocation() == null ? 0 : e.getLocation().getLineNr();
            throw InputException.at(file.toString(), line, "not valid YAML: " + SparkEngine.firstLine(e.getOriginalMessage()));
        }
        if (root == null || root.isMissingNode() || root.isNull()) throw new InputException(file + ": empty sweep file, expected keys base and axes");
        if (!root.isObject()) throw InputException.at(file.toString(), 1, "expected a mapping with keys " + String.join(", ", KEYS));
        for (var it = root.fieldNames(); it.hasNext(); ) {
            String k = it.next();
            if (!KEYS.contains(k)) throw bad(k, "unknown key (expected one of: " + String.join(", ", KEYS) + ")");
        }
        String name = root.hasNonNull("name") ? text(root, "name") : stem(file.getFileName().toString());
        if (!name.matches("[A-Za-z0-9._-]+")) throw bad("name", "'" + name + "': expected letters, digits, '.', '_' or '-' (it names a folder)");
        if (!root.hasNonNull("base")) throw bad("base", "missing; expected the base study file");
        Path base = relative(text(root, "base"));
        if (!Files.isRegularFile(base)) throw bad("base", "no such study file '" + text(root, "base") + "' (relative paths are taken from the sweep file's folder)");
        StudyReader.read(base); // the base alone must be a valid study: its own errors name its own lines
        ObjectNode baseTree;
        try {
            JsonNode t = (base.toString().endsWith(".json") ? new ObjectMapper() : yaml).readTree(Files.readString(base));
            baseTree = (ObjectNode) t;
        } catch (IOException | ClassCastException e) {
            throw new InputException(base + ": cannot read (" + e.getMessage() + ")");
        }
        Path out = outOverride != null ? outOverride : Path.of(root.hasNonNull("out") ? text(root, "out") : "runs/" + name);
        out = out.toAbsolutePath().normalize();
        JsonNode override = root.get("override");
        if (override != null && !override.isNull() && !override.isObject()) throw bad("override", "expected a mapping of study keys");
        if (override != null && override.isObject()) merge(baseTree, (ObjectNode) override);

        JsonNode axes = root.get("axes");
        if (axes == null || !axes.isObject() || axes.isEmpty()) throw bad("axes", "missing or empty; expected a mapping with one or more of " + String.join(", ", AXES));
        for (var it = axes.fieldNames(); it.hasNext(); ) {
            String k = it.next();
            if (!AXES.contains(k)) throw bad("axes." + k, "unknown axis (expected one of: " + String.join(", ", AXES) + ")");
            if (!axes.get(k).isArray() || axes.get(k).isEmpty()) throw bad("axes." + k, "expected a non-empty list");
        }
        // each axis: (label, value); absent axes keep the base's value
        List<String[]> chips = new ArrayList<>();
        List<String> modelFiles = new ArrayList<>();
        if (axes.has("chip")) {
            for (int i = 0; i < axes.get("chip").size(); i++) chips.add(new String[] {chip(axes.get("chip").get(i), "axes.chip[" + i + "]")});
        } else {
            chips.add(new String[] {null});
        }
        List<Object[]> macs = new ArrayList<>();
        if (axes.has("mac")) {
            for (int i = 0; i < axes.get("mac").size(); i++) macs.add(mac(axes.get("mac").get(i), "axes.mac[" + i + "]"));
        } else {
            macs.add(new Object[] {null, null});
        }
        List<String[]> models = new ArrayList<>();
        if (axes.has("model")) {
            for (int i = 0; i < axes.get("model").size(); i++) models.add(model(axes.get("model").get(i), "axes.model[" + i + "]", modelFiles));
        } else {
            models.add(new String[] {null, null});
        }

        List<SweepCell> cells = new ArrayList<>();
        Set<String> names = new LinkedHashSet<>();
        for (int m = 0; m < models.size(); m++) {
            for (String[] c : chips) {
                for (Object[] mc : macs) {
                    String[] mo = models.get(m);
                    ObjectNode study = baseTree.deepCopy();
                    List<String> parts = new ArrayList<>();
                    if (c[0] != null) {
                        ObjectNode chip = study.putObject("chip");
                        if (ChipPresets.NAMES.contains(c[0])) chip.put("preset", c[0]);
                        else chip.put("file", c[0]);
                        parts.add(label(ChipPresets.NAMES.contains(c[0]) ? c[0] : stem(Path.of(c[0]).getFileName().toString())));
                    }
                    if (mc[0] != null) {
                        ObjectNode macNode = study.has("mac") && study.get("mac").isObject() ? (ObjectNode) study.get("mac") : study.putObject("mac");
                        ObjectNode axisMac = (ObjectNode) mc[1];
                        // a design given by arch or netlist replaces the base's design keys whole (an
                        // array multiplier must not inherit the base's Booth tree); liberty and the
                        // widths stay the base's unless given
                        if (axisMac.has("arch") || axisMac.has("netlist")) macNode.remove(List.of("arch", "tree", "adder", "pipeline", "netlist", "top"));
                        merge(macNode, axisMac);
                        parts.add((String) mc[0]);
                    }
                    if (mo[0] != null) {
                        study.putObject("model").put("source", mo[1]);
                        parts.add(mo[0]);
                    }
                    String cell = parts.isEmpty() ? "base" : String.join("_", parts);
                    if (!names.add(cell)) throw bad("axes", "two cells are named '" + cell + "'; give the mac entries distinct names (name: ...)");
                    study.put("name", cell);
                    study.put("output", out.resolve(cell).toString());
                    boolean threadsGiven = override != null && override.path("search").has("threads");
                    if (!threadsGiven) {
                        // one core per cell: the cells are the parallel units (a task holds one core)
                        ((ObjectNode) (study.has("search") && study.get("search").isObject() ? study.get("search") : study.putObject("search"))).put("threads", 1);
                    }
                    cells.add(cell(cell, c[0], (String) mc[0], mo[0], study, axisIndex(chips, c), macs.indexOf(mc), m, override != null && override.isObject() ? override : null));
                }
            }
        }
        List<SweepPlan.Budget> budgets = budgets(root.get("budgets"));
        return new SweepPlan(name, file, out, cells, modelFiles, budgets);
    }

    private static int axisIndex(List<String[]> chips, String[] c) {
        return chips.indexOf(c);
    }

    /**
     * The cell's study, validated; a rejection names the sweep file and the line of the axis entry
     * (or override) that put the bad value there.
     */
    private SweepCell cell(String cell, String chip, String mac, String model, ObjectNode study, int chipAt, int macAt, int modelAt, JsonNode override) {
        String json = study.toString();
        StudyConfig resolved;
        String source = "cell " + cell;
        try {
            resolved = StudyDefaults.resolve(StudyReader.read(source, json, true));
        } catch (InputException e) {
            String msg = e.getMessage().replaceFirst("^" + java.util.regex.Pattern.quote(source) + "(:\\d+)?: ", "");
            String top = msg.replaceFirst("[.\\[:].*", "");
            String key = top.equals("mac") && mac != null ? "axes.mac[" + macAt + "]"
                : top.equals("chip") && chip != null ? "axes.chip[" + chipAt + "]"
                : top.equals("model") && model != null ? "axes.model[" + modelAt + "]"
                : override != null && override.has(top) ? "override." + top : "base";
            throw InputException.at(file.toString(), KeyLocator.line(text, false, key), key + ": cell " + cell + ": " + msg);
        }
        String resolvedJson;
        try {
            resolvedJson = new ObjectMapper().writeValueAsString(resolved);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        return new SweepCell(cell, chip, mac, model, resolvedJson, hash(resolved));
    }

    /** SHA-256 of the resolved study, its output folder left out (a moved sweep is still complete). */
    static String hash(StudyConfig c) {
        StudyConfig s = new StudyConfig(c.name(), c.model(), c.calibration(), c.chip(), c.mac(), c.workload(), c.space(), c.objectives(),
            c.constraints(), c.search(), null);
        try {
            byte[] b = new ObjectMapper().writeValueAsString(s).getBytes(StandardCharsets.UTF_8);
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
        } catch (JsonProcessingException | NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private String chip(JsonNode v, String key) {
        if (!v.isTextual() || v.asText().isBlank()) throw bad(key, "expected a chip preset name (" + String.join(", ", ChipPresets.NAMES) + ") or a chip file");
        String s = v.asText().strip();
        if (ChipPresets.NAMES.contains(s)) return s;
        Path p = relative(s);
        if (Files.isRegularFile(p)) {
            try {
                ChipPresets.resolve(p.toString(), key);
            } catch (InputException e) {
                throw bad(key, "'" + s + "': " + e.getMessage());
            }
            return p.toString();
        }
        throw bad(key, "'" + s + "': unknown chip; expected one of " + String.join(", ", ChipPresets.NAMES) + " or a chip file");
    }

    private Object[] mac(JsonNode v, String key) {
        if (!v.isObject()) throw bad(key, "expected a mapping of mac keys (arch, tree, adder, pipeline, liberty, ...) with an optional name");
        ObjectNode m = ((ObjectNode) v).deepCopy();
        String label;
        if (m.has("name")) {
            label = m.get("name").asText();
            m.remove("name");
        } else {
            List<String> p = new ArrayList<>();
            for (String k : List.of("arch", "tree", "adder", "pipeline", "liberty")) if (m.hasNonNull(k)) p.add(m.get(k).asText());
            label = p.isEmpty() ? "mac" : String.join("-", p);
        }
        label = label(label);
        if (label.isEmpty()) throw bad(key + ".name", "empty; expected a short label for the cell names");
        return new Object[] {label, m};
    }

    /** Model label and the reference executors open: a built-in or preset name, or an absolute path. */
    private String[] model(JsonNode v, String key, List<String> modelFiles) {
        String expected = "expected one of " + String.join(", ", ModelCatalog.NAMES) + " or a path to .onnx, .safetensors or a model folder";
        if (!v.isTextual() || v.asText().isBlank()) throw bad(key, expected);
        String s = v.asText().strip();
        String lower = s.toLowerCase(Locale.ROOT);
        if (ModelCatalog.BUILTINS.stream().anyMatch(b -> b.name().equals(lower)) || SyntheticModel.Preset.byName(lower) != null) return new String[] {label(lower), lower};
        Path p = relative(s);
        if (!Files.exists(p)) throw bad(key, "'" + s + "': no such built-in model or file; " + expected);
        String abs = p.toAbsolutePath().normalize().toString();
        try {
            ModelCatalog.resolve(abs);
        } catch (InputException e) {
            throw bad(key, "'" + s + "': " + e.getMessage());
        }
        modelFiles.addAll(SparkProfileEngine.readablePaths(abs));
        return new String[] {label(stem(p.getFileName().toString())), abs};
    }

    private List<SweepPlan.Budget> budgets(JsonNode b) {
        List<SweepPlan.Budget> out = new ArrayList<>();
        if (b == null || b.isNull()) {
            for (String s : DEFAULT_BUDGETS) out.add(new SweepPlan.Budget(s, null));
            return out;
        }
        if (!b.isArray() || b.isEmpty()) throw bad("budgets", "expected a non-empty list of accuracy values or baseline names (int8-rtn, int4-rtn, halo-perf, halo-bal, halo-acc)");
        for (int i = 0; i < b.size(); i++) {
            JsonNode v = b.get(i);
            if (v.isNumber() && v.asDouble() >= 0) out.add(new SweepPlan.Budget(null, v.asDouble()));
            else if (v.isTextual() && List.of("int8-rtn", "int4-rtn", "halo-perf", "halo-bal", "halo-acc").contains(v.asText())) out.add(new SweepPlan.Budget(v.asText(), null));
            else throw bad("budgets[" + i + "]", "'" + v.asText() + "': expected a number >= 0 or a baseline name (int8-rtn, int4-rtn, halo-perf, halo-bal, halo-acc)");
        }
        return out;
    }

    private Path relative(String s) {
        Path p = Path.of(s);
        if (p.isAbsolute()) return p;
        Path dir = file.toAbsolutePath().getParent();
        Path near = dir == null ? p : dir.resolve(p);
        return Files.exists(near) || !Files.exists(p) ? near : p;
    }

    private String text(JsonNode root, String key) {
        JsonNode v = root.get(key);
        if (!v.isTextual() || v.asText().isBlank()) throw bad(key, "expected a non-empty string");
        return v.asText().strip();
    }

    private static String stem(String f) {
        int i = f.indexOf('.');
        return i > 0 ? f.substring(0, i) : f;
    }

    /** A folder-safe label. */
    static String label(String s) {
        return s.replaceAll("[^A-Za-z0-9.-]+", "-");
    }

    /** Deep merge: mappings merged key by key, anything else replaced. */
    static void merge(ObjectNode into, ObjectNode from) {
        Map<String, JsonNode> fields = new LinkedHashMap<>();
        from.fields().forEachRemaining(e -> fields.put(e.getKey(), e.getValue()));
        for (var e : fields.entrySet()) {
            JsonNode cur = into.get(e.getKey());
            if (cur != null && cur.isObject() && e.getValue().isObject()) merge((ObjectNode) cur, (ObjectNode) e.getValue());
            else into.set(e.getKey(), e.getValue().deepCopy());
        }
    }
}
