package org.halodse.objectives.quant;

/**
 * The order of the indices 0..n-1 by a value per index, ties by index: a stable merge sort of a
 * primitive index array. (Sorting boxed indices with a comparator cost boxing and, on a 2-core
 * machine, over a second of JIT compilation of the generic sort for every comparator shape.)
 */
public final class IndexSort {
    private IndexSort() {
    }

    /** Indices by {@code v} ascending ({@link Double#compare} order), ties by index. */
    public static int[] ascending(double[] v) {
        return sort(v, false);
    }

    /** Indices by {@code v} descending ({@link Double#compare} order reversed), ties by index. */
    public static int[] descending(double[] v) {
        return sort(v, true);
    }

    private static int[] sort(double[] v, boolean descending) {
        int n = v.length;
        int[] a = new int[n], b = new int[n];
        for (int i = 0; i < n; i++) a[i] = i;
        for (int width = 1; width < n; width *= 2) {
            for (int lo = 0; lo < n; lo += 2 * width) {
                int mid = Math.min(n, lo + width), hi = Math.min(n, lo + 2 * width);
                int i = lo, j = mid, o = lo;
                while (i < mid && j < hi) {
                    // the left run first on ties: stable, so equal values keep index order
                    int c = descending ? Double.compare(v[a[j]], v[a[i]]) : Double.compare(v[a[i]], v[a[j]]);
                    b[o++] = c <= 0 ? a[i++] : a[j++];
                }
                while (i < mid) b[o++] = a[i++];
                while (j < hi) b[o++] = a[j++];
            }
            int[] t = a;
            a = b;
            b = t;
        }
        return a;
    }
}
