package org.halodse.hw.netlist.mac;

import java.util.ArrayList;
import java.util.List;
import org.halodse.hw.netlist.Netlist;
import org.halodse.hw.netlist.NetlistBuilder;
import org.halodse.hw.netlist.mac.CellSet.Binding;
import org.halodse.hw.netlist.mac.CellSet.Function;

/**
 * Emits logic gates into a {@link NetlistBuilder} using the cells of a {@link CellSet}. Each method
 * takes the instance name and input nets and returns the output net, named after the instance
 * (adders: {@code name_s}, {@code name_c}).
 *
 * <p>Two jobs the generators should not repeat: constant folding (inputs on
 * {@link Netlist#CONST0}/{@link Netlist#CONST1}, as the Baugh-Wooley and Booth constants, the
 * zero carry-in and the sign extension produce, never reach a cell pin: an adder with a constant 1
 * becomes XNOR/OR, one with a constant 0 a half adder, and so on), and fallbacks (a function the
 * library lacks is built from the ones it has, ultimately from NAND2 and the inverter), whose extra
 * instances get the name plus a suffix.
 */
final class Gates {
    private static final int ZERO = Netlist.CONST0, ONE = Netlist.CONST1;

    /** Outputs of a full or half adder. */
    record SumCarry(int sum, int carry) { }

    private final NetlistBuilder nb;
    private final CellSet cells;

    Gates(NetlistBuilder nb, CellSet cells) {
        this.nb = nb;
        this.cells = cells;
    }

    NetlistBuilder builder() { return nb; }

    private static boolean isConst(int net) { return net == ZERO || net == ONE; }

    /** A fresh net called {@code name} (or that name with a number when taken). */
    private int outNet(String name) {
        return nb.hasNet(name) ? nb.newNet(name) : nb.net(name);
    }

    /** Instantiates {@code f}'s cell; inputs in formal order; returns output nets in formal order (-1 = leave unconnected). */
    private int[] place(Function f, String name, boolean[] outputUsed, int... inputs) {
        Binding b = cells.binding(f);
        List<Object> pins = new ArrayList<>();
        for (int k = 0; k < inputs.length; k++) { pins.add(b.inputs().get(k)); pins.add(inputs[k]); }
        int[] outs = new int[b.outputs().size()];
        for (int k = 0; k < outs.length; k++) {
            if (outputUsed != null && !outputUsed[k]) { outs[k] = -1; continue; }
            String suffix = outs.length == 1 ? "" : (k == 0 ? "_s" : "_c");
            outs[k] = outNet(name + suffix);
            pins.add(b.outputs().get(k));
            pins.add(outs[k]);
        }
        nb.instance(name, b.cell(), pins.toArray());
        return outs;
    }

    private int place1(Function f, String name, int... inputs) {
        return place(f, name, null, inputs)[0];
    }

    // ---- simple gates ----

    int inv(String name, int a) {
        if (isConst(a)) return a == ZERO ? ONE : ZERO;
        return place1(Function.INV, name, a);
    }

    int nand2(String name, int a, int b) {
        if (a == ZERO || b == ZERO) return ONE;
        if (a == ONE) return inv(name, b);
        if (b == ONE || a == b) return inv(name, a);
        return place1(Function.NAND2, name, a, b);
    }

    int and2(String name, int a, int b) {
        if (a == ZERO || b == ZERO) return ZERO;
        if (a == ONE) return b;
        if (b == ONE || a == b) return a;
        if (cells.has(Function.AND2)) return place1(Function.AND2, name, a, b);
        return inv(name, nand2(name + "_n", a, b));
    }

    int or2(String name, int a, int b) {
        if (a == ONE || b == ONE) return ONE;
        if (a == ZERO) return b;
        if (b == ZERO || a == b) return a;
        if (cells.has(Function.OR2)) return place1(Function.OR2, name, a, b);
        if (cells.has(Function.NOR2)) return inv(name, place1(Function.NOR2, name + "_n", a, b));
        return nand2(name, inv(name + "_ia", a), inv(name + "_ib", b));
    }

    int nor2(String name, int a, int b) {
        if (a == ONE || b == ONE) return ZERO;
        if (a == ZERO) return inv(name, b);
        if (b == ZERO || a == b) return inv(name, a);
        if (cells.has(Function.NOR2)) return place1(Function.NOR2, name, a, b);
        return inv(name, or2(name + "_o", a, b));
    }

    int xor2(String name, int a, int b) {
        if (a == b) return ZERO;
        if (a == ZERO) return b;
        if (b == ZERO) return a;
        if (a == ONE) return inv(name, b);
        if (b == ONE) return inv(name, a);
        if (cells.has(Function.XOR2)) return place1(Function.XOR2, name, a, b);
        if (cells.has(Function.XNOR2)) return inv(name, place1(Function.XNOR2, name + "_xn", a, b));
        // the four-NAND XOR
        int t = nand2(name + "_t", a, b);
        return nand2(name, nand2(name + "_l", a, t), nand2(name + "_r", b, t));
    }

    int xnor2(String name, int a, int b) {
        if (a == b) return ONE;
        if (a == ZERO) return inv(name, b);
        if (b == ZERO) return inv(name, a);
        if (a == ONE) return b;
        if (b == ONE) return a;
        if (cells.has(Function.XNOR2)) return place1(Function.XNOR2, name, a, b);
        return inv(name, xor2(name + "_x", a, b));
    }

    // ---- complex gates ----

    /** a1 a2 + b: the generate cell of a prefix adder. */
    int ao21(String name, int a1, int a2, int b) {
        if (b == ONE) return ONE;
        if (b == ZERO) return and2(name, a1, a2);
        if (a1 == ZERO || a2 == ZERO) return b;
        if (a1 == ONE) return or2(name, a2, b);
        if (a2 == ONE) return or2(name, a1, b);
        if (cells.has(Function.AOI21)) return inv(name, place1(Function.AOI21, name + "_n", a1, a2, b));
        return nand2(name, nand2(name + "_a", a1, a2), inv(name + "_ib", b));
    }

    /** !(a1 a2 + b1 b2): with an XOR after it, the Booth selector. */
    int aoi22(String name, int a1, int a2, int b1, int b2) {
        if (a1 == ZERO || a2 == ZERO) return nand2(name, b1, b2);
        if (b1 == ZERO || b2 == ZERO) return nand2(name, a1, a2);
        if (a1 == ONE) return inv(name, ao21(name + "_o", b1, b2, a2));
        if (a2 == ONE) return inv(name, ao21(name + "_o", b1, b2, a1));
        if (b1 == ONE) return inv(name, ao21(name + "_o", a1, a2, b2));
        if (b2 == ONE) return inv(name, ao21(name + "_o", a1, a2, b1));
        if (cells.has(Function.AOI22)) return place1(Function.AOI22, name, a1, a2, b1, b2);
        // !(a1 a2 + b1 b2) = NAND(a1,a2) AND NAND(b1,b2)
        return and2(name, nand2(name + "_a", a1, a2), nand2(name + "_b", b1, b2));
    }

    /** s ? a1 : a0. */
    int mux2(String name, int s, int a0, int a1) {
        if (s == ZERO || a0 == a1) return a0;
        if (s == ONE) return a1;
        if (cells.has(Function.MUX2) && !isConst(a0) && !isConst(a1)) return place1(Function.MUX2, name, s, a0, a1);
        return nand2(name, nand2(name + "_1", s, a1), nand2(name + "_0", inv(name + "_is", s), a0));
    }

    // ---- adders ----

    /** Full adder; with {@code carryUsed} false its carry pin is left open (the column above is dropped). */
    SumCarry fullAdder(String name, int a, int b, int c, boolean carryUsed) {
        int ones = 0;
        List<Integer> vars = new ArrayList<>(3);
        for (int x : new int[] {a, b, c}) {
            if (x == ONE) ones++;
            else if (x != ZERO) vars.add(x);
        }
        if (vars.size() == 3) {
            if (cells.has(Function.FULL_ADDER)) {
                int[] o = place(Function.FULL_ADDER, name, new boolean[] {true, carryUsed}, a, b, c);
                return new SumCarry(o[0], carryUsed ? o[1] : ZERO);
            }
            int t = xor2(name + "_x", a, b);
            int sum = xor2(name + "_s", t, c);
            int carry = carryUsed ? nand2(name + "_c", nand2(name + "_ab", a, b), nand2(name + "_tc", t, c)) : ZERO;
            return new SumCarry(sum, carry);
        }
        if (vars.size() == 2) {
            int x = vars.get(0), y = vars.get(1);
            if (ones == 0) return halfAdder(name, x, y, carryUsed);
            // x + y + 1: sum = XNOR, carry = OR
            return new SumCarry(xnor2(name + "_s", x, y), carryUsed ? or2(name + "_c", x, y) : ZERO);
        }
        if (vars.size() == 1) {
            int x = vars.get(0);
            return switch (ones) {
                case 0 -> new SumCarry(x, ZERO);
                case 1 -> new SumCarry(inv(name + "_s", x), x);
                default -> new SumCarry(x, ONE);
            };
        }
        return new SumCarry((ones & 1) == 1 ? ONE : ZERO, ones >= 2 ? ONE : ZERO);
    }

    SumCarry halfAdder(String name, int a, int b, boolean carryUsed) {
        if (isConst(a) || isConst(b)) return fullAdder(name, a, b, ZERO, carryUsed);
        if (cells.has(Function.HALF_ADDER)) {
            int[] o = place(Function.HALF_ADDER, name, new boolean[] {true, carryUsed}, a, b);
            return new SumCarry(o[0], carryUsed ? o[1] : ZERO);
        }
        return new SumCarry(xor2(name + "_s", a, b), carryUsed ? and2(name + "_c", a, b) : ZERO);
    }

    // ---- storage ----

    /** A positive-edge D flip-flop; returns Q (net {@code qName}). */
    int dff(String name, String qName, int d, int clk) {
        Binding b = cells.binding(Function.DFF);
        int q = outNet(qName);
        nb.instance(name, b.cell(), b.inputs().get(0), d, b.inputs().get(1), clk, b.outputs().get(0), q);
        return q;
    }
}
