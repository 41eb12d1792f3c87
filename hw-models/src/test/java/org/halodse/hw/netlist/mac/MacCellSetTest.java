package org.halodse.hw.netlist.mac;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.List;
import org.halodse.hw.liberty.InputException;
import org.halodse.hw.netlist.mac.CellSet.Function;
import org.junit.jupiter.api.Test;

class MacCellSetTest {

    @Test
    void osu018CellsFoundByFunction() {
        CellSet cs = CellSet.select(MacTestLibraries.osu018());
        assertEquals("INVX1", cs.cell(Function.INV).name());
        assertEquals("NAND2X1", cs.cell(Function.NAND2).name());
        assertEquals("NOR2X1", cs.cell(Function.NOR2).name());
        assertEquals("AND2X1", cs.cell(Function.AND2).name());
        assertEquals("OR2X1", cs.cell(Function.OR2).name());
        assertEquals("XOR2X1", cs.cell(Function.XOR2).name());
        assertEquals("XNOR2X1", cs.cell(Function.XNOR2).name());
        assertEquals("AOI21X1", cs.cell(Function.AOI21).name());
        assertEquals("OAI21X1", cs.cell(Function.OAI21).name());
        assertEquals("AOI22X1", cs.cell(Function.AOI22).name());
        assertFalse(cs.has(Function.MUX2), "OSU's MUX2X1 inverts, so it is no MUX2");
        assertEquals("FAX1", cs.cell(Function.FULL_ADDER).name());
        assertEquals(List.of("YS", "YC"), cs.binding(Function.FULL_ADDER).outputs());
        assertEquals("HAX1", cs.cell(Function.HALF_ADDER).name());
        assertEquals("DFFPOSX1", cs.cell(Function.DFF).name());
        assertEquals(List.of("D", "CLK"), cs.binding(Function.DFF).inputs());
        assertEquals(List.of("Q"), cs.binding(Function.DFF).outputs());
        // AOI21: C is the OR input
        assertEquals("C", cs.binding(Function.AOI21).inputs().get(2));
    }

    @Test
    void nangate45CellsFoundByFunction() {
        assumeTrue(MacTestLibraries.hasNangate(), "NanGate45 Liberty not found at " + MacTestLibraries.NANGATE45);
        CellSet cs = CellSet.select(MacTestLibraries.nangate45());
        assertEquals("INV_X1", cs.cell(Function.INV).name());
        assertEquals("NAND2_X1", cs.cell(Function.NAND2).name());
        assertEquals("XOR2_X1", cs.cell(Function.XOR2).name());
        assertEquals("FA_X1", cs.cell(Function.FULL_ADDER).name());
        assertEquals(List.of("S", "CO"), cs.binding(Function.FULL_ADDER).outputs());
        assertEquals("HA_X1", cs.cell(Function.HALF_ADDER).name());
        assertEquals("MUX2_X1", cs.cell(Function.MUX2).name());
        assertEquals(List.of("S", "A", "B"), cs.binding(Function.MUX2).inputs());
        assertEquals("DFF_X1", cs.cell(Function.DFF).name());
        assertEquals(List.of("D", "CK"), cs.binding(Function.DFF).inputs());
    }

    @Test
    void missingRequiredCellsAreNamed() {
        InputException e = assertThrows(InputException.class,
            () -> CellSet.select(MacTestLibraries.minimal("no_inv", false, true, "")));
        assertTrue(e.getMessage().contains("no_inv") && e.getMessage().contains("inverter"), e.getMessage());
        e = assertThrows(InputException.class,
            () -> CellSet.select(MacTestLibraries.minimal("no_ff", true, false, "")));
        assertTrue(e.getMessage().contains("no_ff") && e.getMessage().contains("flip-flop"), e.getMessage());
    }

    @Test
    void dontUseCellsAreSkipped() {
        String extra = """
              cell (BIGINV) { area : 5;
                pin (A) { direction : input; capacitance : 0.001; }
                pin (Y) { direction : output; function : "A'"; } }
              cell (TINYINV) { area : 1; dont_use : true;
                pin (A) { direction : input; capacitance : 0.001; }
                pin (Y) { direction : output; function : "!A"; } }
            """;
        CellSet cs = CellSet.select(MacTestLibraries.minimal("dont_use_lib", true, true, extra));
        assertEquals("MYINV", cs.cell(Function.INV).name());
        assertFalse(cs.has(Function.FULL_ADDER));
    }
}
