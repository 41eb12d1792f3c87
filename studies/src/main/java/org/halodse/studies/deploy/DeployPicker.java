package org.halodse.studies.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.halodse.hw.chip.ChipSpec;
import org.halodse.hw.chip.DvfsLevel;
import org.halodse.hw.perf.ChipModel;
import org.halodse.hw.perf.LinearLayer;
import org.halodse.objectives.profile.LayerProfile;
import org.halodse.objectives.profile.ModelProfile;
import org.halodse.objectives.profile.ProfileCache;
import org.halodse.objectives.quant.QuantOption;
import org.halodse.reports.Baseline;
import org.halodse.reports.FrontPoint;
import org.halodse.reports.LayerDecision;
import org.halodse.reports.ParetoReport;

/**
 * Picks the front point to deploy from a run's {@link ParetoReport} and describes it: per-layer
 * codebooks, scales, sparse part, the DVFS plan in execution order, the expected metrics and the
 * comparison with the baselines. Pure logic (no CLI); {@code halo pick} wraps it.
 */
public final class DeployPicker {
    /** What to minimize among the points within the accuracy budget. */
    public enum Metric {
        LATENCY, ENERGY, EDP;

        public String key() { return name().toLowerCase(Locale.ROOT); }
    }

    /** The chosen point, or (when {@code chosen} is null) the closest point to the constraints. */
    public record Choice(FrontPoint chosen, FrontPoint closest, double metricValue) { }

    /** One step of the execution order: a layer's tile class (fast/slow) or attention, at a DVFS level. */
    public record Step(String layer, String part, int level) { }

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private static final Pattern BLOCK = Pattern.compile("(?:^|\\.)(\\d+)(?:\\.|$)");

    private final ParetoReport report;
    private final int iLat, iEn, iAcc;

    public DeployPicker(ParetoReport report) {
        this.report = report;
        iLat = report.objectiveIndex("latency");
        iEn = report.objectiveIndex("energy");
        iAcc = report.objectiveIndex("accuracy");
    }

    public int latencyIndex() { return iLat; }

    public int energyIndex() { return iEn; }

    public int accuracyIndex() { return iAcc; }

    /** The metric's value at objective vector {@code f} (edp = latency x energy). */
    public double metric(Metric m, double[] f) {
        return switch (m) {
            case LATENCY -> f[iLat];
            case ENERGY -> f[iEn];
            case EDP -> f[iLat] * f[iEn];
        };
    }

    /**
     * Among points with accuracy {@code <= maxAccuracyLoss} (null: no limit) minimizes the metric;
     * ties by lowest accuracy, then id. When none qualifies, {@code chosen} is null and
     * {@code closest} is the point with the smallest accuracy (the one nearest the budget).
     */
    public Choice choose(Metric m, Double maxAccuracyLoss) {
        Comparator<FrontPoint> byAcc = Comparator.comparingDouble(p -> iAcc < 0 ? 0 : p.objectives()[iAcc]);
        Comparator<FrontPoint> byId = (a, b) -> naturalCompare(a.id(), b.id());
        FrontPoint best = null;
        Comparator<FrontPoint> order = Comparator.<FrontPoint>comparingDouble(p -> metric(m, p.objectives())).thenComparing(byAcc).thenComparing(byId);
        for (FrontPoint p : report.points()) {
            if (maxAccuracyLoss != null && !(p.objectives()[iAcc] <= maxAccuracyLoss)) continue;
            if (best == null || order.compare(p, best) < 0) best = p;
        }
        FrontPoint closest = null;
        for (FrontPoint p : report.points()) if (closest == null || byAcc.thenComparing(byId).compare(p, closest) < 0) closest = p;
        return new Choice(best, closest, best == null ? Double.NaN : metric(m, best.objectives()));
    }

    /** Compares ids like p2 < p10 (digit runs by value). */
    static int naturalCompare(String a, String b) {
        int i = 0, j = 0;
        while (i < a.length() && j < b.length()) {
            char x = a.charAt(i), y = b.charAt(j);
            if (Character.isDigit(x) && Character.isDigit(y)) {
                int si = i, sj = j;
                while (i < a.length() && Character.isDigit(a.charAt(i))) i++;
                while (j < b.length() && Character.isDigit(b.charAt(j))) j++;
                String na = a.substring(si, i).replaceFirst("^0+(?=.)", ""), nb = b.substring(sj, j).replaceFirst("^0+(?=.)", "");
                int c = na.length() != nb.length() ? Integer.compare(na.length(), nb.length()) : na.compareTo(nb);
                if (c != 0) return c;
            } else {
                if (x != y) return Character.compare(x, y);
                i++;
                j++;
            }
        }
        return Integer.compare(a.length() - i, b.length() - j);
    }

    /**
     * The cached model profile under {@code cacheDir} whose layers are the report's layers (by
     * name, in order), or null when there is none.
     */
    public static ModelProfile findProfile(Path cacheDir, List<String> layerNames) {
        if (!Files.isDirectory(cacheDir)) return null;
        List<Path> files = new ArrayList<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(cacheDir, "profile-*.json")) {
            for (Path p : ds) files.add(p);
        } catch (IOException e) {
            return null;
        }
        files.sort(Comparator.naturalOrder());
        for (Path f : files) {
            try {
                ModelProfile p = ProfileCache.JSON.readValue(f.toFile(), ModelProfile.class);
                if (p.tables() == null || p.tables().size() != layerNames.size()) continue;
                boolean same = true;
                for (int i = 0; i < layerNames.size() && same; i++) same = p.tables().get(i).name().equals(layerNames.get(i));
                if (same) return p;
            } catch (IOException | RuntimeException e) {
                // not a readable profile: try the next one
            }
        }
        return null;
    }

    /** Whether the layer's fast class holds tiles (a one-class layer has only its slow class). */
    static boolean hasFast(LayerDecision d) {
        return !d.fastCodebook().isEmpty() && d.fastShare() > 0;
    }

    static boolean hasSlow(LayerDecision d) {
        return !hasFast(d) || d.fastShare() < 1;
    }

    /**
     * Execution order of one forward pass: each layer's fast class then slow class (classes without
     * tiles skipped), and attention at the nominal level after each block's third linear (q, k, v),
     * the rule of HaloProblem.switchesPerPass.
     */
    public static List<Step> executionOrder(List<LayerDecision> layers, int linearsPerBlock, int nominalLevel) {
        List<Step> out = new ArrayList<>();
        for (int l = 0; l < layers.size(); l++) {
            LayerDecision d = layers.get(l);
            if (hasFast(d)) out.add(new Step(d.layer(), "fast", d.fastLevel()));
            if (hasSlow(d)) out.add(new Step(d.layer(), "slow", d.slowLevel()));
            if (linearsPerBlock > 0 && l % linearsPerBlock == 2) out.add(new Step(d.layer(), "attention", nominalLevel));
        }
        return out;
    }

    /** Indices into {@code steps} where the level differs from the step before (the switch points). */
    public static List<Integer> switchPoints(List<Step> steps) {
        List<Integer> out = new ArrayList<>();
        for (int i = 1; i < steps.size(); i++) if (steps.get(i).level() != steps.get(i - 1).level()) out.add(i);
        return out;
    }

    /** Linear layers per transformer block: from the profile's block numbers, else the layer names. */
    static int linearsPerBlock(List<LayerDecision> layers, ModelProfile profile) {
        Set<Integer> blocks = new HashSet<>();
        if (profile != null) {
            for (LayerProfile t : profile.tables()) blocks.add(t.block());
        } else {
            for (LayerDecision d : layers) {
                Matcher m = BLOCK.matcher(d.layer());
                if (m.find()) blocks.add(Integer.parseInt(m.group(1)));
            }
        }
        return blocks.isEmpty() ? layers.size() : Math.max(1, layers.size() / blocks.size());
    }

    /** Index width (bits) to address a codebook of {@code n} values. */
    public static int indexBits(int n) {
        if (n <= 1) return 0;
        return 32 - Integer.numberOfLeadingZeros(n - 1);
    }

    /** The profile option a decision came from (matched on kind, bits, fast count, share, sparse), or null. */
    static QuantOption option(ModelProfile profile, LayerDecision d) {
        if (profile == null || profile.optionList() == null) return null;
        boolean rtn = d.fastCodebook().isEmpty() && d.fastShare() == 0;
        for (QuantOption o : profile.optionList()) {
            if (o.bits() != d.bits()) continue;
            if (rtn && o.isRtn()) return o;
            if (!rtn && !o.isRtn() && Math.abs(o.fastShare() - d.fastShare()) < 1e-9 && Math.abs(o.sparse() - d.sparseFraction()) < 1e-12
                && (d.fastCodebook().isEmpty() || o.fastCount() == d.fastCodebook().size())) return o;
        }
        return null;
    }

    /** The deployment file for {@code p} on {@code spec}, as indented JSON text. */
    public String deployJson(FrontPoint p, Metric m, Double maxAccuracyLoss, ChipSpec spec, ModelProfile profile, String runDir) {
        ChipModel cm = ChipModel.of(spec);
        int nominal = cm.nominalLevel;
        ObjectNode root = JSON.createObjectNode();
        root.put("formatVersion", 1);
        root.put("run", runDir);
        root.put("study", report.study());
        root.put("chip", report.chip());
        root.put("model", report.model());
        root.put("point", p.id());
        ObjectNode sel = root.putObject("selection");
        sel.put("minimize", m.key());
        if (maxAccuracyLoss != null) sel.put("maxAccuracyLoss", maxAccuracyLoss);
        else sel.putNull("maxAccuracyLoss");
        sel.put("candidates", report.points().size());
        sel.put("value", metric(m, p.objectives()));

        double[] f = p.objectives();
        ObjectNode exp = root.putObject("expected");
        exp.put("latencyMs", f[iLat]);
        exp.put("energyMJ", f[iEn]);
        exp.put("edpMsMJ", f[iLat] * f[iEn]);
        if (iAcc >= 0) exp.put("accuracy", f[iAcc]);
        if (!p.validated().isEmpty()) {
            ObjectNode v = exp.putObject("validated");
            for (Map.Entry<String, Double> e : p.validated().entrySet()) v.put(e.getKey(), e.getValue());
        }

        Map<String, LayerProfile> shapes = new LinkedHashMap<>();
        if (profile != null) for (LayerProfile t : profile.tables()) shapes.put(t.name(), t);
        ArrayNode layers = root.putArray("layers");
        long sparseEntries = 0;
        boolean sparseKnown = true;
        for (LayerDecision d : p.layers()) {
            ObjectNode ln = layers.addObject();
            ln.put("layer", d.layer());
            LayerProfile shape = shapes.get(d.layer());
            if (shape != null) {
                ln.put("block", shape.block());
                ln.put("role", shape.role());
                ln.put("inFeatures", shape.inFeatures());
                ln.put("outFeatures", shape.outFeatures());
            }
            ln.put("bits", d.bits());
            ArrayNode cls = ln.putArray("classes");
            if (hasFast(d)) codebook(cls.addObject(), "fast", d.fastCodebook(), d.fastShare(), d.fastLevel(), spec);
            if (hasSlow(d)) codebook(cls.addObject(), "slow", d.slowCodebook(), hasFast(d) ? 1 - d.fastShare() : 1, d.slowLevel(), spec);
            QuantOption o = option(profile, d);
            ObjectNode sc = ln.putObject("scales");
            int group = o != null && o.isRtn() ? o.group() : 0;
            sc.put("granularity", group > 0 ? "group" : "channel");
            if (group > 0) sc.put("groupSize", group);
            sc.put("format", "FP16");
            sc.put("zeroPoint", o != null && o.zeroPoint());
            if (shape != null) {
                long n = shape.outFeatures();
                sc.put("count", group > 0 ? n * ((shape.inFeatures() + group - 1) / group) : n);
            }
            if (o != null) sc.put("option", o.label());
            sc.put("note", "scale values are not stored in the run: the quantizer recomputes them from the model's weights ("
                + (group > 0 ? "one per group of " + group + " inputs per output channel" : "one per output channel") + ", symmetric)");
            ObjectNode sp = ln.putObject("sparse");
            sp.put("fraction", d.sparseFraction());
            if (shape != null) {
                long entries = Math.round(d.sparseFraction() * shape.inFeatures() * (double) shape.outFeatures());
                sparseEntries += entries;
                sp.put("entries", entries);
                sp.put("bytes", entries * LinearLayer.SPARSE_ENTRY_BYTES);
            } else {
                sparseKnown = false;
                sp.putNull("entries");
                sp.putNull("bytes");
            }
        }
        ObjectNode sparse = root.putObject("sparse");
        sparse.put("entryBytes", LinearLayer.SPARSE_ENTRY_BYTES);
        if (sparseKnown) {
            sparse.put("entries", sparseEntries);
            sparse.put("bytes", sparseEntries * LinearLayer.SPARSE_ENTRY_BYTES);
        } else {
            sparse.putNull("entries");
            sparse.putNull("bytes");
            sparse.put("note", "no cached profile of this run's layers under cache/: layer shapes unknown");
        }

        int per = linearsPerBlock(p.layers(), profile);
        List<Step> steps = executionOrder(p.layers(), per, nominal);
        List<Integer> sw = switchPoints(steps);
        ObjectNode dvfs = root.putObject("dvfs");
        dvfs.put("nominalLevel", nominal);
        dvfs.put("switchLatencyNs", spec.switchLatencyNs());
        dvfs.put("switchEnergyNJ", spec.switchEnergyNJ());
        Set<Integer> used = new java.util.TreeSet<>();
        for (Step s : steps) used.add(s.level());
        ArrayNode lv = dvfs.putArray("levels");
        for (int l : used) {
            ObjectNode n = lv.addObject();
            n.put("level", l);
            n.put("voltage", spec.levels().get(l).voltage());
            n.put("frequencyGHz", spec.levels().get(l).frequencyGHz());
            n.put("nominal", l == nominal);
        }
        dvfs.put("switchesPerPass", sw.size());
        ArrayNode order = dvfs.putArray("order");
        for (int i = 0; i < steps.size(); i++) {
            Step s = steps.get(i);
            ObjectNode n = order.addObject();
            n.put("step", i);
            n.put("layer", s.layer());
            n.put("part", s.part());
            n.put("level", s.level());
        }
        ArrayNode sps = dvfs.putArray("switchPoints");
        for (int i : sw) {
            Step s = steps.get(i), prev = steps.get(i - 1);
            ObjectNode n = sps.addObject();
            n.put("step", i);
            n.put("before", s.layer());
            n.put("part", s.part());
            n.put("fromLevel", prev.level());
            n.put("toLevel", s.level());
            DvfsLevel to = spec.levels().get(s.level());
            n.put("voltage", to.voltage());
            n.put("frequencyGHz", to.frequencyGHz());
        }

        ArrayNode bl = root.putArray("baselines");
        for (Baseline b : report.baselines()) {
            double[] g = b.objectives();
            ObjectNode n = bl.addObject();
            n.put("name", b.name());
            n.put("latencyMs", g[iLat]);
            n.put("energyMJ", g[iEn]);
            if (iAcc >= 0) n.put("accuracy", g[iAcc]);
            n.put("speedup", g[iLat] / f[iLat]);
            n.put("energySaving", 1 - f[iEn] / g[iEn]);
            if (iAcc >= 0) n.put("accuracyDelta", f[iAcc] - g[iAcc]);
        }
        try {
            return JSON.writeValueAsString(root) + "\n";
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void codebook(ObjectNode n, String cls, List<Integer> values, double share, int level, ChipSpec spec) {
        n.put("class", cls);
        ArrayNode v = n.putArray("values");
        for (int x : values) v.add(x);
        n.put("size", values.size());
        n.put("indexBits", indexBits(values.size()));
        n.put("share", share);
        n.put("level", level);
        if (level >= 0 && level < spec.levels().size()) {
            n.put("voltage", spec.levels().get(level).voltage());
            n.put("frequencyGHz", spec.levels().get(level).frequencyGHz());
        }
    }

    /** Parses a tree back (tests). */
    public static JsonNode parse(String text) throws IOException {
        return JSON.readTree(text);
    }
}
