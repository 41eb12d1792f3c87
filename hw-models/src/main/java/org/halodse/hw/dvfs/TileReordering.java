package org.halodse.hw.dvfs;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * HALO's reordering: the tiles of one class of a layer run together, so a layer needs at most
 * (classes - 1) level changes. Classes run slowest first in even layers and fastest first in odd
 * layers ("snake" order), so consecutive layers meet at the same class and need no switch there.
 * Reordering tiles is free in a weight-stationary array: each fold's partial sums are added into
 * their output columns whatever the fold order.
 */
public final class TileReordering {
    private TileReordering() {
    }

    /**
     * The classes present in {@code tileClass}, in run order: by delay ratio descending (slowest
     * first) when {@code slowFirst}, else ascending; ties by class index.
     */
    public static int[] classOrder(int[] tileClass, double[] classDelayRatio, boolean slowFirst) {
        boolean[] present = new boolean[classDelayRatio.length];
        for (int c : tileClass) present[c] = true;
        List<Integer> cs = new ArrayList<>();
        for (int c = 0; c < present.length; c++) if (present[c]) cs.add(c);
        cs.sort((a, b) -> {
            int k = Double.compare(classDelayRatio[a], classDelayRatio[b]);
            if (slowFirst) k = -k;
            return k != 0 ? k : Integer.compare(a, b);
        });
        return cs.stream().mapToInt(Integer::intValue).toArray();
    }

    /** The tile execution order: tiles grouped by class in {@code order}, stable within a class. */
    public static int[] permutation(int[] tileClass, int[] order) {
        int[] rank = new int[Arrays.stream(tileClass).max().orElse(-1) + 1];
        Arrays.fill(rank, Integer.MAX_VALUE);
        for (int i = 0; i < order.length; i++) if (order[i] < rank.length) rank[order[i]] = i;
        Integer[] idx = new Integer[tileClass.length];
        for (int i = 0; i < idx.length; i++) idx[i] = i;
        Arrays.sort(idx, (a, b) -> rank[tileClass[a]] != rank[tileClass[b]] ? Integer.compare(rank[tileClass[a]], rank[tileClass[b]]) : Integer.compare(a, b));
        return Arrays.stream(idx).mapToInt(Integer::intValue).toArray();
    }

    /** Number of class changes along an execution order of tiles. */
    public static int classChanges(int[] tileClass, int[] perm) {
        int k = 0;
        for (int i = 1; i < perm.length; i++) if (tileClass[perm[i]] != tileClass[perm[i - 1]]) k++;
        return k;
    }
}
