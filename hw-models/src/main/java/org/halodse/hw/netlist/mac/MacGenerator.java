package org.halodse.hw.netlist.mac;

import java.util.List;
import org.halodse.hw.liberty.LibertyLibrary;
import org.halodse.hw.netlist.Netlist;
import org.halodse.hw.netlist.NetlistBuilder;

/**
 * Generates a gate-level MAC, y = (acc + w * a) mod 2^accb, all signed, from a {@link MacSpec} and
 * a cell library. Ports: inputs {@code w[wb-1:0]}, {@code a[ab-1:0]}, {@code acc[accb-1:0]} (and
 * {@code clk} when the product is registered), output {@code y[accb-1:0]}.
 *
 * <p>How the accumulation joins the multiplier:
 * <ul>
 *   <li>BOOTH, fused: acc is one more row of the compression tree, which is built over the full
 *       accb columns (the sign-extension constant reaches the top), then one final adder of the
 *       chosen kind: a single carry-propagation.</li>
 *   <li>BOOTH, registered: the tree over wb+ab columns and a final adder of the chosen kind give the
 *       product; it goes through flip-flops {@code prod_reg_<i>}; the accumulator adder adds the
 *       sign-extended product to acc.</li>
 *   <li>ARRAY (either pipeline): the array with its own ripple row gives the product, as an array
 *       multiplier is built; then (through the flip-flops when registered) the accumulator adder of
 *       the chosen kind. The fused ARRAY MAC thus has two carry chains in series, the textbook
 *       "multiplier, then adder" MAC; the registered one is the same circuit cut between them.</li>
 * </ul>
 * The output is deterministic for a given spec and library.
 */
public final class MacGenerator {
    private MacGenerator() { }

    public static Netlist generate(MacSpec spec, LibertyLibrary library) {
        return generate(spec, CellSet.select(library));
    }

    public static Netlist generate(MacSpec spec, CellSet cells) {
        NetlistBuilder nb = new NetlistBuilder(spec.moduleName(), cells.library());
        Gates g = new Gates(nb, cells);
        int[] w = nb.input("w", spec.weightBits());
        int[] a = nb.input("a", spec.activationBits());
        int[] acc = nb.input("acc", spec.accumulatorBits());
        int clk = spec.registered() ? nb.input("clk", 1)[0] : -1;
        int[] y = nb.output("y", spec.accumulatorBits());

        int[] sum;
        if (spec.multiplier() == MacSpec.Multiplier.BOOTH && !spec.registered()) {
            List<List<Integer>> cols = BoothPartialProducts.columns(g, w, a, spec.accumulatorBits());
            for (int c = 0; c < acc.length; c++) cols.get(c).add(acc[c]);
            int[][] rows = ColumnCompressor.reduce(g, "tree", spec.tree(), cols);
            sum = CarryPropagateAdder.add(g, "acc_add", spec.adder(), rows[0], rows[1]);
        } else {
            int[] product = multiply(g, spec, w, a);
            if (spec.registered()) {
                int[] q = new int[product.length];
                for (int i = 0; i < product.length; i++) q[i] = g.dff("prod_reg_" + i, "prod_q_" + i, product[i], clk);
                product = q;
            }
            int[] ext = new int[acc.length];
            for (int i = 0; i < ext.length; i++) ext[i] = product[Math.min(i, product.length - 1)];
            sum = CarryPropagateAdder.add(g, "acc_add", spec.adder(), acc, ext);
        }
        for (int i = 0; i < y.length; i++) nb.connect(y[i], sum[i]);
        return nb.build();
    }

    /** The wb+ab-bit product. */
    private static int[] multiply(Gates g, MacSpec spec, int[] w, int[] a) {
        if (spec.multiplier() == MacSpec.Multiplier.ARRAY) return BaughWooleyArray.multiply(g, "mul", w, a);
        List<List<Integer>> cols = BoothPartialProducts.columns(g, w, a, spec.productBits());
        int[][] rows = ColumnCompressor.reduce(g, "tree", spec.tree(), cols);
        return CarryPropagateAdder.add(g, "prod_add", spec.adder(), rows[0], rows[1]);
    }
}
