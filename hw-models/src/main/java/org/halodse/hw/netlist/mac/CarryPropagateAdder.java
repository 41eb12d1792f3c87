package org.halodse.hw.netlist.mac;

import org.halodse.hw.netlist.Netlist;

/**
 * Two-operand carry-propagate adders, x + y mod 2^n with carry-in 0: ripple carry (a chain of full
 * adders), and the Kogge-Stone and Brent-Kung parallel-prefix adders built from gates: bit
 * generate g = x AND y and propagate p = x XOR y, the prefix operator (G, P) o (G', P') =
 * (G + P G', P P') as an AO21 and an AND2, and sum s_i = p_i XOR G[i-1:0].
 *
 * <p>The carry out of the top bit is not built. A group propagate is made only when some later
 * operator reads it ({@link LazyPropagate}), so no gate hangs unused; constant operand bits fold away
 * in {@link Gates}.
 */
final class CarryPropagateAdder {
    private CarryPropagateAdder() { }

    /** Sum bits, as many as {@code x}; {@code y} must be as long. {@code name} prefixes the instances. */
    static int[] add(Gates g, String name, MacSpec.Adder kind, int[] x, int[] y) {
        if (x.length != y.length) throw new IllegalArgumentException("adder operands differ in width: " + x.length + " and " + y.length);
        return switch (kind) {
            case RIPPLE -> ripple(g, name, x, y);
            case KOGGE_STONE, BRENT_KUNG -> prefix(g, name, kind, x, y);
        };
    }

    static int[] ripple(Gates g, String name, int[] x, int[] y) {
        int n = x.length;
        int[] s = new int[n];
        int carry = Netlist.CONST0;
        for (int i = 0; i < n; i++) {
            Gates.SumCarry sc = g.fullAdder(name + "_fa_" + i, x[i], y[i], carry, i + 1 < n);
            s[i] = sc.sum();
            carry = sc.carry();
        }
        return s;
    }

    /** A group propagate, materialized as an AND2 only when read. */
    private static final class LazyPropagate {
        private final Gates g;
        private final String name;
        private final LazyPropagate hi, lo;
        private int net = -1;

        LazyPropagate(int net) { this.g = null; this.name = null; this.hi = null; this.lo = null; this.net = net; }

        LazyPropagate(Gates g, String name, LazyPropagate hi, LazyPropagate lo) {
            this.g = g; this.name = name; this.hi = hi; this.lo = lo;
        }

        int net() {
            if (net < 0) net = g.and2(name, hi.net(), lo.net());
            return net;
        }
    }

    private static int[] prefix(Gates g, String name, MacSpec.Adder kind, int[] x, int[] y) {
        int n = x.length;
        int[] p = new int[n];
        for (int i = 0; i < n; i++) p[i] = g.xor2(name + "_p_" + i, x[i], y[i]);
        // carries into bits 1..n-1 need the prefix over bits 0..n-2
        int m = n - 1;
        int[] gg = new int[Math.max(m, 0)];
        LazyPropagate[] pp = new LazyPropagate[Math.max(m, 0)];
        for (int i = 0; i < m; i++) {
            gg[i] = g.and2(name + "_g_" + i, x[i], y[i]);
            pp[i] = new LazyPropagate(p[i]);
        }
        String tag = name + "_" + kind.tag();
        if (kind == MacSpec.Adder.KOGGE_STONE) {
            int level = 1;
            for (int d = 1; d < m; d *= 2, level++) {
                // descending, so node i-d still holds the previous level's value when i reads it
                for (int i = m - 1; i >= d; i--) combine(g, tag + "_l" + level + "_" + i, gg, pp, i, i - d);
            }
        } else {
            int level = 1;
            int top = 1;
            for (int d = 1; d < m; d *= 2, level++) {
                for (int i = 2 * d - 1; i < m; i += 2 * d) combine(g, tag + "_up" + level + "_" + i, gg, pp, i, i - d);
                top = d;
            }
            level = 1;
            for (int d = top / 2; d >= 1; d /= 2, level++) {
                for (int i = 3 * d - 1; i < m; i += 2 * d) combine(g, tag + "_dn" + level + "_" + i, gg, pp, i, i - d);
            }
        }
        int[] s = new int[n];
        s[0] = p[0];
        for (int i = 1; i < n; i++) s[i] = g.xor2(name + "_sum_" + i, p[i], gg[i - 1]);
        return s;
    }

    /** Node hi absorbs node lo: G_hi = G_hi + P_hi G_lo, P_hi = P_hi P_lo (lazy). */
    private static void combine(Gates g, String name, int[] gg, LazyPropagate[] pp, int hi, int lo) {
        // a constant generate below (or a certain one here) makes P_hi irrelevant to G: do not build it
        if (gg[lo] != Netlist.CONST0 && gg[hi] != Netlist.CONST1) gg[hi] = g.ao21(name + "_G", pp[hi].net(), gg[lo], gg[hi]);
        pp[hi] = new LazyPropagate(g, name + "_P", pp[hi], pp[lo]);
    }
}
