package org.halodse.hw.timing;

import org.halodse.hw.liberty.InputException;
import org.halodse.hw.liberty.LibertyCell;
import org.halodse.hw.liberty.LibertyLibrary;
import org.halodse.hw.liberty.LibertyPin;
import org.halodse.hw.liberty.TimingArc;

/**
 * What surrounds the circuit under analysis, as OpenSTA's SDC would say it: each input port is
 * driven like {@code set_driving_cell -lib_cell CELL -pin PIN} (or has a fixed slew), each output
 * port carries {@code set_load}. The default is a MAC between registers: the library's D
 * flip-flop drives every input and every output sees that flip-flop's D pin.
 *
 * @param drivingCell   cell whose arc into {@code drivingPin} drives the inputs (null: use {@code inputSlew})
 * @param drivingPin    its output pin
 * @param driverInputSlew slew (ps) at the driving cell's own input, 0 as in OpenSTA's default
 * @param inputSlew     fixed slew (ps) at the inputs when there is no driving cell
 * @param outputLoad    load (fF) on every output port
 */
public record BoundaryConditions(LibertyCell drivingCell, String drivingPin, double driverInputSlew,
                                 double inputSlew, double outputLoad, String description) {

    /** The library's plain D flip-flop (DFF_X1, DFFPOSX1, or the smallest positive-edge one). */
    public static LibertyCell registerCell(LibertyLibrary lib) {
        for (String n : new String[] {"DFF_X1", "DFFPOSX1"}) {
            LibertyCell c = lib.cell(n);
            if (c != null && c.isSequential()) return c;
        }
        LibertyCell best = null;
        for (LibertyCell c : lib.cells()) {
            if (!c.isSequential() || c.sequential().isLatch() || c.dontUse()) continue;
            if (c.inputs().size() != 2) continue; // D and clock only: no set/reset/scan
            if (best == null || c.area() < best.area()) best = c;
        }
        if (best == null) throw new InputException(lib.source() + ": no D flip-flop cell found to drive inputs and load outputs; give --driving-cell and --load-pin");
        return best;
    }

    /** Inputs driven by the flip-flop's Q, outputs loaded by its D pin. */
    public static BoundaryConditions betweenRegisters(LibertyLibrary lib) {
        LibertyCell ff = registerCell(lib);
        return of(lib, ff.name(), dataOutput(ff).name(), ff.name(), dataInput(ff).name(), Double.NaN);
    }

    /**
     * Explicit boundary: driving cell/pin (or a fixed input slew when {@code inputSlewPs} is not
     * NaN) and the load pin {@code loadCell/loadPin}.
     */
    public static BoundaryConditions of(LibertyLibrary lib, String driveCell, String drivePin,
                                        String loadCell, String loadPin, double inputSlewPs) {
        LibertyCell lc = lib.cell(loadCell);
        if (lc == null) throw new InputException("--load-pin: no cell '" + loadCell + "' in " + lib.source());
        LibertyPin lp = lc.pin(loadPin);
        if (lp == null || !lp.isInput()) throw new InputException("--load-pin: cell " + loadCell + " has no input pin '" + loadPin + "'");
        double load = lp.capacitance();
        if (!Double.isNaN(inputSlewPs)) {
            return new BoundaryConditions(null, null, 0, inputSlewPs, load,
                "inputs: slew " + inputSlewPs + " ps; outputs: load " + loadCell + "/" + loadPin + " = " + fmt(load) + " fF");
        }
        LibertyCell dc = lib.cell(driveCell);
        if (dc == null) throw new InputException("--driving-cell: no cell '" + driveCell + "' in " + lib.source());
        LibertyPin dp = dc.pin(drivePin);
        if (dp == null || !dp.isOutput()) throw new InputException("--driving-cell: cell " + driveCell + " has no output pin '" + drivePin + "'");
        if (dc.arcsTo(dp.index()).stream().noneMatch(TimingArc::isDelayArc)) {
            throw new InputException("--driving-cell: " + driveCell + "/" + drivePin + " has no timing arc to drive with");
        }
        return new BoundaryConditions(dc, drivePin, 0, 0, load,
            "inputs: driving cell " + driveCell + "/" + drivePin + "; outputs: load " + loadCell + "/" + loadPin + " = " + fmt(load) + " fF");
    }

    private static String fmt(double v) {
        return String.format(java.util.Locale.ROOT, "%.4f", v);
    }

    static LibertyPin dataOutput(LibertyCell ff) {
        LibertyPin best = null;
        for (LibertyPin p : ff.outputs()) {
            if (p.function() != null && p.function().text().trim().equals(ff.sequential().stateVar())) return p;
            if (best == null) best = p;
        }
        if (best == null) throw new InputException("flip-flop " + ff.name() + " has no output pin");
        return best;
    }

    static LibertyPin dataInput(LibertyCell ff) {
        for (LibertyPin p : ff.inputs()) {
            if (ff.sequential().nextState().uses(p.index())) return p;
        }
        throw new InputException("flip-flop " + ff.name() + " has no data input pin");
    }
}
