package org.halodse.dse.pareto;

import java.util.Arrays;
import java.util.List;

/** NSGA-II crowding distance within one front; boundary points get +infinity. */
public final class Crowding {
    private Crowding() {
    }

    public static double[] distance(List<double[]> front) {
        int n = front.size();
        double[] d = new double[n];
        if (n == 0) return d;
        if (n <= 2) {
            Arrays.fill(d, Double.POSITIVE_INFINITY);
            return d;
        }
        int m = front.get(0).length;
        Integer[] idx = new Integer[n];
        for (int k = 0; k < m; k++) {
            final int obj = k;
            for (int i = 0; i < n; i++) idx[i] = i;
            Arrays.sort(idx, (a, b) -> Double.compare(front.get(a)[obj], front.get(b)[obj]));
            double lo = front.get(idx[0])[k], hi = front.get(idx[n - 1])[k];
            d[idx[0]] = Double.POSITIVE_INFINITY;
            d[idx[n - 1]] = Double.POSITIVE_INFINITY;
            if (hi == lo) continue;
            for (int i = 1; i < n - 1; i++) {
                d[idx[i]] += (front.get(idx[i + 1])[k] - front.get(idx[i - 1])[k]) / (hi - lo);
            }
        }
        return d;
    }
}
