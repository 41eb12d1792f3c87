package org.halodse.studies.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.halodse.hw.liberty.InputException;
import org.halodse.studies.cli.Halo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Malformed study files: one line with the key path and what was expected, exit code 2. */
class StudyFileErrorsTest {
    @TempDir Path tmp;

    static final String VALID = """
        name: t1
        model:
          source: minilm-l6
        chip:
          preset: edge-npu
        mac:
          liberty: osu018
          arch: booth
        space:
          bits: [3, 4]
          classShares: [0.5, 0.9]
        objectives: [latency, accuracy]
        search:
          evaluations: 1000
          population: 50
        """;

    /** Replaces the first occurrence of {@code from} (must exist) in the valid study. */
    static String edit(String from, String to) {
        assertTrue(VALID.contains(from), "test edit must apply: " + from);
        return VALID.replaceFirst(java.util.regex.Pattern.quote(from), java.util.regex.Matcher.quoteReplacement(to));
    }

    @Test
    void theValidStudyIsAcceptedAndResolvesEveryDefault() throws Exception {
        StudyConfig c = StudyDefaults.resolve(StudyReader.read("t.yaml", VALID, false));
        assertEquals(StudyConfig.MacTree.DADDA, c.mac().tree());
        assertEquals(128, c.space().tileSize());
        assertEquals("runs/t1", c.output());
        assertEquals(1L, c.search().seed());
        assertEquals(4, c.search().preselection());
        assertEquals(List.of(3, 4), c.space().bits());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
        unknown top key, near miss        | 'objectives:'        | 'objectivs: [latency]\\nobjectives:'   | t.yaml:12: objectivs: unknown key; did you mean 'objectives'?
        unknown nested key, near miss     | '  classShares:'     | '  classShare: [0.1]\\n  classShares:'  | t.yaml:11: space.classShare: unknown key; did you mean 'classShares'?
        unknown key, no near miss         | 'search:'            | 'search:\\n  telemetry: on'            | t.yaml:14: search.telemetry: unknown key (expected one of
        wrong type for integer            | 'evaluations: 1000'  | 'evaluations: lots'                    | search.evaluations: expected an integer, found 'lots'
        float for integer                 | 'evaluations: 1000'  | 'evaluations: 10.5'                    | search.evaluations:
        wrong enum                        | 'arch: booth'        | 'arch: wallace'                        | mac.arch: expected one of array, booth, found 'wallace'
        wrong objective                   | '[latency, accuracy]'| '[latency, speed]'                     | objectives[1]: expected one of latency, energy, accuracy, found 'speed'
        list expected                     | 'bits: [3, 4]'       | 'bits: 3'                              | space.bits: expected a list
        mapping expected                  | '  source: minilm-l6'| ' '                                    | model
        empty list                        | 'bits: [3, 4]'       | 'bits: []'                             | t.yaml:10: space.bits: empty list
        bits out of range                 | 'bits: [3, 4]'       | 'bits: [3, 12]'                        | t.yaml:10: space.bits[1]: expected 2 to 8 bits, found 12
        repeated values                   | 'bits: [3, 4]'       | 'bits: [4, 4]'                         | t.yaml:10: space.bits: repeated values in [4, 4]
        share out of range                | 'classShares: [0.5, 0.9]' | 'classShares: [0.5, 1.5]'         | t.yaml:11: space.classShares[1]: expected a share from 0 to 1, found 1.5
        one objective                     | '[latency, accuracy]'| '[latency]'                            | t.yaml:12: objectives: expected two or three of latency, energy, accuracy, found 1
        missing mac liberty               | '  liberty: osu018\\n'| ''                                     | mac.liberty: missing, a value is required
        both arch and netlist             | '  arch: booth'      | '  arch: booth\\n  netlist: mac.v'     | t.yaml:6: mac: give exactly one of arch (a generated MAC) or netlist (your own)
        missing netlist file              | '  arch: booth'      | '  netlist: /nonexistent/mac.v\\n  top: m' | t.yaml:8: mac.netlist: no such file '/nonexistent/mac.v'
        tree with array                   | '  arch: booth'      | '  arch: array\\n  tree: dadda'        | t.yaml:9: mac.tree: an array multiplier has no tree
        bad weight bits                   | '  arch: booth'      | '  arch: booth\\n  weightBits: 6'      | t.yaml:9: mac.weightBits: expected 4 or 8, found 6
        both preset and file              | '  preset: edge-npu' | '  preset: edge-npu\\n  file: chip.yaml' | t.yaml:4: chip: give exactly one of preset or file
        impossible accuracy budget        | 'search:'            | 'constraints:\\n  maxAccuracyLoss: 0\\nsearch:' | t.yaml:14: constraints.maxAccuracyLoss: expected a fidelity loss above 0 and at most 1, found 0.0
        impossible levels and switches    | 'search:'            | 'space2: 1\\nsearch:'                  | space2: unknown key; did you mean 'space'?
        budget below one population       | 'evaluations: 1000'  | 'evaluations: 10'                      | t.yaml:14: search.evaluations: 10 is less than one population (50)
        pre-selection out of range        | 'population: 50'     | 'population: 50\n  preselection: 100'  | t.yaml:16: search.preselection: expected 0 (off) to 64 children drawn per child evaluated, found 100
        duplicate key                     | 'search:'            | 'name: again\\nsearch:'                | Duplicate field 'name'
        bad name                          | 'name: t1'           | 'name: my study/1'                     | t.yaml:1: name: 'my study/1' may hold only letters
        calibration file missing          | 'search:'            | 'calibration:\\n  source: file\\nsearch:' | t.yaml:13: calibration.path: missing, a value is required
        zero workload                     | 'search:'            | 'workload:\\n  prefillTokens: 0\\n  decodeTokens: 0\\nsearch:' | t.yaml:13: workload: prefillTokens and decodeTokens are both 0
        not yaml                          | 'name: t1'           | 'name: [t1'                            | t.yaml:
        """)
    void malformedStudy(String what, String from, String to, String expected) {
        String text = edit(from.replace("\\n", "\n"), to.replace("\\n", "\n"));
        InputException e = org.junit.jupiter.api.Assertions.assertThrows(InputException.class, () -> StudyReader.read("t.yaml", text, false), what);
        String msg = e.getMessage();
        assertFalse(msg.contains("\n"), "one line: " + msg);
        assertTrue(msg.contains(expected), what + ": got «" + msg + "», expected it to contain «" + expected + "»");
    }

    @Test
    void commandLineSaysOneLineExitsTwoAndWritesNothing() throws Exception {
        Path study = tmp.resolve("s.yaml");
        Files.writeString(study, edit("bits: [3, 4]", "bitz: [3, 4]"));
        StringWriter out = new StringWriter(), err = new StringWriter();
        int code = Halo.run(new String[] {"validate", study.toString()}, new PrintWriter(out), new PrintWriter(err));
        assertEquals(2, code);
        assertEquals("halo: " + study + ":10: space.bitz: unknown key; did you mean 'bits'?", err.toString().strip().split("\n")[0].replaceAll(" \\(expected one of.*", ""));
        assertEquals("", out.toString());
        try (var s = Files.list(tmp)) {
            assertEquals(1, s.count(), "nothing written beside the study");
        }
    }

    @Test
    void schemaListsEveryKeyAndForbidsOthers() {
        StringWriter out = new StringWriter(), err = new StringWriter();
        assertEquals(0, Halo.run(new String[] {"schema"}, new PrintWriter(out), new PrintWriter(err)));
        String s = out.toString();
        assertTrue(s.contains("\"additionalProperties\" : false"));
        assertTrue(s.contains("\"classShares\""));
        assertTrue(s.contains("\"registered-product\""));
        assertTrue(s.contains("\"required\" : [ \"name\", \"model\", \"chip\", \"mac\" ]"), s.substring(0, 400));
    }

    @Test
    void quickstartStudyIsValid() throws Exception {
        Path q = Path.of("quickstart.yaml");
        StudyConfig c = StudyReader.read(q);
        assertEquals("quickstart", c.name());
        assertEquals("minilm-l6", c.model().source());
    }
}
