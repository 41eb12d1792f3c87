package org.halodse.objectives.quant;

import java.util.Arrays;
import java.util.function.IntToDoubleFunction;

/**
 * The INT8 values a tile class may hold in its MACs: a sorted subset of -128..127. Derived from a
 * characterized delay profile (values whose delay is at most a threshold), never hard-coded.
 */
public record AllowedValues(int[] values) {
    public static final int MIN = -128, MAX = 127;

    public AllowedValues {
        values = values.clone();
        Arrays.sort(values);
        for (int i = 0; i < values.length; i++) {
            if (values[i] < MIN || values[i] > MAX) throw new IllegalArgumentException("value " + values[i] + " outside the INT8 grid");
            if (i > 0 && values[i] == values[i - 1]) throw new IllegalArgumentException("duplicate value " + values[i]);
        }
    }

    public static AllowedValues of(int... v) {
        return new AllowedValues(v);
    }

    /** Every INT8 value. */
    public static AllowedValues all() {
        return range(MIN, MAX);
    }

    public static AllowedValues range(int lo, int hi) {
        int[] v = new int[hi - lo + 1];
        for (int i = 0; i < v.length; i++) v[i] = lo + i;
        return new AllowedValues(v);
    }

    /** The values whose delay (ps) is at most {@code thresholdPs}; {@code delay} maps w in -128..127 to ps. */
    public static AllowedValues underDelay(IntToDoubleFunction delay, double thresholdPs) {
        int[] tmp = new int[256];
        int n = 0;
        for (int w = MIN; w <= MAX; w++) if (delay.applyAsDouble(w) <= thresholdPs) tmp[n++] = w;
        return new AllowedValues(Arrays.copyOf(tmp, n));
    }

    /**
     * The threshold (ps) that admits the {@code count} fastest values (ties at the threshold are all
     * admitted, so the set may be larger).
     */
    public static double thresholdForCount(IntToDoubleFunction delay, int count) {
        double[] d = new double[256];
        for (int w = MIN; w <= MAX; w++) d[w - MIN] = delay.applyAsDouble(w);
        Arrays.sort(d);
        return d[Math.max(0, Math.min(255, count - 1))];
    }

    public int size() { return values.length; }
    public int min() { return values[0]; }
    public int max() { return values[values.length - 1]; }
    public int maxAbs() { return Math.max(Math.abs(min()), Math.abs(max())); }
    public boolean isEmpty() { return values.length == 0; }

    @Override
    public boolean equals(Object o) {
        return o instanceof AllowedValues a && Arrays.equals(values, a.values);
    }

    @Override
    public int hashCode() { return Arrays.hashCode(values); }

    @Override
    public String toString() { return Arrays.toString(values); }
}
