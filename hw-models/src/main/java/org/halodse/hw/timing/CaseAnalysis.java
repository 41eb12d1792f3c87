package org.halodse.hw.timing;

import java.util.Arrays;
import java.util.List;
import org.halodse.hw.liberty.BoolExpr;
import org.halodse.hw.liberty.LibertyCell;
import org.halodse.hw.liberty.LibertyPin;
import org.halodse.hw.netlist.Instance;
import org.halodse.hw.netlist.Netlist;

/**
 * Constant propagation for case analysis (OpenSTA's set_case_analysis and its search/Sim): nets
 * held at 0 or 1 are pushed through each cell's Boolean function in three-valued logic, so a cell
 * whose output no longer depends on its switching inputs becomes constant and drops out.
 *
 * <p>Unlike OpenSTA, constants may also pass through flip-flops ({@code throughRegisters}): in a
 * weight-stationary array the weight is held for many cycles, so a register whose D input is
 * constant holds a constant (e.g. the product register of a zero weight). OpenSTA stops at
 * registers; with no registers in the netlist the two agree.
 */
public final class CaseAnalysis {
    private CaseAnalysis() {
    }

    /** All nets X except the two constant nets. */
    public static int[] unconstrained(Netlist n) {
        int[] v = new int[n.netCount()];
        Arrays.fill(v, BoolExpr.X);
        v[Netlist.CONST0] = BoolExpr.ZERO;
        v[Netlist.CONST1] = BoolExpr.ONE;
        return v;
    }

    /**
     * Propagates {@code values} (per net, 0/1/X; the caller has set the case-analysis nets) in
     * place and returns it.
     */
    public static int[] propagate(Netlist n, int[] values, boolean throughRegisters) {
        int[] order = n.combinationalOrder();
        List<Instance> insts = n.instances();
        int[] scratch = new int[16];
        for (int round = 0; round <= insts.size(); round++) {
            for (int idx : order) {
                Instance inst = insts.get(idx);
                if (!inst.cell().isSequential()) evalCombinational(inst, values, scratch);
            }
            if (!throughRegisters) return values;
            boolean changed = false;
            for (int idx : order) {
                Instance inst = insts.get(idx);
                if (inst.cell().isSequential()) changed |= evalRegister(inst, values, scratch);
            }
            if (!changed) return values;
        }
        return values;
    }

    /**
     * The 0/1/X values on a cell's pins (then X for its two state variables), in {@code scratch}
     * when it is large enough, else in a new array; returns the array used.
     */
    static int[] pinValues(Instance inst, int[] values, int[] scratch) {
        LibertyCell c = inst.cell();
        int np = c.pins().size();
        if (scratch.length < np + 2) scratch = new int[np + 2];
        for (int p = 0; p < np; p++) {
            int net = inst.pinNets()[p];
            scratch[p] = net < 0 ? BoolExpr.X : values[net];
        }
        scratch[np] = BoolExpr.X;
        scratch[np + 1] = BoolExpr.X;
        return scratch;
    }

    private static void evalCombinational(Instance inst, int[] values, int[] scratch) {
        int[] pv = pinValues(inst, values, scratch);
        for (LibertyPin p : inst.cell().pins()) {
            if (!p.isOutput() || p.function() == null) continue;
            int net = inst.pinNets()[p.index()];
            if (net <= Netlist.CONST1) continue;
            values[net] = p.function().eval3(pv);
        }
    }

    private static boolean evalRegister(Instance inst, int[] values, int[] scratch) {
        LibertyCell c = inst.cell();
        int[] pv = pinValues(inst, values, scratch);
        int np = c.pins().size();
        int q = c.sequential().nextState().eval3(pv);
        pv[np] = q;
        pv[np + 1] = q == BoolExpr.X ? BoolExpr.X : 1 - q;
        boolean changed = false;
        for (LibertyPin p : c.pins()) {
            if (!p.isOutput() || p.function() == null) continue;
            int net = p.index() < inst.pinNets().length ? inst.pinNets()[p.index()] : -1;
            if (net <= Netlist.CONST1) continue;
            int v = p.function().eval3(pv);
            if (v != values[net]) { values[net] = v; changed = true; }
        }
        return changed;
    }
}
