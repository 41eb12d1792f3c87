package org.halodse.hw.netlist.mac;

import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.halodse.hw.liberty.BoolExpr;
import org.halodse.hw.liberty.InputException;
import org.halodse.hw.liberty.LibertyCell;
import org.halodse.hw.liberty.LibertyLibrary;
import org.halodse.hw.liberty.LibertyPin;

/**
 * The cells the MAC generators use, picked from a Liberty library by Boolean function rather than
 * by name, so any library works: each wanted function is a truth table over formal inputs, and a
 * cell matches when some assignment of its input pins to the formals gives exactly those output
 * functions. Of the matching cells the smallest in area wins (library order breaks ties);
 * {@code dont_use} cells are skipped. Only the inverter, NAND2 and a positive-edge D flip-flop are
 * required, the generators build every other function from those ({@link Gates}).
 */
public final class CellSet {

    /** The functions the generators ask for. Truth tables: bit m is the value for minterm m of the formals. */
    public enum Function {
        INV(1, "inverter", 0b01),
        NAND2(2, "NAND2", 0b0111),
        NOR2(2, "NOR2", 0b0001),
        AND2(2, "AND2", 0b1000),
        OR2(2, "OR2", 0b1110),
        XOR2(2, "XOR2", 0b0110),
        XNOR2(2, "XNOR2", 0b1001),
        /** !(a1 a2 + b), formals a1, a2, b. */
        AOI21(3, "AOI21", tt3((a1, a2, b) -> !((a1 && a2) || b))),
        /** !((a1 + a2) b), formals a1, a2, b. */
        OAI21(3, "OAI21", tt3((a1, a2, b) -> !((a1 || a2) && b))),
        /** !(a1 a2 + b1 b2), formals a1, a2, b1, b2. */
        AOI22(4, "AOI22", tt4((a1, a2, b1, b2) -> !((a1 && a2) || (b1 && b2)))),
        /** s ? a1 : a0, formals s, a0, a1 (non-inverting). */
        MUX2(3, "MUX2", tt3((s, a0, a1) -> s ? a1 : a0)),
        /** Outputs sum (3-input XOR), carry (majority); formals a, b, ci. */
        FULL_ADDER(3, "full adder", tt3((a, b, c) -> a ^ b ^ c), tt3((a, b, c) -> (a && b) || (b && c) || (a && c))),
        /** Outputs sum (XOR), carry (AND); formals a, b. */
        HALF_ADDER(2, "half adder", 0b0110, 0b1000),
        /** Positive-edge D flip-flop: formals D, clock; output Q. */
        DFF(2, "positive-edge D flip-flop");

        final int inputs;
        final String description;
        final long[] outputs;

        Function(int inputs, String description, long... outputs) {
            this.inputs = inputs;
            this.description = description;
            this.outputs = outputs;
        }

        public String description() { return description; }
    }

    /**
     * A chosen cell: {@code inputs.get(k)} is the cell pin playing formal input k, {@code outputs.get(k)}
     * the pin giving formal output k (for the flip-flop: D, clock; Q).
     */
    public record Binding(LibertyCell cell, List<String> inputs, List<String> outputs) {
        public Binding {
            inputs = List.copyOf(inputs);
            outputs = List.copyOf(outputs);
        }
    }

    private static final Function[] REQUIRED = {Function.INV, Function.NAND2, Function.DFF};
    private static final long[] VAR_MASK = {0xAAAAAAAAAAAAAAAAL, 0xCCCCCCCCCCCCCCCCL, 0xF0F0F0F0F0F0F0F0L, 0xFF00FF00FF00FF00L};

    private final LibertyLibrary library;
    private final Map<Function, Binding> bindings;

    private CellSet(LibertyLibrary library, Map<Function, Binding> bindings) {
        this.library = library;
        this.bindings = Collections.unmodifiableMap(bindings);
    }

    /**
     * Picks the cells from {@code library}.
     *
     * @throws InputException naming the library and the function when it lacks an inverter, a NAND2
     *     or a positive-edge D flip-flop
     */
    public static CellSet select(LibertyLibrary library) {
        Map<Function, Binding> best = new EnumMap<>(Function.class);
        for (LibertyCell cell : library.cells()) {
            if (cell.dontUse()) continue;
            for (Function f : Function.values()) {
                Binding b = f == Function.DFF ? matchFlipFlop(cell) : matchCombinational(cell, f);
                if (b == null) continue;
                Binding old = best.get(f);
                if (old == null || cell.area() < old.cell().area()) best.put(f, b);
            }
        }
        for (Function f : REQUIRED) {
            if (!best.containsKey(f)) {
                throw new InputException(library.source() + ": cell library '" + library.name() + "' has no usable "
                    + f.description() + " (not dont_use); the MAC generators need an inverter, a NAND2 and a positive-edge D flip-flop");
            }
        }
        return new CellSet(library, best);
    }

    public LibertyLibrary library() { return library; }

    public boolean has(Function f) { return bindings.containsKey(f); }

    /** The binding for {@code f}, or null when the library has no such cell. */
    public Binding binding(Function f) { return bindings.get(f); }

    /** The chosen cell for {@code f}, or null. */
    public LibertyCell cell(Function f) {
        Binding b = bindings.get(f);
        return b == null ? null : b.cell();
    }

    /** All chosen bindings, in {@link Function} order. */
    public Map<Function, Binding> bindings() { return bindings; }

    // ---- matching ----

    private static Binding matchCombinational(LibertyCell cell, Function f) {
        if (cell.isSequential() || f.outputs.length == 0) return null;
        List<LibertyPin> ins = cell.inputs();
        List<LibertyPin> outs = cell.outputs();
        if (ins.size() != f.inputs || outs.size() != f.outputs.length) return null;
        for (LibertyPin o : outs) {
            if (o.function() == null || o.function().numVars() > cell.pins().size()) return null; // reads state: not combinational
        }
        long domain = (1L << (1 << f.inputs)) - 1;
        for (int[] perm : permutations(f.inputs)) {
            // pin ins[k] plays formal perm[k]
            long[] vars = new long[cell.pins().size() + 2];
            for (int k = 0; k < ins.size(); k++) vars[ins.get(k).index()] = VAR_MASK[perm[k]];
            long[] tts = new long[outs.size()];
            for (int k = 0; k < outs.size(); k++) tts[k] = outs.get(k).function().evalBits(vars) & domain;
            List<String> outPins = matchOutputs(f.outputs, tts, outs);
            if (outPins == null) continue;
            String[] inPins = new String[f.inputs];
            for (int k = 0; k < ins.size(); k++) inPins[perm[k]] = ins.get(k).name();
            return new Binding(cell, List.of(inPins), outPins);
        }
        return null;
    }

    /** The output pins in formal order when the cell's output functions are the wanted ones in some order. */
    private static List<String> matchOutputs(long[] wanted, long[] got, List<LibertyPin> outs) {
        List<String> pins = new ArrayList<>();
        boolean[] used = new boolean[got.length];
        for (long w : wanted) {
            int found = -1;
            for (int k = 0; k < got.length; k++) if (!used[k] && got[k] == w) { found = k; break; }
            if (found < 0) return null;
            used[found] = true;
            pins.add(outs.get(found).name());
        }
        return pins;
    }

    /**
     * A flip-flop with exactly a data and a clock input, next_state = data, clocked_on = the clock
     * (rising edge), and an output equal to the state variable (Q).
     */
    private static Binding matchFlipFlop(LibertyCell cell) {
        LibertyCell.Sequential seq = cell.sequential();
        if (seq == null || seq.isLatch() || seq.clockedOn() == null) return null;
        List<LibertyPin> ins = cell.inputs();
        if (ins.size() != 2) return null;
        int n = cell.pins().size();
        for (int dk = 0; dk < 2; dk++) {
            LibertyPin d = ins.get(dk), clk = ins.get(1 - dk);
            long[] vars = new long[n + 2];
            vars[d.index()] = VAR_MASK[0];
            vars[clk.index()] = VAR_MASK[1];
            if ((evalPins(seq.nextState(), vars) & 0xF) != (VAR_MASK[0] & 0xF)) continue;
            if ((evalPins(seq.clockedOn(), vars) & 0xF) != (VAR_MASK[1] & 0xF)) continue;
            for (LibertyPin o : cell.outputs()) {
                if (o.function() == null) continue;
                long[] withState = vars.clone();
                withState[n] = VAR_MASK[2];
                withState[n + 1] = ~VAR_MASK[2];
                if ((o.function().evalBits(withState) & 0xFF) == (VAR_MASK[2] & 0xFF)) {
                    return new Binding(cell, List.of(d.name(), clk.name()), List.of(o.name()));
                }
            }
        }
        return null;
    }

    /** next_state and clocked_on are parsed over the pins only; pass them a matching prefix of vars. */
    private static long evalPins(BoolExpr e, long[] vars) {
        long[] v = new long[Math.max(e.numVars(), 1)];
        System.arraycopy(vars, 0, v, 0, Math.min(v.length, vars.length));
        return e.evalBits(v);
    }

    private static List<int[]> permutations(int n) {
        List<int[]> out = new ArrayList<>();
        permute(new int[n], new boolean[n], 0, out);
        return out;
    }

    private static void permute(int[] cur, boolean[] used, int pos, List<int[]> out) {
        if (pos == cur.length) { out.add(cur.clone()); return; }
        for (int v = 0; v < cur.length; v++) {
            if (used[v]) continue;
            used[v] = true;
            cur[pos] = v;
            permute(cur, used, pos + 1, out);
            used[v] = false;
        }
    }

    private interface F3 { boolean at(boolean a, boolean b, boolean c); }
    private interface F4 { boolean at(boolean a, boolean b, boolean c, boolean d); }

    private static long tt3(F3 f) {
        long t = 0;
        for (int m = 0; m < 8; m++) if (f.at((m & 1) != 0, (m & 2) != 0, (m & 4) != 0)) t |= 1L << m;
        return t;
    }

    private static long tt4(F4 f) {
        long t = 0;
        for (int m = 0; m < 16; m++) if (f.at((m & 1) != 0, (m & 2) != 0, (m & 4) != 0, (m & 8) != 0)) t |= 1L << m;
        return t;
    }
}
