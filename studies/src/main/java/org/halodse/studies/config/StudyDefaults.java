package org.halodse.studies.config;

import java.util.List;

/**
 * Fills every absent value of a study with its default, so the run directory's study.yaml says
 * exactly what ran. Defaults follow HALO's setting: 128x128 tiles, three DVFS levels, a fast and a
 * slow tile class, sparse fractions around HALO's 0.05%.
 */
public final class StudyDefaults {
    private StudyDefaults() {
    }

    public static StudyConfig resolve(StudyConfig c) {
        var cal = c.calibration() == null ? new StudyConfig.Calibration(null, null, null) : c.calibration();
        cal = new StudyConfig.Calibration(or(cal.source(), StudyConfig.CalibrationSource.EUROPARL),
            cal.source() == StudyConfig.CalibrationSource.UNIFORM || cal.source() == StudyConfig.CalibrationSource.FILE ? cal.sentences() : or(cal.sentences(), 256),
            cal.path());
        var m = c.mac();
        boolean generated = m.netlist() == null;
        m = new StudyConfig.Mac(m.liberty(), m.arch(),
            generated && m.arch() == StudyConfig.MacArch.BOOTH ? or(m.tree(), StudyConfig.MacTree.DADDA) : m.tree(),
            generated ? or(m.adder(), StudyConfig.MacAdder.KOGGE_STONE) : null,
            generated ? or(m.pipeline(), StudyConfig.MacPipeline.REGISTERED_PRODUCT) : null,
            or(m.weightBits(), 8), or(m.activationBits(), 8), or(m.accBits(), 24),
            m.netlist(), m.top(), or(m.weightPort(), "w"));
        var w = c.workload() == null ? new StudyConfig.Workload(null, null, null) : c.workload();
        w = new StudyConfig.Workload(or(w.prefillTokens(), 128), or(w.decodeTokens(), 128), or(w.batch(), 1));
        var s = c.space() == null ? new StudyConfig.Space(null, null, null, null, null, null, null, null, null) : c.space();
        s = new StudyConfig.Space(or(s.granularity(), StudyConfig.Granularity.LAYER), or(s.bits(), List.of(3, 4, 8)),
            or(s.delayThresholds(), List.of(0.8, 0.9, 0.95, 1.0)), or(s.tileSize(), 128),
            or(s.classShares(), List.of(0.0, 0.5, 0.75, 0.9)), or(s.sparseFractions(), List.of(0.0, 0.0005, 0.005)),
            s.dvfsLevels(), or(s.maxLevels(), 3), or(s.maxSwitches(), 3));
        var objectives = or(c.objectives(), List.of(StudyConfig.Objective.LATENCY, StudyConfig.Objective.ENERGY, StudyConfig.Objective.ACCURACY));
        var k = c.constraints() == null ? new StudyConfig.Constraints(null, null) : c.constraints();
        var q = c.search() == null ? new StudyConfig.Search(null, null, null, null, null, null) : c.search();
        q = new StudyConfig.Search(or(q.algorithm(), StudyConfig.Algorithm.NSGA2), or(q.evaluations(), 20_000), or(q.population(), 100),
            or(q.seed(), 1L), or(q.threads(), Runtime.getRuntime().availableProcessors()), or(q.preselection(), 4));
        return new StudyConfig(c.name(), c.model(), cal, c.chip(), m, w, s, objectives, k, q, or(c.output(), "runs/" + c.name()));
    }

    private static <T> T or(T v, T d) {
        return v != null ? v : d;
    }
}
