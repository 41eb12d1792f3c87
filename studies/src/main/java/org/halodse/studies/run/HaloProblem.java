package org.halodse.studies.run;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.halodse.dse.space.Candidate;
import org.halodse.dse.space.Constraint;
import org.halodse.dse.space.DesignSpace;
import org.halodse.dse.space.Gene;
import org.halodse.dse.space.GeneGroup;
import org.halodse.dse.space.Objective;
import org.halodse.dse.space.Problem;
import org.halodse.hw.perf.ChipModel;
import org.halodse.hw.perf.LinearLayer;
import org.halodse.hw.perf.LlmShape;
import org.halodse.hw.perf.LlmWorkload;
import org.halodse.hw.perf.TileClass;
import org.halodse.hw.perf.WorkloadCost;
import org.halodse.objectives.profile.ClassRow;
import org.halodse.objectives.profile.LayerProfile;
import org.halodse.objectives.profile.ModelProfile;
import org.halodse.objectives.profile.OptionRow;
import org.halodse.objectives.quant.QuantOption;

/**
 * HALO's design space as a dse-core problem. A group (a layer, a block or a layer type) chooses a
 * quantization option of the profile and a DVFS level for each of its two tile classes (fast,
 * slow). A candidate is evaluated from the profile tables and the chip model only, never from
 * weights: latency and energy of the workload ({@link LlmWorkload}: prefill then decode, attention
 * and other operations at the nominal level), and the accuracy proxy summed over layers (mapped to
 * a predicted fidelity loss by the profile's calibration curve when it has one).
 *
 * <p>A class never runs faster than its slowest weight value allows: a chosen level that is unsafe
 * for the class is repaired to the fastest safe level no faster than the one chosen, so every
 * candidate is physically valid. The DVFS budget (at most K distinct levels, S switches per
 * forward pass, attention counted at the nominal level) and the accuracy budget are constraints.
 */
public final class HaloProblem implements Problem {
    /** One candidate's decisions and costs, for reports and deployment configs. */
    public record Decision(String layer, QuantOption option, OptionRow row, int[] levels) { }

    private final ModelProfile profile;
    private final ChipModel chip;
    private final LlmShape shape;
    private final double[] energyFj;
    private final int prefill, decode, batch;
    private final List<int[]> groupLayers;
    private final DesignSpace space;
    private final List<Objective> objectives;
    private final List<String> objectiveKeys;
    private final Double maxAccuracyLoss;
    private final int maxLevels, maxSwitches;
    private final LinearLayer[][] layerOptions;   // [layer][option], classes fast then slow
    private final int[][][] safeLevel;            // [layer][option][class]: fastest safe level
    private final double[][] proxy;                // [layer][option]

    public HaloProblem(ModelProfile profile, ChipModel chip, LlmShape shape, double[] energyFj, int prefill, int decode,
                       int batch, List<int[]> groupLayers, List<String> groupNames, List<String> objectiveKeys,
                       Double maxAccuracyLoss, int maxLevels, int maxSwitches) {
        this.profile = profile;
        this.chip = chip;
        this.shape = shape;
        this.energyFj = energyFj;
        this.prefill = prefill;
        this.decode = decode;
        this.batch = batch;
        this.groupLayers = List.copyOf(groupLayers);
        this.objectiveKeys = List.copyOf(objectiveKeys);
        this.maxAccuracyLoss = maxAccuracyLoss;
        this.maxLevels = maxLevels;
        this.maxSwitches = maxSwitches;
        int nl = profile.tables().size(), no = profile.optionList().size();
        layerOptions = new LinearLayer[nl][no];
        safeLevel = new int[nl][no][];
        proxy = new double[nl][no];
        for (int l = 0; l < nl; l++) {
            LayerProfile lp = profile.tables().get(l);
            for (int o = 0; o < no; o++) {
                OptionRow row = lp.options().get(o);
                QuantOption opt = profile.optionList().get(o);
                layerOptions[l][o] = perfLayer(lp, opt, row);
                List<TileClass> cls = layerOptions[l][o].classes();
                safeLevel[l][o] = new int[cls.size()];
                for (int c = 0; c < cls.size(); c++) safeLevel[l][o][c] = chip.fastestSafeLevel(cls.get(c).delayRatio());
                proxy[l][o] = row.proxy();
            }
        }
        List<GeneGroup> groups = new ArrayList<>();
        for (int g = 0; g < groupLayers.size(); g++) {
            groups.add(new GeneGroup(groupNames.get(g), List.of(
                Gene.categorical("option", no), Gene.categorical("fastLevel", chip.levels), Gene.categorical("slowLevel", chip.levels))));
        }
        space = new DesignSpace(groups);
        List<Objective> objs = new ArrayList<>();
        for (String k : objectiveKeys) {
            objs.add(switch (k) {
                case "latency" -> new Objective("latency", "ms");
                case "energy" -> new Objective("energy", "mJ");
                default -> new Objective("accuracy", profile.curve() != null ? "predicted 1-cos" : "proxy");
            });
        }
        objectives = List.copyOf(objs);
    }

    /** The performance model's view of one layer under one option: tile classes fast then slow. */
    private LinearLayer perfLayer(LayerProfile lp, QuantOption opt, OptionRow row) {
        long total = 0;
        for (ClassRow c : row.classes()) total += c.slots();
        List<TileClass> cls = new ArrayList<>();
        double worst = profile.worstDelayPs();
        for (ClassRow c : row.classes()) {
            double share = total == 0 ? 1.0 / row.classes().size() : (double) c.slots() / total;
            double ratio = c.slowestDelayPs() == null ? 1.0 : Math.max(1e-6, Math.min(1.0, c.slowestDelayPs() / worst));
            cls.add(new TileClass(share, ratio, meanEnergy(c)));
        }
        double s = 0;
        for (TileClass t : cls) s += t.share();
        if (Math.abs(s - 1) > 1e-9) { // shares from rounded slot counts: renormalize
            List<TileClass> norm = new ArrayList<>();
            for (TileClass t : cls) norm.add(new TileClass(t.share() / s, t.delayRatio(), t.macEnergyFj()));
            cls = norm;
        }
        int storedBits = opt.isRtn() ? opt.bits() : opt.bits();
        return new LinearLayer(lp.name(), lp.inFeatures(), lp.outFeatures(), storedBits, opt.isRtn() ? opt.group() : 0, 16, opt.sparse(), cls);
    }

    private double meanEnergy(ClassRow c) {
        double sum = 0, n = 0;
        for (Map.Entry<Integer, Long> e : c.histogram().entrySet()) {
            sum += e.getValue() * energyFj[e.getKey() + 128];
            n += e.getValue();
        }
        return n == 0 ? energyFj[128] : sum / n;
    }

    @Override
    public DesignSpace space() { return space; }

    @Override
    public List<Objective> objectives() { return objectives; }

    public ModelProfile profile() { return profile; }

    /** Decisions of a candidate, one per layer, with levels repaired to safe ones. */
    public List<Decision> decisions(int[] genes) {
        List<Decision> out = new ArrayList<>();
        int[][] perLayer = perLayerGenes(genes);
        for (int l = 0; l < profile.tables().size(); l++) {
            int o = perLayer[l][0];
            out.add(new Decision(profile.tables().get(l).name(), profile.optionList().get(o), profile.tables().get(l).options().get(o), levels(l, o, perLayer[l])));
        }
        return out;
    }

    private int[][] perLayerGenes(int[] genes) {
        int[][] per = new int[profile.tables().size()][];
        for (int g = 0; g < groupLayers.size(); g++) {
            int[] gg = {genes[3 * g], genes[3 * g + 1], genes[3 * g + 2]};
            for (int l : groupLayers.get(g)) per[l] = gg;
        }
        return per;
    }

    /** Level per class: the chosen one, or the fastest safe level no faster than it. */
    private int[] levels(int layer, int option, int[] g) {
        int nc = layerOptions[layer][option].classes().size();
        int[] lv = new int[nc];
        for (int c = 0; c < nc; c++) {
            int chosen = nc == 1 ? g[2] : (c == 0 ? g[1] : g[2]);
            lv[c] = repair(chosen, layerOptions[layer][option].classes().get(c).delayRatio(), safeLevel[layer][option][c]);
        }
        return lv;
    }

    private int repair(int chosen, double ratio, int fastestSafe) {
        if (chip.safe(chosen, ratio)) return chosen;
        int best = -1;
        for (int l = 0; l < chip.levels; l++) {
            if (chip.safe(l, ratio) && chip.freqHz[l] <= chip.freqHz[chosen] && (best < 0 || chip.freqHz[l] > chip.freqHz[best])) best = l;
        }
        return best >= 0 ? best : fastestSafe;
    }

    /** Full costs of a candidate. */
    public record Costs(WorkloadCost workload, double proxy, double accuracy, int distinctLevels, int switchesPerPass) { }

    public Costs costs(int[] genes) {
        int[][] per = perLayerGenes(genes);
        int nl = profile.tables().size();
        List<LinearLayer> linears = new ArrayList<>(nl);
        List<int[]> levels = new ArrayList<>(nl);
        double px = 0;
        Set<Integer> used = new HashSet<>();
        used.add(chip.nominalLevel); // attention and other operations
        for (int l = 0; l < nl; l++) {
            int o = per[l][0];
            linears.add(layerOptions[l][o]);
            int[] lv = levels(l, o, per[l]);
            levels.add(lv);
            for (int c = 0; c < lv.length; c++) if (layerOptions[l][o].classes().get(c).share() > 0) used.add(lv[c]);
            px += proxy[l][o];
        }
        WorkloadCost w = LlmWorkload.evaluate(chip, shape, linears, levels, null, prefill, decode, batch, 16);
        double acc = profile.curve() != null ? profile.curve().predict(px) : px;
        return new Costs(w, px, acc, used.size(), switchesPerPass(linears, levels));
    }

    /** DVFS switches in one forward pass: linear classes in order, attention at the nominal level after q, k, v. */
    private int switchesPerPass(List<LinearLayer> linears, List<int[]> levels) {
        int per = shape.linearCount() / shape.blocks();
        int cur = -1, switches = 0;
        for (int l = 0; l < linears.size(); l++) {
            int[] lv = levels.get(l);
            for (int c = 0; c < lv.length; c++) {
                if (linears.get(l).classes().get(c).share() <= 0) continue;
                if (cur >= 0 && cur != lv[c]) switches++;
                cur = lv[c];
            }
            if (l % per == 2) { // after q, k, v: attention runs at the nominal level
                if (cur >= 0 && cur != chip.nominalLevel) switches++;
                cur = chip.nominalLevel;
            }
        }
        return switches;
    }

    @Override
    public double[] objectiveValues(Candidate c) {
        return objectiveVector(costs(c.toArray()));
    }

    private double[] objectiveVector(Costs k) {
        double[] f = new double[objectiveKeys.size()];
        for (int i = 0; i < f.length; i++) {
            f[i] = switch (objectiveKeys.get(i)) {
                case "latency" -> k.workload().seconds() * 1e3;
                case "energy" -> k.workload().energyJ() * 1e3;
                default -> k.accuracy();
            };
        }
        return f;
    }

    /** Violation of the DVFS budget plus the accuracy budget (0 when both hold). */
    public double violation(Costs k) {
        double v = Math.max(0, k.distinctLevels() - maxLevels) + Math.max(0, k.switchesPerPass() - maxSwitches);
        if (maxAccuracyLoss != null) v += Math.max(0, k.accuracy() - maxAccuracyLoss) * 100;
        return v;
    }

    /** Costs computed once per candidate for objectives and constraints alike. */
    @Override
    public org.halodse.dse.space.Evaluation evaluate(Candidate c) {
        Costs k = costs(c.toArray());
        return new org.halodse.dse.space.Evaluation(objectiveVector(k), violation(k), null);
    }

    @Override
    public List<Constraint> constraints() {
        return List.of(new Constraint() {
            @Override public String name() { return "dvfs-and-accuracy-budget"; }
            @Override public double violation(Candidate c, double[] f) { return HaloProblem.this.violation(costs(c.toArray())); }
        });
    }

    /** Genes that put every group on option {@code option} at the given class levels (for baselines). */
    public int[] uniform(int option, int fastLevel, int slowLevel) {
        int[] g = new int[3 * groupLayers.size()];
        for (int i = 0; i < groupLayers.size(); i++) { g[3 * i] = option; g[3 * i + 1] = fastLevel; g[3 * i + 2] = slowLevel; }
        return g;
    }

    /** Genes for a HALO fixed variant: each class at its fastest safe level (the repair keeps it safe). */
    public int[] fastest(int option) {
        int fastestLevel = 0;
        for (int l = 0; l < chip.levels; l++) if (chip.freqHz[l] > chip.freqHz[fastestLevel]) fastestLevel = l;
        return uniform(option, fastestLevel, fastestLevel);
    }

    public Map<String, Object> describe() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("groups", groupLayers.size());
        m.put("options", profile.optionList().size());
        m.put("levels", chip.levels);
        return m;
    }
}
