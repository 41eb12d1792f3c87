package org.halodse.hw.netlist.mac;

import org.halodse.hw.netlist.Netlist;

/**
 * Signed m x n array multiplier after Baugh and Wooley (modified form): partial products
 * pp_i_j = w_i a_j, with the m+n-2 products of one sign bit and one magnitude bit inverted
 * (NAND instead of AND), plus the constant 2^(m-1) + 2^(n-1) + 2^(m+n-1); then everything is
 * unsigned and the product mod 2^(m+n) is an ordinary sum.
 *
 * <p>Structure: row 0 is the partial products of a_0; each further row j adds the partial products
 * of a_j into the running sum and carry vectors with one carry-save row of adders
 * ({@code fa_r<j>_c<column>}, half adders where only two bits meet), so the carries go down to the
 * next row rather than along the row. The constant rides in the first carry vector, where its ones
 * turn the adders they reach into XNOR/OR pairs. A ripple-carry row ({@code <name>_rca_fa_<column>})
 * merges the final sum and carry vectors.
 */
final class BaughWooleyArray {
    private BaughWooleyArray() { }

    /** The product bits, m+n of them, low first. */
    static int[] multiply(Gates g, String name, int[] w, int[] a) {
        int m = w.length, n = a.length, width = m + n;
        // the row of a_j, by column
        int[][] rows = new int[n][width];
        for (int j = 0; j < n; j++) {
            java.util.Arrays.fill(rows[j], -1);
            for (int i = 0; i < m; i++) {
                boolean inverted = (i == m - 1) != (j == n - 1);
                String ppName = "pp_" + i + "_" + j;
                rows[j][i + j] = inverted ? g.nand2(ppName, w[i], a[j]) : g.and2(ppName, w[i], a[j]);
            }
        }
        long constant = ((1L << (m - 1)) + (1L << (n - 1)) + (1L << (width - 1))) & ((1L << width) - 1);
        int[] sum = rows[0].clone();
        int[] carry = new int[width];
        for (int c = 0; c < width; c++) carry[c] = ((constant >>> c) & 1) != 0 ? Netlist.CONST1 : -1;
        for (int j = 1; j < n; j++) {
            int[] nextSum = new int[width];
            int[] nextCarry = new int[width];
            java.util.Arrays.fill(nextSum, -1);
            java.util.Arrays.fill(nextCarry, -1);
            for (int c = 0; c < width; c++) {
                int[] in = present(sum[c], carry[c], rows[j][c]);
                boolean carryUsed = c + 1 < width;
                switch (in.length) {
                    case 0 -> { }
                    case 1 -> nextSum[c] = in[0];
                    default -> {
                        String cell = (in.length == 3 ? "fa_r" : "ha_r") + j + "_c" + c;
                        Gates.SumCarry sc = in.length == 3
                            ? g.fullAdder(cell, in[0], in[1], in[2], carryUsed)
                            : g.halfAdder(cell, in[0], in[1], carryUsed);
                        nextSum[c] = sc.sum();
                        if (carryUsed) nextCarry[c + 1] = sc.carry();
                    }
                }
            }
            sum = nextSum;
            carry = nextCarry;
        }
        int[] x = new int[width], y = new int[width];
        for (int c = 0; c < width; c++) {
            x[c] = sum[c] < 0 ? Netlist.CONST0 : sum[c];
            y[c] = carry[c] < 0 ? Netlist.CONST0 : carry[c];
        }
        return CarryPropagateAdder.ripple(g, name + "_rca", x, y);
    }

    private static int[] present(int... bits) {
        int k = 0;
        for (int b : bits) if (b >= 0) k++;
        int[] out = new int[k];
        k = 0;
        for (int b : bits) if (b >= 0) out[k++] = b;
        return out;
    }
}
