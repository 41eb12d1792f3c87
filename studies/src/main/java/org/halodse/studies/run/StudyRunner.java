package org.halodse.studies.run;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.halodse.dse.pareto.Archive;
import org.halodse.dse.pareto.Hypervolume;
import org.halodse.dse.pareto.Normalization;
import org.halodse.dse.search.Nsga2;
import org.halodse.dse.search.RandomSearch;
import org.halodse.dse.search.SearchConfig;
import org.halodse.dse.search.SearchResult;
import org.halodse.dse.space.Candidate;
import org.halodse.hw.chip.ChipPresets;
import org.halodse.hw.chip.ChipSpec;
import org.halodse.hw.chip.ChipSpecReader;
import org.halodse.hw.liberty.InputException;
import org.halodse.hw.liberty.LibertyCatalog;
import org.halodse.hw.liberty.LibertyLibrary;
import org.halodse.hw.liberty.LibertyReader;
import org.halodse.hw.netlist.Netlist;
import org.halodse.hw.netlist.VerilogReader;
import org.halodse.hw.netlist.VerilogWriter;
import org.halodse.hw.netlist.mac.MacGenerator;
import org.halodse.hw.netlist.mac.MacSpec;
import org.halodse.hw.perf.ChipModel;
import org.halodse.hw.perf.LlmShape;
import org.halodse.hw.power.ActivationModel;
import org.halodse.hw.power.EnergyModel;
import org.halodse.hw.power.MacStimulus;
import org.halodse.hw.power.ToggleSimulator;
import org.halodse.hw.power.WeightEnergyProfile;
import org.halodse.hw.power.WeightEnergyProfiler;
import org.halodse.hw.timing.BoundaryConditions;
import org.halodse.hw.timing.StaticTimer;
import org.halodse.hw.timing.WeightDelayProfile;
import org.halodse.hw.timing.WeightSweep;
import org.halodse.objectives.calib.Calibration;
import org.halodse.objectives.calib.Calibrations;
import org.halodse.objectives.model.LayerRole;
import org.halodse.objectives.model.LinearLayer;
import org.halodse.objectives.model.ModelCatalog;
import org.halodse.objectives.model.ModelSource;
import org.halodse.objectives.profile.ModelProfile;
import org.halodse.objectives.profile.ProfileCache;
import org.halodse.objectives.profile.Profiler;
import org.halodse.objectives.proxy.ChannelStats;
import org.halodse.objectives.quant.QuantOption;
import org.halodse.reports.Baseline;
import org.halodse.reports.FrontPoint;
import org.halodse.reports.HypervolumeFigure;
import org.halodse.reports.HypervolumeSample;
import org.halodse.reports.LayerDecision;
import org.halodse.reports.ParetoReport;
import org.halodse.reports.ReportWriter;
import org.halodse.reports.WeightProfile;
import org.halodse.studies.config.StudyConfig;

/**
 * Runs a study through the pipeline of DESIGN.md: characterize (delay and energy per weight value),
 * profile (per layer x option tables), explore (the search over {@link HaloProblem}), baselines,
 * report. Heavy stages are cached in the run directory by a hash of their inputs.
 */
public final class StudyRunner {
    /** HALO's fixed variants: 9 fast values / 16 values classes; fast-class shares are our assumption. */
    static final double[][] HALO_VARIANTS = {{0.9}, {0.75}, {0.5}};
    static final String[] HALO_NAMES = {"halo-perf", "halo-bal", "halo-acc"};

    private final StudyConfig study;
    private final Path runDir;
    private final PrintWriter log;
    private final ArtifactCache cache;
    private ProfileEngine engine = ProfileEngine.PLAIN;
    private String engineMaster;

    public StudyRunner(StudyConfig resolvedStudy, Path runDir, PrintWriter log) {
        this(resolvedStudy, runDir, runDir.resolve("cache"), log);
    }

    /**
     * {@code cacheDir}: where the characterize, calibration and profile artifacts are kept. A sweep
     * gives all its cells one folder, so cells that share a MAC or a model compute it once (entries
     * are content-addressed and written atomically, so concurrent cells may share it).
     */
    public StudyRunner(StudyConfig resolvedStudy, Path runDir, Path cacheDir, PrintWriter log) {
        this.study = resolvedStudy;
        this.runDir = runDir;
        this.log = log;
        this.cache = new ArtifactCache(cacheDir);
    }

    private void say(String s) {
        log.println("halo run: " + s);
        log.flush();
    }

    /** What the search needs from the heavy stages: the characterized MAC, the chip, the model, its calibration and profile. */
    private record Prepared(Path libPath, LibertyLibrary lib, Netlist netlist, double[] delayPs, double[] energyFj, ChipSpec spec, ChipModel chip,
                            ModelSource model, List<LinearLayer> layers, Calibration calib, ChannelStats stats, List<QuantOption> options,
                            ModelProfile profile) {
    }

    /**
     * Computes the profile with {@code engine} (e.g. Spark's, whose tasks open the model from
     * {@code master}'s executors) instead of in this process. The tables are the same either way.
     */
    public StudyRunner withProfileEngine(ProfileEngine engine, String master) {
        this.engine = engine;
        this.engineMaster = master;
        return this;
    }

    /**
     * Only the heavy stages, cached: characterize, calibrate, profile. A sweep calls it on its
     * driver for each cell, so a model's profile is computed once, spread over the cluster, before
     * the cells (which then find it in the shared cache) run.
     */
    public ModelProfile profile() {
        return prepare().profile();
    }

    private Prepared prepare() {
        StudyConfig.Mac mac = study.mac();
        Path libPath = LibertyCatalog.resolve(mac.liberty(), "mac.liberty");
        LibertyLibrary lib = LibertyReader.read(libPath);
        Netlist netlist = mac.netlist() != null ? VerilogReader.read(Path.of(mac.netlist()), lib, mac.top()) : MacGenerator.generate(macSpec(mac), lib);
        String circuitKey = ArtifactCache.key(ArtifactCache.fileKey(libPath), VerilogWriter.write(netlist), mac.weightPort());
        say("characterize " + netlist.name() + " (" + netlist.instances().size() + " cells) on " + lib.name());
        WeightDelayProfile delays = cache.computeIfAbsent("delay", circuitKey, WeightDelayProfile.class,
            () -> WeightSweep.run(new StaticTimer(netlist, BoundaryConditions.betweenRegisters(lib)), mac.weightPort(), true));
        if (delays.weightBits() != 8) throw new InputException("mac.weightPort: " + delays.weightBits() + " bits; studies need 8-bit weights (INT8 codebooks)");
        double[] delayPs = delays.delays().clone();
        double[] energyFj = cache.computeIfAbsent("energy", ArtifactCache.key(circuitKey, "uniform", "2000", "1"), double[].class, () -> energy(netlist, lib));
        say(String.format(Locale.ROOT, "MAC: worst delay %.1f ps, w=1 %.1f ps; energy %.0f..%.0f fJ per MAC",
            delays.worstDelay(), delays.delay(1), min(energyFj), max(energyFj)));

        ChipSpec spec = study.chip().preset() != null ? ChipPresets.resolve(study.chip().preset(), "chip.preset")
            : ChipPresets.resolve(study.chip().file(), "chip.file");
        spec = ChipSpecReader.withDelayProfile(spec, delayPs, netlist.name());
        ChipModel chip = ChipModel.of(spec);

        ModelSource model = ModelCatalog.resolve(study.model().source());
        List<LinearLayer> layers = model.layers();
        say("model " + model.name() + (model.synthetic() ? " (synthetic)" : "") + ": " + layers.size() + " linear layers");
        Calibration calib = switch (study.calibration().source()) {
            case UNIFORM -> Calibration.uniform(model);
            case FILE -> org.halodse.objectives.calib.CalibrationFiles.read(Path.of(study.calibration().path()));
            // text sources: a real forward pass for the encoders, LLM-like statistics for synthetic presets
            default -> Calibrations.standard(study.model().source(), model, study.calibration().sentences(), cache.dir(), study.search().threads());
        };
        ChannelStats stats = new ChannelStats() {
            @Override public double[] meanSquare(String layer, int k) { return calib.meanSquare(layer); }
            @Override public String identity() { return "calib:" + calib.source() + ":" + calib.sentences(); }
        };
        List<QuantOption> options = options(delayPs);
        Profiler.Settings settings = Profiler.Settings.defaults();
        String profileKey = ProfileCache.key(model.name(), model.identity(), layers, stats, w -> delayPs[w + 128], energyFj, options, settings);
        ModelProfile profile = ProfileCache.getOrCompute(cache.dir(), profileKey, () -> {
            say("profile: " + layers.size() + " layers x " + options.size() + " options");
            try (var bar = org.halodse.studies.cli.ProgressDisplay.start("profile", layers.size(), log)) {
                ProfileEngine.Job job = new ProfileEngine.Job(profileKey, ProfileEngine.reference(study.model().source()), model.name(), model.synthetic(),
                    layers, stats, delayPs, options, settings, engineMaster);
                return engine.profile(job, (done, total, name) -> bar.update(done, name));
            }
        });
        return new Prepared(libPath, lib, netlist, delayPs, energyFj, spec, chip, model, layers, calib, stats, options, profile);
    }

    public ParetoReport run(boolean resume) {
        long t0 = System.nanoTime();
        if (study.search().algorithm() == StudyConfig.Algorithm.EXACT || study.search().algorithm() == StudyConfig.Algorithm.NSGA2_EXACT) {
            // The DVFS budget couples all groups (distinct levels, switches), so the study is not the
            // separable form the exact solver takes; until it is decomposed, say so instead of running
            // something else.
            throw new InputException("search.algorithm: " + study.search().algorithm().name().toLowerCase(Locale.ROOT).replace('_', '+')
                + " is not available in halo run yet (the DVFS budget couples the groups); use nsga2 or random");
        }
        Prepared pr = prepare();
        Path libPath = pr.libPath();
        LibertyLibrary lib = pr.lib();
        Netlist netlist = pr.netlist();
        double[] delayPs = pr.delayPs();
        double[] energyFj = pr.energyFj();
        ChipSpec spec = pr.spec();
        ChipModel chip = pr.chip();
        ModelSource model = pr.model();
        List<LinearLayer> layers = pr.layers();
        Calibration calib = pr.calib();
        ChannelStats stats = pr.stats();
        List<QuantOption> options = pr.options();
        ModelProfile profile = pr.profile();

        LlmShape shape = shape(model, layers);
        List<int[]> groups = new ArrayList<>();
        List<String> groupNames = new ArrayList<>();
        groups(layers, groups, groupNames);
        List<String> objectiveKeys = new ArrayList<>();
        for (StudyConfig.Objective o : study.objectives()) objectiveKeys.add(o.name().toLowerCase(Locale.ROOT));
        HaloProblem problem = new HaloProblem(profile, chip, shape, energyFj, study.workload().prefillTokens(), study.workload().decodeTokens(),
            study.workload().batch(), groups, groupNames, objectiveKeys, study.constraints().maxAccuracyLoss(),
            study.space().maxLevels(), study.space().maxSwitches());

        List<HypervolumeSample> history = new ArrayList<>();
        org.halodse.studies.cli.ProgressDisplay explore = org.halodse.studies.cli.ProgressDisplay.start("explore", study.search().evaluations(), log);
        List<int[]> baselineGenes = baselineGenes(problem, chip);
        SearchConfig cfg = new SearchConfig().seed(study.search().seed()).initialCandidates(baselineGenes).populationSize(study.search().population())
            .maxEvaluations(study.search().evaluations()).threads(study.search().threads()).preselection(study.search().preselection())
            .checkpoint(runDir.resolve("checkpoint.bin"), 5).resume(resume)
            .listener(p -> explore.update(p.evaluations(), "front " + p.frontSize() + ", feasible " + p.feasibleCount()));
        say("explore: " + study.search().algorithm().name().toLowerCase(Locale.ROOT) + ", " + study.search().evaluations() + " evaluations, "
            + groups.size() + " groups x 3 genes");
        SearchResult result;
        try {
            result = study.search().algorithm() == StudyConfig.Algorithm.RANDOM ? new RandomSearch(problem, cfg).run() : new Nsga2(problem, cfg).run();
        } finally {
            explore.close();
        }
        writeEvaluations(problem, result.archive());

        List<Baseline> baselines = baselines(problem, baselineGenes);
        List<Archive.Entry> feasible = new ArrayList<>();
        for (Archive.Entry e : result.front()) if (e.evaluation().violation() == 0) feasible.add(e);
        List<HaloProblem.Costs> frontCosts = new ArrayList<>();
        for (Archive.Entry e : feasible) frontCosts.add(problem.costs(e.candidate().toArray()));
        Map<Integer, Double> measured = validate(problem, model, layers, stats, delayPs, feasible);
        // Proxy -> fidelity loss: the profile's curve when it has one, else one fitted here to the
        // validated points (Commons Math, as proxy-check does), so every point gets a prediction
        // and every measured point its proxy-versus-measured gap.
        org.halodse.objectives.proxy.CalibrationCurve curve = profile.curve();
        if (curve == null && measured.size() >= 3) {
            double[] x = new double[measured.size()], y = new double[measured.size()];
            int j = 0;
            for (var m : measured.entrySet()) {
                x[j] = frontCosts.get(m.getKey()).proxy();
                y[j++] = m.getValue();
            }
            curve = org.halodse.objectives.proxy.CalibrationCurve.fit(x, y);
        }
        List<FrontPoint> points = new ArrayList<>();
        List<double[]> frontObjectives = new ArrayList<>();
        for (int i = 0; i < feasible.size(); i++) {
            Archive.Entry e = feasible.get(i);
            int[] genes = e.candidate().toArray();
            HaloProblem.Costs k = frontCosts.get(i);
            Map<String, Double> validated = new LinkedHashMap<>();
            validated.put("proxySum", k.proxy());
            if (curve != null) validated.put("predictedFidelityLoss", curve.predict(k.proxy()));
            validated.put("switchesPerPass", (double) k.switchesPerPass());
            validated.put("distinctLevels", (double) k.distinctLevels());
            Double m = measured.get(i);
            if (m != null) {
                validated.put("measuredFidelityLoss", m);
                if (curve != null) validated.put("proxyGap", curve.predict(k.proxy()) - m);
            }
            points.add(new FrontPoint("p" + (i + 1), e.evaluation().objectives(), validated, layerDecisions(problem, chip, genes)));
            frontObjectives.add(e.evaluation().objectives());
        }
        List<double[]> all = new ArrayList<>(frontObjectives);
        for (Baseline b : baselines) all.add(b.objectives());
        Normalization norm = Normalization.of(all);
        double[] ref = new double[problem.objectives().size()];
        java.util.Arrays.fill(ref, 1.1);
        HypervolumeFigure hv = frontObjectives.isEmpty() ? null
            : HypervolumeFigure.of(Hypervolume.of(frontObjectives, norm, ref), "objectives normalized to [0,1] over the front and the baselines; reference point 1.1 in each");
        history.addAll(history(result.archive(), norm, ref));
        WeightProfile wp = new WeightProfile(-128, delayPs, energyFj, netlist.name(), lib.name());
        Map<String, String> prov = new LinkedHashMap<>();
        prov.put("netlist", netlist.name());
        prov.put("liberty", libPath.toString());
        prov.put("calibration", calib.source() + " (" + calib.sentences() + " sentences)");
        prov.put("options", Integer.toString(options.size()));
        if (curve != null) prov.put("fidelityCurve", String.format(Locale.ROOT, "%s: a=%.4g b=%.4g r2=%.3f over %d points%s", curve.kind(), curve.a(), curve.b(), curve.r2(), curve.points(),
            profile.curve() == null ? " (fitted to this run's validated points)" : " (from the profile)"));
        prov.put("evaluations", Long.toString(result.evaluations()));
        prov.put("seed", Long.toString(study.search().seed()));
        ParetoReport report = new ParetoReport(study.name(), spec.name(), model.name(), model.synthetic(), problem.objectives(), points,
            baselines, hv, history, wp, prov);
        ReportWriter.writeAll(runDir, report);
        say(String.format(Locale.ROOT, "done in %.1f s", (System.nanoTime() - t0) / 1e9));
        return report;
    }

    /** Front points measured at full fidelity: a spread of the front by accuracy, at most this many. */
    static final int VALIDATED_POINTS = 6;
    /** Held-out sentences (after the calibration ones) for the measured embedding fidelity. */
    static final int VALIDATION_SENTENCES = 48;

    /**
     * Validate stage: for a real encoder, quantize every layer as the point decides (unsampled) and
     * measure 1 - cosine of sentence embeddings to fp32 on held-out real sentences. Measuring every
     * point of a large front would cost minutes, so a spread of at most {@link #VALIDATED_POINTS}
     * points (evenly over the front sorted by accuracy, both ends included) is measured.
     */
    private Map<Integer, Double> validate(HaloProblem problem, ModelSource model, List<LinearLayer> layers, ChannelStats stats,
                                          double[] delayPs, List<Archive.Entry> front) {
        Map<Integer, Double> out = new TreeMap<>();
        if (!(model instanceof org.halodse.objectives.model.OnnxModel onnx) || front.isEmpty()) return out;
        int calibSentences = study.calibration().sentences() == null ? 0 : study.calibration().sentences();
        List<String> text = org.halodse.objectives.calib.EuroparlText.englishSentences(calibSentences + VALIDATION_SENTENCES);
        List<String> held = text.subList(Math.min(calibSentences, text.size()), text.size());
        if (held.isEmpty()) return out;
        var encoder = org.halodse.objectives.encoder.BertEncoder.load(onnx);
        var oracle = new org.halodse.objectives.proxy.EncoderFidelity(encoder, ModelCatalog.tokenizer(study.model().source()), held, study.search().threads());
        Integer[] order = new Integer[front.size()];
        for (int i = 0; i < order.length; i++) order[i] = i;
        int acc = problem.objectives().size() - 1;
        for (int i = 0; i < problem.objectives().size(); i++) if (problem.objectives().get(i).name().equals("accuracy")) acc = i;
        final int ai = acc;
        java.util.Arrays.sort(order, java.util.Comparator.comparingDouble((Integer i) -> front.get(i).evaluation().objectives()[ai]).thenComparing(i -> i));
        int n = Math.min(VALIDATED_POINTS, order.length);
        java.util.LinkedHashSet<Integer> pick = new java.util.LinkedHashSet<>();
        for (int j = 0; j < n; j++) pick.add(order[n == 1 ? 0 : (int) Math.round((double) j * (order.length - 1) / (n - 1))]);
        say("validate: measured embedding fidelity of " + pick.size() + " front points on " + held.size() + " held-out sentences");
        for (int idx : pick) {
            Map<String, float[]> replaced = new LinkedHashMap<>();
            List<HaloProblem.Decision> ds = problem.decisions(front.get(idx).candidate().toArray());
            for (int l = 0; l < layers.size(); l++) {
                LinearLayer layer = layers.get(l);
                float[] w = layer.load();
                float[] q = new float[w.length];
                org.halodse.objectives.quant.OptionQuantizer.run(ds.get(l).option(), w, layer.inFeatures(), layer.outFeatures(),
                    stats.meanSquare(layer.name(), layer.inFeatures()), stats.sensitivity(layer.name(), layer.inFeatures(), layer.outFeatures()),
                    v -> delayPs[v + 128], q);
                replaced.put(layer.name(), q);
            }
            out.put(idx, oracle.measure(replaced));
        }
        return out;
    }

    /**
     * Hypervolume of the feasible front of the first k evaluations, at 20 evenly spaced k, under the
     * final normalization: computed from the archive after the search, so a resumed run reports
     * the same history as an uninterrupted one.
     */
    private static List<HypervolumeSample> history(Archive archive, Normalization norm, double[] ref) {
        List<Archive.Entry> all = new ArrayList<>(archive.all());
        all.sort(java.util.Comparator.comparingLong(Archive.Entry::index));
        List<HypervolumeSample> out = new ArrayList<>();
        List<double[]> front = new ArrayList<>();
        int n = all.size(), samples = Math.min(20, n);
        int next = 0;
        for (int i = 0; i < n; i++) {
            Archive.Entry e = all.get(i);
            if (e.evaluation().violation() == 0) addNonDominated(front, e.evaluation().objectives());
            if (samples > 0 && i + 1 == (int) Math.ceil((double) n * (next + 1) / samples)) {
                double hv = front.isEmpty() ? 0 : Hypervolume.of(front, norm, ref).value();
                out.add(new HypervolumeSample(i + 1, hv));
                next++;
            }
        }
        return out;
    }

    private static void addNonDominated(List<double[]> front, double[] p) {
        for (double[] q : front) if (dominatesOrEqual(q, p)) return;
        front.removeIf(q -> dominatesOrEqual(p, q));
        front.add(p);
    }

    private static boolean dominatesOrEqual(double[] a, double[] b) {
        for (int i = 0; i < a.length; i++) if (a[i] > b[i]) return false;
        return true;
    }

    private static MacSpec macSpec(StudyConfig.Mac m) {
        MacSpec.Adder adder = switch (m.adder()) {
            case RIPPLE -> MacSpec.Adder.RIPPLE;
            case KOGGE_STONE -> MacSpec.Adder.KOGGE_STONE;
            case BRENT_KUNG -> MacSpec.Adder.BRENT_KUNG;
        };
        MacSpec.Pipeline p = m.pipeline() == StudyConfig.MacPipeline.FUSED ? MacSpec.Pipeline.FUSED : MacSpec.Pipeline.REGISTERED_PRODUCT;
        return m.arch() == StudyConfig.MacArch.ARRAY ? MacSpec.array(m.weightBits(), m.activationBits(), m.accBits(), adder, p)
            : MacSpec.booth(m.weightBits(), m.activationBits(), m.accBits(), m.tree() == StudyConfig.MacTree.WALLACE ? MacSpec.Tree.WALLACE : MacSpec.Tree.DADDA, adder, p);
    }

    private double[] energy(Netlist n, LibertyLibrary lib) {
        say("energy per weight value: 256 values x 2000 uniform activations");
        StaticTimer timer = new StaticTimer(n, BoundaryConditions.betweenRegisters(lib));
        EnergyModel model = new EnergyModel(timer, lib.nominalVoltage(), timer.analyze().worstDelay());
        ToggleSimulator sim = new ToggleSimulator(n, MacStimulus.generated().resolve(n, false));
        WeightEnergyProfile p = WeightEnergyProfiler.run(sim, model, ActivationModel.parse("uniform"), 2000, 1);
        double[] e = new double[256];
        for (int w = -128; w <= 127; w++) e[w + 128] = p.energy(w).dynamicFj();
        return e;
    }

    /** The study's grid plus the baselines' options: INT8/INT4 RTN and HALO's 9/16-value classes. */
    private List<QuantOption> options(double[] delayPs) {
        List<QuantOption> out = new ArrayList<>();
        int tile = study.space().tileSize();
        out.add(QuantOption.rtn(8, 0));
        out.add(QuantOption.rtn(4, 128));
        for (double[] v : HALO_VARIANTS) out.add(QuantOption.halo(4, 9, v[0], 0.0005, tile));
        double worst = max(delayPs);
        for (int bits : study.space().bits()) {
            for (double t : study.space().delayThresholds()) {
                int fast = 0;
                for (double d : delayPs) if (d <= t * worst + 1e-9) fast++;
                fast = Math.max(2, fast);
                for (double share : study.space().classShares()) {
                    for (double sp : study.space().sparseFractions()) {
                        QuantOption o = QuantOption.halo(bits, fast, share, sp, tile);
                        if (!out.contains(o)) out.add(o);
                    }
                }
            }
        }
        return out;
    }

    /** INT8 RTN and INT4 RTN at the nominal level, then HALO's three fixed variants: the search starts from them too. */
    private static List<int[]> baselineGenes(HaloProblem problem, ChipModel chip) {
        int nom = chip.nominalLevel;
        List<int[]> g = new ArrayList<>();
        g.add(problem.uniform(0, nom, nom));
        g.add(problem.uniform(1, nom, nom));
        for (int i = 0; i < HALO_NAMES.length; i++) g.add(problem.fastest(2 + i));
        return g;
    }

    private static List<Baseline> baselines(HaloProblem problem, List<int[]> genes) {
        List<Baseline> out = new ArrayList<>();
        out.add(baseline(problem, "int8-rtn", "INT8 round-to-nearest per channel at the nominal clock", genes.get(0)));
        out.add(baseline(problem, "int4-rtn", "INT4 round-to-nearest per group of 128 at the nominal clock", genes.get(1)));
        for (int i = 0; i < HALO_NAMES.length; i++) {
            out.add(baseline(problem, HALO_NAMES[i], "HALO fixed variant: 9 fast values / 16 values, fast share "
                + HALO_VARIANTS[i][0] + ", each class at its fastest safe level", genes.get(2 + i)));
        }
        return out;
    }

    private static Baseline baseline(HaloProblem p, String name, String desc, int[] genes) {
        return new Baseline(name, desc, p.evaluate(new Candidate(genes)).objectives());
    }

    private static List<LayerDecision> layerDecisions(HaloProblem p, ChipModel chip, int[] genes) {
        List<LayerDecision> out = new ArrayList<>();
        for (HaloProblem.Decision d : p.decisions(genes)) {
            var cls = d.row().classes();
            List<Integer> fast = cls.size() > 1 ? toList(cls.get(0).codebook()) : List.of();
            List<Integer> slow = toList(cls.get(cls.size() - 1).codebook());
            int fl = d.levels()[0], sl = d.levels()[d.levels().length - 1];
            out.add(new LayerDecision(d.layer(), d.option().bits(), fast, slow, d.option().isRtn() ? 0 : d.option().fastShare(), d.option().sparse(),
                fl, sl, chip.freqHz[fl] / 1e9, chip.freqHz[sl] / 1e9));
        }
        return out;
    }

    private static List<Integer> toList(int[] a) {
        List<Integer> l = new ArrayList<>();
        if (a != null) for (int v : a) l.add(v);
        return l;
    }

    private void writeEvaluations(HaloProblem problem, Archive archive) {
        StringBuilder sb = new StringBuilder("index");
        for (var o : problem.objectives()) sb.append(',').append(o.name()).append('_').append(o.unit().replace(' ', '_'));
        sb.append(",violation,genes\n");
        for (Archive.Entry e : archive.all()) {
            sb.append(e.index());
            for (double v : e.evaluation().objectives()) sb.append(',').append(v);
            sb.append(',').append(e.evaluation().violation()).append(',');
            int[] g = e.candidate().toArray();
            for (int i = 0; i < g.length; i++) sb.append(i == 0 ? "" : " ").append(g[i]);
            sb.append('\n');
        }
        ArtifactCache.writeAtomically(runDir.resolve("evaluations.csv"), sb.toString());
    }

    /** Groups of layers that share decisions: each layer, each block, or each layer role. */
    private void groups(List<LinearLayer> layers, List<int[]> groups, List<String> names) {
        Map<String, List<Integer>> by = new TreeMap<>();
        List<String> order = new ArrayList<>();
        for (int i = 0; i < layers.size(); i++) {
            LinearLayer l = layers.get(i);
            String key = switch (study.space().granularity()) {
                case LAYER -> String.format(Locale.ROOT, "%04d %s", i, l.name());
                case BLOCK -> String.format(Locale.ROOT, "block %03d", l.block());
                case LAYER_TYPE -> l.role().name().toLowerCase(Locale.ROOT);
            };
            if (!by.containsKey(key)) order.add(key);
            by.computeIfAbsent(key, x -> new ArrayList<>()).add(i);
        }
        for (String k : order) {
            groups.add(by.get(k).stream().mapToInt(Integer::intValue).toArray());
            names.add(k);
        }
    }

    /** The workload shape from the layers themselves. An encoder has no LM head: vocab 1 makes it negligible. */
    static LlmShape shape(ModelSource model, List<LinearLayer> layers) {
        int blocks = 0;
        boolean gated = false;
        int ffn = 0, kv = 0;
        for (LinearLayer l : layers) {
            blocks = Math.max(blocks, l.block() + 1);
            if (l.role() == LayerRole.FFN_GATE) gated = true;
            if (l.role() == LayerRole.FFN_UP) ffn = l.outFeatures();
            if (l.role() == LayerRole.KEY) kv = l.outFeatures();
        }
        int hidden = layers.get(0).inFeatures();
        int headDim = hidden % 128 == 0 && hidden >= 2048 ? 128 : hidden % 64 == 0 ? 64 : 32;
        int heads = hidden / headDim;
        int kvHeads = Math.max(1, kv / headDim);
        boolean encoder = model.name().startsWith("minilm") || model.name().startsWith("bge");
        int vocab = encoder ? 1 : 32000;
        return new LlmShape(model.name(), blocks, hidden, heads, kvHeads, ffn, vocab, gated);
    }

    private static double min(double[] a) { double m = Double.MAX_VALUE; for (double v : a) m = Math.min(m, v); return m; }
    private static double max(double[] a) { double m = -Double.MAX_VALUE; for (double v : a) m = Math.max(m, v); return m; }

    static boolean exists(Path p) { return Files.exists(p); }
}
