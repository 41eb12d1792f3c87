package org.halodse.hw.chip;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.halodse.hw.liberty.InputException;
import org.halodse.hw.liberty.LibertyCatalog;
import org.halodse.hw.netlist.mac.MacGenerator;
import org.halodse.hw.netlist.mac.MacSpec;
import org.halodse.hw.voltage.AlphaPowerFit;
import org.halodse.hw.voltage.CornerDelays;
import org.halodse.hw.voltage.VoltageDelay;

/**
 * Reads and writes {@link ChipSpec}s as YAML or JSON (YAML is a superset of JSON, so one parser
 * reads both). The file is read as a tree and walked by hand, so that every unknown key, missing
 * key, bad or negative number and inconsistency is one line: {@code source: key.path: what was
 * expected}.
 */
public final class ChipSpecReader {
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory()
        .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
        .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
        .disable(YAMLGenerator.Feature.SPLIT_LINES))
        .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    /** Relative tolerance of the consistency checks (figures in files are rounded). */
    private static final double TOL = 1e-6;

    private ChipSpecReader() {
    }

    /** Parses {@code text} (YAML or JSON); {@code source} names it in messages. */
    public static ChipSpec read(String text, String source) {
        JsonNode root;
        try {
            root = YAML.readTree(text);
        } catch (JsonProcessingException e) {
            int line = e.getLocation() == null ? 0 : e.getLocation().getLineNr();
            throw InputException.at(source, line, "not valid YAML or JSON: " + e.getOriginalMessage().lines().findFirst().orElse(""));
        }
        if (root == null || !root.isObject()) throw new InputException(source + ": expected a mapping of chip keys (name, kind, array, ...)");
        return parse(new Node(source, "", root));
    }

    /**
     * The chip with {@code mac.fastestSpeedup} replaced by what a characterized delay profile gives
     * (d_worst / d_fastest over its weight values), re-checked: a DVFS level faster than the
     * profile's fastest weight allows is then an error naming the level.
     */
    public static ChipSpec withDelayProfile(ChipSpec c, double[] delayPs, String source) {
        double worst = 0, best = Double.POSITIVE_INFINITY;
        for (double d : delayPs) {
            worst = Math.max(worst, d);
            best = Math.min(best, d);
        }
        if (!(best > 0)) throw new InputException(source + ": delay profile has a non-positive delay");
        ObjectNode t = tree(c);
        ((ObjectNode) t.get("mac")).put("fastestSpeedup", worst / best);
        ((ObjectNode) t.get("sources")).put("mac.fastestSpeedup", "the attached delay profile (" + source + ")");
        return parse(new Node(source + " + " + c.name(), "", t));
    }

    private static ChipSpec parse(Node r) {
        r.allow("name", "description", "kind", "array", "mac", "nominal", "voltageModel", "dvfs", "memory",
            "sparseUnit", "vectorUnit", "staticPowerW", "sources");
        String name = r.string("name");
        String description = r.has("description") ? r.string("description") : "";
        String kindText = r.string("kind");
        ChipSpec.Kind kind = switch (kindText) {
            case "systolic" -> ChipSpec.Kind.SYSTOLIC;
            case "gpu" -> ChipSpec.Kind.GPU;
            default -> throw r.error("kind", kindText + ": expected systolic or gpu");
        };
        Node a = r.object("array");
        a.allow("rows", "cols", "count");
        ChipSpec.Array array = new ChipSpec.Array(a.positiveInt("rows"), a.positiveInt("cols"), a.positiveInt("count"));

        Node m = r.object("mac");
        m.allow("pipeline", "weightBits", "activationBits", "accumulatorBits", "generator", "netlist", "liberty",
            "fastestSpeedup", "energyFJPerMac");
        String pipeline = m.string("pipeline");
        if (!pipeline.equals("fused") && !pipeline.equals("registered-product")) {
            throw m.error("pipeline", pipeline + ": expected fused or registered-product");
        }
        int wb = m.positiveInt("weightBits");
        if (wb != 4 && wb != 8) throw m.error("weightBits", wb + ": expected 4 or 8");
        int ab = m.positiveInt("activationBits");
        if (ab != 4 && ab != 8) throw m.error("activationBits", ab + ": expected 4 or 8");
        int acc = m.positiveInt("accumulatorBits");
        if (acc < wb + ab || acc > 64) throw m.error("accumulatorBits", acc + ": expected " + (wb + ab) + " to 64");
        String arch = null, tree = null, adder = null, netlist = null, top = null;
        if (m.has("generator") == m.has("netlist")) {
            throw new InputException(m.source + ": " + m.key("generator") + ": expected exactly one of mac.generator (arch/tree/adder) or mac.netlist (file/top)");
        }
        if (m.has("generator")) {
            Node g = m.object("generator");
            g.allow("arch", "tree", "adder");
            arch = g.string("arch");
            if (!arch.equals("array") && !arch.equals("booth")) throw g.error("arch", arch + ": expected array or booth");
            if (arch.equals("booth")) {
                tree = g.string("tree");
                if (!tree.equals("wallace") && !tree.equals("dadda")) throw g.error("tree", tree + ": expected wallace or dadda");
            } else if (g.has("tree")) {
                throw g.error("tree", "an array multiplier takes no tree (wallace/dadda are for booth)");
            }
            adder = g.string("adder");
            if (!List.of("ripple", "kogge-stone", "brent-kung").contains(adder)) throw g.error("adder", adder + ": expected ripple, kogge-stone or brent-kung");
        } else {
            Node n = m.object("netlist");
            n.allow("file", "top");
            netlist = n.string("file");
            top = n.string("top");
        }
        String liberty = m.string("liberty");
        double speedup = m.number("fastestSpeedup");
        if (!(speedup >= 1)) throw m.error("fastestSpeedup", speedup + ": expected >= 1 (d_worst / d_fastest of the characterized MAC)");
        double macEnergy = m.positive("energyFJPerMac", "fJ");
        ChipSpec.Mac mac = new ChipSpec.Mac(pipeline, wb, ab, acc, arch, tree, adder, netlist, top, liberty, speedup, macEnergy);

        Node nom = r.object("nominal");
        nom.allow("voltage", "frequencyGHz");
        double vNom = nom.positive("voltage", "V");
        double fNom = nom.positive("frequencyGHz", "GHz");

        Node vm = r.object("voltageModel");
        vm.allow("law", "thresholdV", "alpha");
        String law = vm.string("law");
        if (!law.equals("alpha-power")) throw vm.error("law", law + ": expected alpha-power");
        Map<String, String> derivedSources = new LinkedHashMap<>();
        Node d = r.object("dvfs");
        d.allow("levels", "derive", "switchLatencyNs", "switchEnergyNJ");
        if (d.has("levels") == d.has("derive")) {
            throw d.error("levels", "expected exactly one of dvfs.levels (a list of {voltage, frequencyGHz}) or dvfs.derive"
                + " ({voltages: [...]}; frequencies by the alpha-power law from the nominal point)");
        }
        Node derive = d.has("derive") ? d.object("derive") : null;
        Node fit = null;
        if (derive != null) {
            derive.allow("voltages", "delayRatios", "fit");
            if (derive.has("fit")) fit = derive.object("fit");
        }
        double vth, alpha;
        if (fit != null) {
            for (String k : new String[] {"thresholdV", "alpha"}) {
                if (vm.has(k)) throw vm.error(k, "given, but dvfs.derive.fit fits it to the library corners: expected one or the other");
            }
            double[] va = fitCorners(fit, mac, vNom, derivedSources);
            vth = va[0];
            alpha = va[1];
        } else {
            vth = vm.nonNegative("thresholdV", "V");
            alpha = vm.positive("alpha", "");
        }
        if (vth >= vNom) throw vm.error("thresholdV", vth + ": expected below nominal.voltage (" + vNom + " V)");
        GivenAlphaPower model = new GivenAlphaPower(vNom, vth, alpha);

        List<DvfsLevel> levels = new ArrayList<>();
        boolean worstSafe = false;
        if (derive != null) {
            double[] volts = derive.numbers("voltages", "V", false);
            double[] ratios = derive.has("delayRatios") ? derive.numbers("delayRatios", "", true) : new double[] {1.0};
            for (int i = 0; i < volts.length; i++) {
                if (!model.defined(volts[i])) {
                    throw new InputException(derive.source + ": " + derive.key("voltages") + "[" + i + "]: " + volts[i] + ": expected above the threshold voltage ("
                        + round(vth) + " V" + (fit != null ? ", fitted" : "") + ")");
                }
                for (int k = 0; k < i; k++) {
                    if (volts[k] == volts[i]) throw new InputException(derive.source + ": " + derive.key("voltages") + "[" + i + "]: duplicate voltage " + volts[i]);
                }
            }
            for (int j = 0; j < ratios.length; j++) {
                if (ratios[j] > 1 + TOL) {
                    throw new InputException(derive.source + ": " + derive.key("delayRatios") + "[" + j + "]: " + ratios[j]
                        + ": expected a ratio d / d_worst in (0, 1] (1 = safe for every weight value)");
                }
                if (ratios[j] * speedup < 1 - TOL) {
                    throw new InputException(derive.source + ": " + derive.key("delayRatios") + "[" + j + "]: " + ratios[j]
                        + " would be faster than even the fastest weight value allows: expected at least 1 / mac.fastestSpeedup = " + round(1 / speedup));
                }
            }
            for (double r0 : ratios) {
                for (double v : volts) {
                    double f = fNom / (r0 * model.delayScale(v));
                    levels.add(new DvfsLevel(v, f));
                    if (r0 >= 1 - TOL) worstSafe = true;
                }
            }
            if (!worstSafe) {
                throw derive.error("delayRatios", "no ratio is 1: expected 1 among them, so that some level is safe for the worst-case weight value");
            }
            StringBuilder how = new StringBuilder("derived (dvfs.derive): f = nominal.frequencyGHz / (delayRatio x delay scale(V)) by the alpha-power law (Vth ")
                .append(round(vth)).append(" V, alpha ").append(round(alpha)).append(fit != null ? ", fitted" : ", from voltageModel").append(")");
            derivedSources.put("dvfs.levels", how.toString());
            d.seen.add("dvfs.levels"); // the resolved file lists them; a source may name them
        } else {
            List<Node> ls = d.list("levels");
            if (ls.isEmpty()) throw d.error("levels", "expected at least one level {voltage, frequencyGHz}");
            for (Node l : ls) {
                l.allow("voltage", "frequencyGHz");
                double v = l.positive("voltage", "V");
                if (!model.defined(v)) throw l.error("voltage", v + ": expected above voltageModel.thresholdV (" + vth + " V)");
                double f = l.positive("frequencyGHz", "GHz");
                double fastest = fNom * speedup / model.delayScale(v);
                if (f > fastest * (1 + TOL)) {
                    throw l.error("frequencyGHz", f + " is faster than even the fastest weight value allows at " + v + " V: expected at most "
                        + round(fastest) + " GHz (nominal " + fNom + " GHz x mac.fastestSpeedup " + speedup + " / delay scale " + round(model.delayScale(v)) + ")");
                }
                for (DvfsLevel o : levels) {
                    if (o.voltage() == v && o.frequencyGHz() == f) throw l.error("voltage", "duplicate level (" + v + " V, " + f + " GHz)");
                }
                if (f <= fNom / model.delayScale(v) * (1 + TOL)) worstSafe = true;
                levels.add(new DvfsLevel(v, f));
            }
            if (!worstSafe) {
                throw d.error("levels", "no level is safe for the worst-case weight value: expected one with frequencyGHz <= nominal.frequencyGHz scaled to its voltage (e.g. "
                    + fNom + " GHz at " + vNom + " V)");
            }
        }
        double swLat = d.nonNegative("switchLatencyNs", "ns");
        double swE = d.nonNegative("switchEnergyNJ", "nJ");

        Node mem = r.object("memory");
        mem.allow("offChip", "onChip");
        ChipSpec.Memory off = memory(mem.object("offChip"));
        ChipSpec.Memory on = memory(mem.object("onChip"));

        Node s = r.object("sparseUnit");
        s.allow("macsPerCycle", "energyPJPerMac");
        ChipSpec.SparseUnit sparse = new ChipSpec.SparseUnit(s.positive("macsPerCycle", "MACs per cycle"), s.nonNegative("energyPJPerMac", "pJ"));
        Node vu = r.object("vectorUnit");
        vu.allow("opsPerCycle", "energyPJPerOp");
        ChipSpec.VectorUnit vector = new ChipSpec.VectorUnit(vu.positive("opsPerCycle", "ops per cycle"), vu.nonNegative("energyPJPerOp", "pJ"));
        double stat = r.nonNegative("staticPowerW", "W");

        Map<String, String> sources = new LinkedHashMap<>();
        if (r.has("sources")) {
            Node src = r.object("sources");
            Iterator<Map.Entry<String, JsonNode>> it = src.node.fields();
            while (it.hasNext()) {
                Map.Entry<String, JsonNode> e = it.next();
                if (!r.seen.contains(e.getKey())) {
                    throw src.error(e.getKey(), "names no key of this chip: expected a key path such as nominal.frequencyGHz");
                }
                String key = e.getKey().startsWith("dvfs.derive") ? "dvfs.levels" : e.getKey(); // the resolved file lists the levels
                sources.merge(key, src.string(e.getKey()), (x, y) -> x + "; " + y);
            }
        }
        derivedSources.forEach((k, v) -> sources.merge(k, v, (x, y) -> y + "; " + x));
        return new ChipSpec(name, description, kind, array, mac, vNom, fNom, model, levels, swLat, swE, off, on, sparse, vector, stat, sources);
    }

    /**
     * dvfs.derive.fit: the chip's MAC generated on each corner library, its worst-weight delay by
     * case analysis ({@link CornerDelays}), and the alpha-power law fitted through them
     * ({@link AlphaPowerFit}; alpha held when {@code fit.alpha} is given). Returns {Vth, alpha}.
     */
    private static double[] fitCorners(Node fit, ChipSpec.Mac mac, double vNom, Map<String, String> sources) {
        fit.allow("corners", "alpha");
        JsonNode cs = fit.get("corners");
        if (!cs.isArray() || cs.size() < 2) throw fit.error("corners", "expected a list of at least two Liberty corners (files or names such as nangate45-slow)");
        if (!mac.generated()) throw fit.error("corners", "fitting needs mac.generator (a generated MAC to time at each corner), not mac.netlist");
        double fixedAlpha = Double.NaN;
        if (fit.has("alpha")) {
            fixedAlpha = fit.positive("alpha", "");
            if (fixedAlpha < 0.5 || fixedAlpha > 4) throw fit.error("alpha", fixedAlpha + ": expected 0.5 to 4");
        }
        List<java.nio.file.Path> libs = new ArrayList<>();
        for (int i = 0; i < cs.size(); i++) {
            String p = fit.key("corners") + "[" + i + "]";
            if (!cs.get(i).isTextual() || cs.get(i).asText().isBlank()) throw new InputException(fit.source + ": " + p + ": expected a Liberty file or name");
            libs.add(LibertyCatalog.resolve(cs.get(i).asText(), fit.source + ": " + p + ":"));
        }
        MacSpec spec = macSpec(mac);
        List<CornerDelays.Corner> corners;
        AlphaPowerFit f;
        try {
            corners = CornerDelays.measure(libs, lib -> MacGenerator.generate(spec, lib), "w");
            List<VoltageDelay> pts = corners.stream().map(CornerDelays.Corner::point).toList();
            f = AlphaPowerFit.fit(pts, fixedAlpha);
        } catch (InputException e) {
            throw new InputException(fit.source + ": " + fit.key("corners") + ": " + e.getMessage());
        }
        double vth = f.law().vth(), alpha = f.law().alpha();
        if (vth < 0) {
            throw fit.error("corners", "the fitted threshold is " + round(vth) + " V (negative: the corners' delays are nearly linear in V);"
                + " expected corners that span the voltage range, or fix alpha");
        }
        if (vth >= vNom) throw fit.error("corners", "the fitted threshold " + round(vth) + " V is not below nominal.voltage " + vNom + " V");
        StringBuilder pts = new StringBuilder();
        for (CornerDelays.Corner c : corners) pts.append(pts.length() == 0 ? "" : ", ").append(c.library()).append(' ').append(round(c.volts())).append(" V ").append(round(c.worstDelayPs())).append(" ps");
        String how = "fitted at read time (dvfs.derive.fit) by AlphaPowerFit to the worst-weight delay of the " + spec.moduleName() + " at " + pts
            + "; rms relative residual " + String.format(java.util.Locale.ROOT, "%.2g", f.rmsRelativeResidual()) + ", " + f.degreesOfFreedom()
            + " degree(s) of freedom" + (f.alphaFixed() ? ", alpha held" : "") + "; " + CornerDelays.CAVEAT;
        sources.put("voltageModel.thresholdV", how);
        sources.put("voltageModel.alpha", how);
        return new double[] {vth, alpha};
    }

    private static MacSpec macSpec(ChipSpec.Mac m) {
        MacSpec.Adder adder = switch (m.adder()) {
            case "ripple" -> MacSpec.Adder.RIPPLE;
            case "kogge-stone" -> MacSpec.Adder.KOGGE_STONE;
            default -> MacSpec.Adder.BRENT_KUNG;
        };
        MacSpec.Pipeline pipe = m.registered() ? MacSpec.Pipeline.REGISTERED_PRODUCT : MacSpec.Pipeline.FUSED;
        if (m.arch().equals("array")) return MacSpec.array(m.weightBits(), m.activationBits(), m.accumulatorBits(), adder, pipe);
        MacSpec.Tree tree = m.tree().equals("wallace") ? MacSpec.Tree.WALLACE : MacSpec.Tree.DADDA;
        return MacSpec.booth(m.weightBits(), m.activationBits(), m.accumulatorBits(), tree, adder, pipe);
    }

    private static ChipSpec.Memory memory(Node n) {
        n.allow("technology", "bandwidthGBs", "energyPJPerByte", "capacityMiB");
        String tech = n.has("technology") ? n.string("technology") : "";
        return new ChipSpec.Memory(tech, n.positive("bandwidthGBs", "GB/s"), n.nonNegative("energyPJPerByte", "pJ"),
            n.has("capacityMiB") ? n.nonNegative("capacityMiB", "MiB") : 0);
    }

    private static String round(double x) {
        return String.valueOf(Math.round(x * 1000) / 1000.0);
    }

    /** The resolved spec as YAML (every value written out, sources last). */
    public static String toYaml(ChipSpec c) {
        try {
            return YAML.writeValueAsString(tree(c));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The resolved spec as JSON. */
    public static String toJson(ChipSpec c) {
        try {
            return JSON.writeValueAsString(tree(c)) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The spec as a tree in the file's own layout (so it reads back to an equal spec). */
    public static ObjectNode tree(ChipSpec c) {
        JsonNodeFactory f = JsonNodeFactory.instance;
        ObjectNode r = f.objectNode();
        r.put("name", c.name());
        r.put("description", c.description());
        r.put("kind", c.kind().key());
        ObjectNode a = r.putObject("array");
        a.put("rows", c.array().rows());
        a.put("cols", c.array().cols());
        a.put("count", c.array().count());
        ObjectNode m = r.putObject("mac");
        ChipSpec.Mac mac = c.mac();
        m.put("pipeline", mac.pipeline());
        m.put("weightBits", mac.weightBits());
        m.put("activationBits", mac.activationBits());
        m.put("accumulatorBits", mac.accumulatorBits());
        if (mac.generated()) {
            ObjectNode g = m.putObject("generator");
            g.put("arch", mac.arch());
            if (mac.tree() != null) g.put("tree", mac.tree());
            g.put("adder", mac.adder());
        } else {
            ObjectNode n = m.putObject("netlist");
            n.put("file", mac.netlist());
            n.put("top", mac.top());
        }
        m.put("liberty", mac.liberty());
        m.put("fastestSpeedup", mac.fastestSpeedup());
        m.put("energyFJPerMac", mac.energyFJPerMac());
        ObjectNode nom = r.putObject("nominal");
        nom.put("voltage", c.nominalVoltage());
        nom.put("frequencyGHz", c.nominalFrequencyGHz());
        ObjectNode vm = r.putObject("voltageModel");
        vm.put("law", "alpha-power");
        vm.put("thresholdV", c.voltageModel().thresholdVoltage());
        vm.put("alpha", c.voltageModel().alpha());
        ObjectNode d = r.putObject("dvfs");
        ArrayNode ls = d.putArray("levels");
        for (DvfsLevel l : c.levels()) {
            ObjectNode o = ls.addObject();
            o.put("voltage", l.voltage());
            o.put("frequencyGHz", l.frequencyGHz());
        }
        d.put("switchLatencyNs", c.switchLatencyNs());
        d.put("switchEnergyNJ", c.switchEnergyNJ());
        ObjectNode mem = r.putObject("memory");
        memory(mem.putObject("offChip"), c.offChip());
        memory(mem.putObject("onChip"), c.onChip());
        ObjectNode s = r.putObject("sparseUnit");
        s.put("macsPerCycle", c.sparseUnit().macsPerCycle());
        s.put("energyPJPerMac", c.sparseUnit().energyPJPerMac());
        ObjectNode v = r.putObject("vectorUnit");
        v.put("opsPerCycle", c.vectorUnit().opsPerCycle());
        v.put("energyPJPerOp", c.vectorUnit().energyPJPerOp());
        r.put("staticPowerW", c.staticPowerW());
        ObjectNode src = r.putObject("sources");
        // keep the file's order where possible: sort by first key segment order above
        List<String> keys = new ArrayList<>(c.sources().keySet());
        keys.sort(null);
        for (String k : keys) src.put(k, c.sources().get(k));
        return r;
    }

    private static void memory(ObjectNode o, ChipSpec.Memory m) {
        if (!m.technology().isEmpty()) o.put("technology", m.technology());
        o.put("bandwidthGBs", m.bandwidthGBs());
        o.put("energyPJPerByte", m.energyPJPerByte());
        o.put("capacityMiB", m.capacityMiB());
    }

    /** A node of the tree with its key path; records every path it reads (for sources). */
    private static final class Node {
        final String source;
        final String path;
        final JsonNode node;
        final Set<String> seen;

        Node(String source, String path, JsonNode node) {
            this(source, path, node, new LinkedHashSet<>());
        }

        Node(String source, String path, JsonNode node, Set<String> seen) {
            this.source = source;
            this.path = path;
            this.node = node;
            this.seen = seen;
        }

        String key(String k) {
            return path.isEmpty() ? k : path + "." + k;
        }

        InputException error(String k, String msg) {
            return new InputException(source + ": " + key(k) + ": " + msg);
        }

        void allow(String... keys) {
            List<String> ok = List.of(keys);
            Iterator<String> it = node.fieldNames();
            while (it.hasNext()) {
                String k = it.next();
                if (!ok.contains(k)) throw error(k, "unknown key: expected one of " + String.join(", ", ok));
            }
        }

        boolean has(String k) {
            return node.has(k) && !node.get(k).isNull();
        }

        JsonNode get(String k) {
            JsonNode v = node.get(k);
            if (v == null || v.isNull()) throw error(k, "missing: expected a value");
            seen.add(key(k));
            return v;
        }

        Node object(String k) {
            JsonNode v = get(k);
            if (!v.isObject()) throw error(k, "expected a mapping, got " + v.getNodeType().name().toLowerCase());
            return new Node(source, key(k), v, seen);
        }

        List<Node> list(String k) {
            JsonNode v = get(k);
            if (!v.isArray()) throw error(k, "expected a list, got " + v.getNodeType().name().toLowerCase());
            List<Node> out = new ArrayList<>();
            for (int i = 0; i < v.size(); i++) {
                JsonNode e = v.get(i);
                String p = key(k) + "[" + i + "]";
                if (!e.isObject()) throw new InputException(source + ": " + p + ": expected a mapping");
                out.add(new Node(source, p, e, seen));
            }
            return out;
        }

        String string(String k) {
            JsonNode v = get(k);
            if (!v.isTextual() || v.asText().isBlank()) throw error(k, "expected a non-empty string");
            return v.asText();
        }

        double number(String k) {
            JsonNode v = get(k);
            if (!v.isNumber()) throw error(k, (v.isTextual() ? "'" + v.asText() + "'" : v.toString()) + ": expected a number");
            double d = v.asDouble();
            if (!Double.isFinite(d)) throw error(k, d + ": expected a finite number");
            return d;
        }

        double positive(String k, String unit) {
            double d = number(k);
            if (!(d > 0)) throw error(k, fmt(d) + ": expected a positive number" + (unit.isEmpty() ? "" : " (" + unit + ")"));
            return d;
        }

        double nonNegative(String k, String unit) {
            double d = number(k);
            if (d < 0) throw error(k, fmt(d) + ": expected zero or more" + (unit.isEmpty() ? "" : " (" + unit + ")"));
            return d;
        }

        /** A non-empty list of positive numbers; {@code atMostOne}: also at most 1. */
        double[] numbers(String k, String unit, boolean ratio) {
            JsonNode v = get(k);
            if (!v.isArray() || v.isEmpty()) throw error(k, "expected a non-empty list of numbers" + (unit.isEmpty() ? "" : " (" + unit + ")"));
            double[] out = new double[v.size()];
            for (int i = 0; i < v.size(); i++) {
                JsonNode e = v.get(i);
                String p = key(k) + "[" + i + "]";
                if (!e.isNumber() || !Double.isFinite(e.asDouble())) throw new InputException(source + ": " + p + ": " + e + ": expected a number");
                out[i] = e.asDouble();
                if (!(out[i] > 0)) throw new InputException(source + ": " + p + ": " + fmt(out[i]) + ": expected a positive number" + (unit.isEmpty() ? "" : " (" + unit + ")"));
            }
            return out;
        }

        int positiveInt(String k) {
            JsonNode v = get(k);
            if (!v.isIntegralNumber() || !v.canConvertToInt()) throw error(k, v + ": expected a positive integer");
            int i = v.asInt();
            if (i <= 0) throw error(k, i + ": expected a positive integer");
            return i;
        }

        private static String fmt(double d) {
            return d == Math.rint(d) && Math.abs(d) < 1e15 ? String.valueOf((long) d) : String.valueOf(d);
        }
    }
}
