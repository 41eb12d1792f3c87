package org.halodse.hw.netlist.mac;

import java.util.ArrayList;
import java.util.List;
import org.halodse.hw.netlist.Netlist;

/**
 * Radix-4 (modified) Booth partial products of w * a, signed, as a dot diagram for a compression
 * tree. The weight is the recoded operand: in a weight-stationary array it is held, so its encoders
 * settle once and the selectors act as weight-controlled multiplexers of the activation.
 *
 * <p>Digit k of w is d_k = -2 w_{2k+1} + w_{2k} + w_{2k-1} (w_{-1} = 0), in {-2..2}. Its encoder
 * ({@code booth_enc_k}) gives one = w_{2k} XOR w_{2k-1}, two = NOT one AND (w_{2k+1} XOR w_{2k}) and
 * neg = w_{2k+1}. Selector bit j of row k ({@code pp_k_j}, j = 0..ab, a sign-extended by one bit)
 * is (one a_j + two a_{j-1}) XOR neg, as an AOI22 and an XNOR: the row is the ab+1-bit signed
 * value of d_k a, complemented when negative, and neg_k is added at the row's least significant
 * column to complete the two's complement.
 *
 * <p>Sign extension by the standard 1/~s trick: each row's sign bit s_k is placed inverted and the
 * constant sum over k of -2^(2k+ab), taken mod 2^width, is added as constant ones (a one at column ab
 * and one above each row's sign bit, and the ones that extend the result to the full width).
 */
final class BoothPartialProducts {
    private BoothPartialProducts() { }

    /** Bits by column, {@code width} columns (at least wb+ab), whose sum is w * a mod 2^width. */
    static List<List<Integer>> columns(Gates g, int[] w, int[] a, int width) {
        int wb = w.length, ab = a.length;
        if (wb % 2 != 0) throw new IllegalArgumentException("radix-4 Booth recoding needs an even number of weight bits, got " + wb);
        List<List<Integer>> cols = new ArrayList<>();
        for (int c = 0; c < width; c++) cols.add(new ArrayList<>());
        long constant = 0;
        for (int k = 0; k < wb / 2; k++) {
            int hi = w[2 * k + 1], mid = w[2 * k], lo = k == 0 ? Netlist.CONST0 : w[2 * k - 1];
            String enc = "booth_enc_" + k;
            int one = g.xor2(enc + "_one", mid, lo);
            int two = g.nor2(enc + "_two", one, g.xnor2(enc + "_x", hi, mid));
            int neg = hi;
            for (int j = 0; j <= ab; j++) {
                int aj = a[Math.min(j, ab - 1)];               // bit ab repeats the sign of a
                int ajm1 = j == 0 ? Netlist.CONST0 : a[j - 1];
                String pp = "pp_" + k + "_" + j;
                int notSel = g.aoi22(pp + "_sel", one, aj, two, ajm1);
                // selected bit XOR neg = XNOR(NOT selected, neg); the sign bit goes in inverted
                int bit = j < ab ? g.xnor2(pp, notSel, neg) : g.xor2(pp + "_n", notSel, neg);
                add(cols, 2 * k + j, bit);
            }
            add(cols, 2 * k, neg);
            constant -= 1L << (2 * k + ab);
        }
        for (int c = 0; c < width; c++) if (((constant >>> Math.min(c, 63)) & 1) != 0) add(cols, c, Netlist.CONST1);
        return cols;
    }

    private static void add(List<List<Integer>> cols, int column, int bit) {
        if (column < cols.size()) cols.get(column).add(bit);
    }
}
