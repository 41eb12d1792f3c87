package org.halodse.hw.liberty;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class LibertyReaderTest {
    static final Path PDK = Path.of(System.getenv().getOrDefault("HALO_PDK_DIR", "../../shared/pdk"));

    static String linear() throws Exception {
        return Files.readString(Path.of(LibertyReaderTest.class.getResource("/linear_test.lib").toURI()));
    }

    @ParameterizedTest
    @ValueSource(strings = {"nangate45_typ.lib.gz", "nangate45_slow.lib.gz", "nangate45_fast.lib.gz"})
    void readsNangate45Corners(String file) {
        Path p = PDK.resolve(file);
        assumeTrue(Files.isRegularFile(p), "NanGate45 not present at " + p);
        LibertyLibrary lib = LibertyReader.read(p);
        assertEquals(134, lib.cells().size());
        LibertyCell inv = lib.cell("INV_X1");
        // capacitance in the file is in fF already (capacitive_load_unit (1,ff))
        assertTrue(inv.pin("A").capacitance() > 1.0 && inv.pin("A").capacitance() < 2.0);
        LibertyCell xor = lib.cell("XOR2_X1");
        // state-dependent arcs: two per related pin, each with a when condition
        long arcsFromA = xor.arcsTo(xor.pinIndex("Z")).stream().filter(a -> a.fromPin() == xor.pinIndex("A")).count();
        assertEquals(2, arcsFromA);
        assertTrue(xor.arcsTo(xor.pinIndex("Z")).stream().allMatch(a -> a.when() != null));
        LibertyCell ff = lib.cell("DFF_X1");
        assertTrue(ff.isSequential());
        assertEquals("D", ff.sequential().nextState().text().trim());
    }

    @Test
    void nangateTypicalTableValueMatchesTheFile() {
        Path p = PDK.resolve("nangate45_typ.lib.gz");
        assumeTrue(Files.isRegularFile(p));
        LibertyLibrary lib = LibertyReader.read(p);
        assertEquals(1.10, lib.nominalVoltage(), 1e-12);
        TimingArc arc = lib.cell("INV_X1").arcsTo(lib.cell("INV_X1").pinIndex("ZN")).get(0);
        assertEquals(TimingSense.NEGATIVE_UNATE, arc.sense());
        // index_1 is input_net_transition (ns -> ps), index_2 total_output_net_capacitance (fF)
        assertEquals(LookupTable.Variable.INPUT_TRANSITION, arc.cellRise().variable1());
        double[] i1 = arc.cellRise().index1();
        double[] i2 = arc.cellRise().index2();
        // at a grid point the lookup is the table entry itself, in ps
        assertEquals(arc.cellRise().value(2, 3), arc.cellRise().lookup(i1[2], i2[3]), 1e-9);
        assertTrue(i1[0] > 0.5 && i1[0] < 10, "slew index in ps: " + i1[0]);
    }

    @ParameterizedTest
    @ValueSource(strings = {"/usr/share/qflow/tech/osu018/osu018_stdcells.lib", "/usr/share/qflow/tech/osu035/osu035_stdcells.lib",
        "/usr/share/qflow/tech/osu050/osu05_stdcells.lib"})
    void readsOsuLibraries(String file) {
        Path p = Path.of(file);
        assumeTrue(Files.isRegularFile(p), "OSU cells not installed: " + p);
        LibertyLibrary lib = LibertyReader.read(p);
        assertEquals(file.contains("osu018") ? 32 : 39, lib.cells().size()); // counted with grep "^cell ("
        LibertyCell fa = lib.cell("FAX1");
        assertNotNull(fa);
        // pF in the file -> fF here
        assertTrue(fa.pin("A").capacitance() > 1 && fa.pin("A").capacitance() < 500);
        // OSU templates put the load first: variable_1 = total_output_net_capacitance
        TimingArc arc = lib.cell("INVX1").arcs().get(0);
        assertEquals(LookupTable.Variable.OUTPUT_CAPACITANCE, arc.cellRise().variable1());
        assertTrue(lib.cell("DFFPOSX1").isSequential());
    }

    @Test
    void resolvesShortNames() {
        assumeTrue(Files.isRegularFile(Path.of("/usr/share/qflow/tech/osu018/osu018_stdcells.lib")));
        assertEquals(Path.of("/usr/share/qflow/tech/osu018/osu018_stdcells.lib"), LibertyCatalog.resolve("osu018", "--liberty"));
        InputException e = assertThrows(InputException.class, () -> LibertyCatalog.resolve("tsmc7", "--liberty"));
        assertTrue(e.getMessage().startsWith("--liberty 'tsmc7': unknown library name"), e.getMessage());
    }

    @Test
    void linearTableInterpolatesAndExtrapolates() throws Exception {
        LibertyLibrary lib = LibertyReader.read("linear_test.lib", linear());
        LookupTable t = lib.cell("INV").arcs().get(0).cellRise(); // 10 + 0.1 s + 2 c on [0,100] x [0,10]
        assertEquals(10 + 0.1 * 37 + 2 * 4.5, t.lookup(37, 4.5), 1e-12);
        assertEquals(10 + 0.1 * 250 + 2 * 17, t.lookup(250, 17), 1e-12); // beyond the grid: linear
        assertEquals(10 + 0.1 * -5 + 2 * -1, t.lookup(-5, -1), 1e-12);
    }

    private static InputException bad(String text) {
        return assertThrows(InputException.class, () -> LibertyReader.read("bad.lib", text));
    }

    @Test
    void truncatedFileNamesTheLine() throws Exception {
        String text = linear();
        String cut = text.substring(0, text.indexOf("cell(AND2)") + 40);
        InputException e = bad(cut);
        assertTrue(e.getMessage().startsWith("bad.lib:"), e.getMessage());
        assertTrue(e.getMessage().contains("truncated"), e.getMessage());
    }

    @Test
    void unknownUnit() throws Exception {
        InputException e = bad(linear().replace("time_unit : \"1ps\";", "time_unit : \"1parsec\";"));
        assertEquals("bad.lib:4: unknown time_unit '1parsec', expected a time unit such as \"1ns\" or \"1ps\"", e.getMessage());
        e = bad(linear().replace("capacitive_load_unit (1, ff);", "capacitive_load_unit (1, uf);"));
        assertTrue(e.getMessage().startsWith("bad.lib:5: unknown capacitance unit 'uf'"), e.getMessage());
    }

    @Test
    void missingTableAndBadValues() throws Exception {
        String text = linear();
        // drop the rise_transition of the first arc (INV)
        int at = text.indexOf("rise_transition(lin2x2)");
        int end = text.indexOf("}", at) + 1;
        InputException e = bad(text.substring(0, at) + text.substring(end));
        assertTrue(e.getMessage().matches("bad\\.lib:\\d+: cell INV pin Y: timing arc from A lacks a rise_transition or fall_transition table"), e.getMessage());
        e = bad(text.replaceFirst("values \\(\"10, 30\"", "values (\"10, x30\""));
        assertTrue(e.getMessage().matches("bad\\.lib:\\d+: cell_rise values: 'x30' is not a number"), e.getMessage());
        e = bad(text.replaceFirst("values \\(\"10, 30\", \"20, 40\"\\)", "values (\"10, 30\", \"20\")"));
        assertTrue(e.getMessage().contains("cell_rise table has 3 values, expected 4"), e.getMessage());
        e = bad(text.replaceFirst("cell_rise\\(lin2x2\\)", "cell_rise(nosuch)"));
        assertTrue(e.getMessage().contains("unknown table template 'nosuch'"), e.getMessage());
    }

    @Test
    void malformedSyntax() {
        InputException e = bad("library(x) {\n  time_unit : \"1ns\";\n  cell(A) {\n    pin(Y) { direction output; }\n  }\n}\n");
        assertEquals("bad.lib:4: expected ':' or '(' after 'direction', found 'o'", e.getMessage());
        e = bad("cell(A) { }");
        assertTrue(e.getMessage().startsWith("bad.lib:1: expected 'library (NAME) {'"), e.getMessage());
        e = bad("library(x) {\n cell(A) {\n pin(Y) { direction : output; function : \"A &\"; }\n }\n}\n");
        assertTrue(e.getMessage().startsWith("bad.lib:3: cell A: bad Boolean expression"), e.getMessage());
    }

    @Test
    void booleanFunctionsFollowLibertyPrecedence() {
        var vars = java.util.List.of("A", "B", "C");
        // XOR binds tighter than AND, AND tighter than OR; juxtaposition is AND; ' is postfix NOT
        BoolExpr f = BoolExpr.parse("A B' + C", vars);
        for (int m = 0; m < 8; m++) {
            int a = m & 1, b = (m >> 1) & 1, c = (m >> 2) & 1;
            int expected = (a & (1 - b)) | c;
            assertEquals(expected, f.eval3(new int[] {a, b, c}));
        }
        BoolExpr g = BoolExpr.parse("A & B ^ C", vars); // A & (B ^ C)
        assertEquals(BoolExpr.ONE, g.eval3(new int[] {1, 1, 0}));
        assertEquals(BoolExpr.ZERO, g.eval3(new int[] {1, 1, 1}));
        // three-valued: A=0 makes A&(B^C) 0 whatever B, C
        assertEquals(BoolExpr.ZERO, g.eval3(new int[] {0, BoolExpr.X, BoolExpr.X}));
        assertEquals(BoolExpr.Sense.NONE, g.sense(1, new int[] {0, BoolExpr.X, BoolExpr.X}));
        assertEquals(BoolExpr.Sense.NEGATIVE_UNATE, g.sense(1, new int[] {1, BoolExpr.X, 1}));
        assertEquals(BoolExpr.Sense.NON_UNATE, g.sense(1, new int[] {1, BoolExpr.X, BoolExpr.X}));
    }
}
