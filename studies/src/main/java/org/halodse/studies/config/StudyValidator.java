package org.halodse.studies.config;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.halodse.hw.liberty.InputException;

/** Checks the values of a study that the types alone cannot: ranges, choices, files, consistency. */
final class StudyValidator {
    private final String source;
    private final StudyReader.Locate locate;

    private StudyValidator(String source, StudyReader.Locate locate) {
        this.source = source;
        this.locate = locate;
    }

    static void validate(String source, StudyConfig c, StudyReader.Locate locate) {
        new StudyValidator(source, locate).check(c);
    }

    private InputException bad(String key, String msg) {
        return InputException.at(source, locate.line(key), key + ": " + msg);
    }

    private void required(Object v, String key) {
        if (v == null) throw bad(key, "missing, a value is required");
        if (v instanceof String s && s.isBlank()) throw bad(key, "empty, a value is required");
    }

    private void file(String path, String key) {
        Path p = Path.of(path);
        Path base = Path.of(source).toAbsolutePath().getParent();
        if (!Files.exists(p) && (base == null || !Files.exists(base.resolve(path)))) {
            throw bad(key, "no such file '" + path + "' (relative paths are taken from the working directory or the study's folder)");
        }
    }

    private void range(Number v, double lo, double hi, String key, String what) {
        if (v == null) return;
        double d = v.doubleValue();
        if (!(d >= lo && d <= hi)) throw bad(key, what + ", found " + v);
    }

    private <T> void list(List<T> l, String key) {
        if (l == null) return;
        if (l.isEmpty()) throw bad(key, "empty list: give at least one value (or leave the key out for the default)");
        for (int i = 0; i < l.size(); i++) if (l.get(i) == null) throw bad(key + "[" + i + "]", "null, expected a value");
        if (new HashSet<>(l).size() != l.size()) throw bad(key, "repeated values in " + l);
    }

    private void check(StudyConfig c) {
        required(c.name(), "name");
        if (!c.name().matches("[A-Za-z0-9._-]+")) throw bad("name", "'" + c.name() + "' may hold only letters, digits, '.', '_' and '-' (it names the run directory)");
        required(c.model(), "model");
        required(c.model().source(), "model.source");
        if (c.calibration() != null) {
            var cal = c.calibration();
            range(cal.sentences(), 1, 100_000, "calibration.sentences", "expected 1 to 100000 sentences");
            if (cal.source() == StudyConfig.CalibrationSource.FILE) {
                required(cal.path(), "calibration.path");
                file(cal.path(), "calibration.path");
            } else if (cal.path() != null) {
                throw bad("calibration.path", "only used with source: file (source is " + cal.source() + ")");
            }
        }
        required(c.chip(), "chip");
        if ((c.chip().preset() == null) == (c.chip().file() == null)) throw bad("chip", "give exactly one of preset or file");
        if (c.chip().file() != null) file(c.chip().file(), "chip.file");
        mac(c.mac());
        if (c.workload() != null) {
            var w = c.workload();
            range(w.prefillTokens(), 0, 1 << 20, "workload.prefillTokens", "expected 0 to 1048576 tokens");
            range(w.decodeTokens(), 0, 1 << 20, "workload.decodeTokens", "expected 0 to 1048576 tokens");
            range(w.batch(), 1, 1 << 16, "workload.batch", "expected a batch of 1 to 65536");
            if (w.prefillTokens() != null && w.decodeTokens() != null && w.prefillTokens() == 0 && w.decodeTokens() == 0) {
                throw bad("workload", "prefillTokens and decodeTokens are both 0: nothing to run");
            }
        }
        if (c.space() != null) space(c.space());
        if (c.objectives() != null) {
            list(c.objectives(), "objectives");
            if (c.objectives().size() < 2) throw bad("objectives", "expected two or three of latency, energy, accuracy, found " + c.objectives().size());
        }
        if (c.constraints() != null) {
            range(c.constraints().maxAccuracyLoss(), 1e-9, 1.0, "constraints.maxAccuracyLoss", "expected a fidelity loss above 0 and at most 1");
            range(c.constraints().powerCapW(), 1e-6, 1e6, "constraints.powerCapW", "expected a positive power in watts");
        }
        if (c.search() != null) {
            var s = c.search();
            range(s.evaluations(), 1, 100_000_000, "search.evaluations", "expected 1 to 1e8 evaluations");
            range(s.population(), 4, 100_000, "search.population", "expected a population of 4 to 100000");
            range(s.preselection(), 0, 64, "search.preselection", "expected 0 (off) to 64 children drawn per child evaluated");
            range(s.threads(), 1, 1024, "search.threads", "expected 1 to 1024 threads");
            if (s.population() != null && s.evaluations() != null && s.evaluations() < s.population()) {
                throw bad("search.evaluations", s.evaluations() + " is less than one population (" + s.population() + ")");
            }
        }
        if (c.output() != null && c.output().isBlank()) throw bad("output", "empty, expected a directory");
    }

    private void mac(StudyConfig.Mac m) {
        required(m, "mac");
        required(m.liberty(), "mac.liberty");
        if ((m.arch() == null) == (m.netlist() == null)) throw bad("mac", "give exactly one of arch (a generated MAC) or netlist (your own)");
        if (m.netlist() != null) {
            file(m.netlist(), "mac.netlist");
            required(m.top(), "mac.top");
            required(m.weightPort(), "mac.weightPort");
            for (String k : new String[] {"tree", "adder", "pipeline"}) {
                Object v = switch (k) { case "tree" -> m.tree(); case "adder" -> m.adder(); default -> m.pipeline(); };
                if (v != null) throw bad("mac." + k, "only for a generated MAC (arch), not with netlist");
            }
        } else {
            if (m.tree() != null && m.arch() == StudyConfig.MacArch.ARRAY) throw bad("mac.tree", "an array multiplier has no tree (wallace/dadda are for booth)");
            if (m.top() != null) throw bad("mac.top", "only with netlist");
        }
        for (var e : new Object[][] {{m.weightBits(), "mac.weightBits"}, {m.activationBits(), "mac.activationBits"}}) {
            Integer v = (Integer) e[0];
            if (v != null && v != 4 && v != 8) throw bad((String) e[1], "expected 4 or 8, found " + v);
        }
        if (m.accBits() != null) {
            int wb = m.weightBits() == null ? 8 : m.weightBits(), ab = m.activationBits() == null ? 8 : m.activationBits();
            range(m.accBits(), wb + ab, 64, "mac.accBits", "expected " + (wb + ab) + " to 64 (at least weight bits + activation bits)");
        }
    }

    private void space(StudyConfig.Space s) {
        list(s.bits(), "space.bits");
        if (s.bits() != null) for (int i = 0; i < s.bits().size(); i++) range(s.bits().get(i), 2, 8, "space.bits[" + i + "]", "expected 2 to 8 bits");
        list(s.delayThresholds(), "space.delayThresholds");
        if (s.delayThresholds() != null) {
            for (int i = 0; i < s.delayThresholds().size(); i++) {
                range(s.delayThresholds().get(i), 1e-9, 1.0, "space.delayThresholds[" + i + "]", "expected a fraction of the slowest delay above 0 and at most 1");
            }
        }
        if (s.tileSize() != null && (s.tileSize() < 4 || s.tileSize() > 1024 || Integer.bitCount(s.tileSize()) != 1)) {
            throw bad("space.tileSize", "expected a power of two from 4 to 1024, found " + s.tileSize());
        }
        list(s.classShares(), "space.classShares");
        if (s.classShares() != null) for (int i = 0; i < s.classShares().size(); i++) range(s.classShares().get(i), 0, 1, "space.classShares[" + i + "]", "expected a share from 0 to 1");
        list(s.sparseFractions(), "space.sparseFractions");
        if (s.sparseFractions() != null) for (int i = 0; i < s.sparseFractions().size(); i++) range(s.sparseFractions().get(i), 0, 0.05, "space.sparseFractions[" + i + "]", "expected a fraction from 0 to 0.05");
        list(s.dvfsLevels(), "space.dvfsLevels");
        if (s.dvfsLevels() != null) for (int i = 0; i < s.dvfsLevels().size(); i++) range(s.dvfsLevels().get(i), 0, 63, "space.dvfsLevels[" + i + "]", "expected a level index from 0");
        range(s.maxLevels(), 1, 64, "space.maxLevels", "expected at least 1 DVFS level");
        range(s.maxSwitches(), 0, 1_000_000, "space.maxSwitches", "expected 0 or more switches");
        if (s.maxLevels() != null && s.dvfsLevels() != null && s.maxLevels() > s.dvfsLevels().size()) {
            throw bad("space.maxLevels", s.maxLevels() + " levels allowed but space.dvfsLevels offers only " + s.dvfsLevels().size());
        }
        if (s.maxLevels() != null && s.maxSwitches() != null && s.maxLevels() > 1 && s.maxSwitches() == 0) {
            throw bad("space.maxSwitches", "0 switches cannot use " + s.maxLevels() + " levels; set maxLevels: 1 or allow switches");
        }
    }
}
