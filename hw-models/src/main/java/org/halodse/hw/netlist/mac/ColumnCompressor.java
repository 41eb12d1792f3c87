package org.halodse.hw.netlist.mac;

import java.util.ArrayList;
import java.util.List;
import org.halodse.hw.netlist.Netlist;

/**
 * Reduces a dot diagram (bits by column weight) to two rows with full adders (3:2) and half adders
 * (2:2), as a Wallace or a Dadda tree. Columns above the top are dropped: the sum is mod 2^width,
 * so a carry out of the top column is left unconnected.
 *
 * <ul>
 *   <li>Wallace: every stage reduces as much as it can: in each column, three bits into a full
 *       adder while three remain, a pair left over into a half adder.</li>
 *   <li>Dadda: a stage lowers every column only to the next height of 2, 3, 4, 6, 9, 13, 19, ...
 *       (d<sub>j+1</sub> = floor(1.5 d<sub>j</sub>)), counting the carries it takes in from the
 *       column below, with a half adder only where one bit too many remains: fewer adders, the same
 *       number of stages.</li>
 * </ul>
 * Within a column bits are taken oldest first; sums stay in their column and carries go to the
 * next stage of the column above. Instances are named {@code <name>_fa_l<stage>_c<column>_<k>}.
 */
final class ColumnCompressor {
    private ColumnCompressor() { }

    /**
     * @param columns {@code columns.get(c)} the bits of weight 2^c (nets; constants allowed)
     * @return two rows {x, y} of the same width whose sum equals the sum of the columns mod 2^width
     */
    static int[][] reduce(Gates g, String name, MacSpec.Tree tree, List<List<Integer>> columns) {
        int width = columns.size();
        List<List<Integer>> cur = new ArrayList<>();
        for (List<Integer> c : columns) cur.add(new ArrayList<>(c));
        int stage = 1;
        while (maxHeight(cur) > 2) {
            int target = tree == MacSpec.Tree.DADDA ? daddaTarget(maxHeight(cur)) : 2;
            cur = tree == MacSpec.Tree.DADDA ? daddaStage(g, name, stage, cur, target) : wallaceStage(g, name, stage, cur);
            stage++;
        }
        int[][] rows = new int[2][width];
        for (int c = 0; c < width; c++) {
            List<Integer> col = cur.get(c);
            rows[0][c] = col.size() > 0 ? col.get(0) : Netlist.CONST0;
            rows[1][c] = col.size() > 1 ? col.get(1) : Netlist.CONST0;
        }
        return rows;
    }

    private static int maxHeight(List<List<Integer>> cols) {
        int h = 0;
        for (List<Integer> c : cols) h = Math.max(h, c.size());
        return h;
    }

    /** The largest Dadda height below {@code h}. */
    static int daddaTarget(int h) {
        int d = 2;
        while ((d * 3) / 2 < h) d = (d * 3) / 2;
        return d;
    }

    private static List<List<Integer>> emptyColumns(int width) {
        List<List<Integer>> next = new ArrayList<>();
        for (int c = 0; c < width; c++) next.add(new ArrayList<>());
        return next;
    }

    private static List<List<Integer>> wallaceStage(Gates g, String name, int stage, List<List<Integer>> cur) {
        int width = cur.size();
        List<List<Integer>> next = emptyColumns(width);
        for (int c = 0; c < width; c++) {
            List<Integer> col = cur.get(c);
            int i = 0, k = 0;
            boolean carryUsed = c + 1 < width;
            for (; col.size() - i >= 3; i += 3, k++) {
                Gates.SumCarry sc = g.fullAdder(name + "_fa_l" + stage + "_c" + c + "_" + k, col.get(i), col.get(i + 1), col.get(i + 2), carryUsed);
                next.get(c).add(sc.sum());
                if (carryUsed) next.get(c + 1).add(sc.carry());
            }
            if (col.size() - i == 2) {
                Gates.SumCarry sc = g.halfAdder(name + "_ha_l" + stage + "_c" + c, col.get(i), col.get(i + 1), carryUsed);
                next.get(c).add(sc.sum());
                if (carryUsed) next.get(c + 1).add(sc.carry());
                i += 2;
            }
            for (; i < col.size(); i++) next.get(c).add(col.get(i));
        }
        return next;
    }

    private static List<List<Integer>> daddaStage(Gates g, String name, int stage, List<List<Integer>> cur, int target) {
        int width = cur.size();
        List<List<Integer>> next = emptyColumns(width);
        for (int c = 0; c < width; c++) {
            List<Integer> col = cur.get(c);
            // next.get(c) already holds the carries from column c-1 of this stage
            int height = col.size() + next.get(c).size();
            int i = 0, k = 0;
            boolean carryUsed = c + 1 < width;
            List<Integer> out = new ArrayList<>();
            while (height > target) {
                Gates.SumCarry sc;
                if (height == target + 1) {
                    sc = g.halfAdder(name + "_ha_l" + stage + "_c" + c + "_" + k, col.get(i), col.get(i + 1), carryUsed);
                    i += 2;
                    height -= 1;
                } else {
                    sc = g.fullAdder(name + "_fa_l" + stage + "_c" + c + "_" + k, col.get(i), col.get(i + 1), col.get(i + 2), carryUsed);
                    i += 3;
                    height -= 2;
                }
                k++;
                out.add(sc.sum());
                if (carryUsed) next.get(c + 1).add(sc.carry());
            }
            List<Integer> dst = next.get(c);
            List<Integer> merged = new ArrayList<>(col.subList(i, col.size()));
            merged.addAll(out);
            merged.addAll(dst);
            dst.clear();
            dst.addAll(merged);
        }
        return next;
    }
}
