package org.halodse.objectives.quant;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class IndexSortTest {
    /** The oracle: boxed indices sorted by value with ties by index. */
    private static int[] reference(double[] v, boolean descending) {
        Integer[] idx = new Integer[v.length];
        for (int i = 0; i < idx.length; i++) idx[i] = i;
        Arrays.sort(idx, (a, b) -> {
            int c = descending ? Double.compare(v[b], v[a]) : Double.compare(v[a], v[b]);
            return c != 0 ? c : Integer.compare(a, b);
        });
        return Arrays.stream(idx).mapToInt(Integer::intValue).toArray();
    }

    @Test
    void ordersLikeTheComparatorSortWithTiesByIndex() {
        Random rnd = new Random(3);
        for (int n : new int[] {0, 1, 2, 3, 7, 64, 65, 1000, 4097}) {
            for (int trial = 0; trial < 5; trial++) {
                double[] v = new double[n];
                // few distinct values (many ties), signed zeros, infinities and NaN among them
                double[] pool = {0.0, -0.0, 1.5, -2.0, 1e-300, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, Double.NaN, 7.0};
                for (int i = 0; i < n; i++) v[i] = trial % 2 == 0 ? pool[rnd.nextInt(pool.length)] : rnd.nextGaussian();
                assertArrayEquals(reference(v, false), IndexSort.ascending(v), "ascending, n " + n);
                assertArrayEquals(reference(v, true), IndexSort.descending(v), "descending, n " + n);
            }
        }
    }
}
