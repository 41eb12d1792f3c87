package org.halodse.hw.liberty;

import java.util.Arrays;

/**
 * An NLDM lookup table (scalar, 1-D or 2-D) in canonical units (ps, fF, fJ). The two axes keep the
 * Liberty variable they stand for, so {@link #lookup(double, double)} can take (input slew, load)
 * whichever order the template declares. Interpolation is bilinear and extrapolates linearly from
 * the two outermost points, exactly as OpenSTA's Table2::findValue does.
 */
public final class LookupTable {
    /** What an axis measures. */
    public enum Variable { INPUT_TRANSITION, OUTPUT_CAPACITANCE, RELATED_PIN_TRANSITION, CONSTRAINED_PIN_TRANSITION, OTHER }

    private final Variable var1;
    private final Variable var2;
    private final double[] index1;
    private final double[] index2;
    private final double[] values; // row-major: values[i1 * n2 + i2]

    public LookupTable(Variable var1, double[] index1, Variable var2, double[] index2, double[] values) {
        this.var1 = var1;
        this.var2 = var2;
        this.index1 = index1.clone();
        this.index2 = index2.clone();
        this.values = values.clone();
        if (values.length != Math.max(1, index1.length) * Math.max(1, index2.length)) {
            throw new IllegalArgumentException("table has " + values.length + " values, expected "
                + Math.max(1, index1.length) + " x " + Math.max(1, index2.length));
        }
    }

    public static LookupTable scalar(double value) {
        return new LookupTable(Variable.OTHER, new double[0], Variable.OTHER, new double[0], new double[] {value});
    }

    public Variable variable1() { return var1; }
    public Variable variable2() { return var2; }
    public double[] index1() { return index1.clone(); }
    public double[] index2() { return index2.clone(); }
    public double value(int i1, int i2) { return values[i1 * Math.max(1, index2.length) + i2]; }

    /** The table at an input transition (ps) and an output load (fF). */
    public double lookup(double inputSlew, double load) {
        double x1 = axisValue(var1, inputSlew, load);
        double x2 = axisValue(var2, inputSlew, load);
        return find(x1, x2);
    }

    private static double axisValue(Variable v, double slew, double load) {
        return switch (v) {
            case OUTPUT_CAPACITANCE -> load;
            case INPUT_TRANSITION, RELATED_PIN_TRANSITION, CONSTRAINED_PIN_TRANSITION -> slew;
            case OTHER -> 0.0;
        };
    }

    /** Value at axis coordinates (x1 along index_1, x2 along index_2). */
    public double find(double x1, double x2) {
        int n1 = index1.length, n2 = index2.length;
        if (n1 <= 1 && n2 <= 1) return values[0];
        if (n2 <= 1) return interp1(index1, x1, values, 0, 1);
        if (n1 <= 1) return interp1(index2, x2, values, 0, 1);
        int i1 = axisIndex(index1, x1);
        int i2 = axisIndex(index2, x2);
        double d1 = (x1 - index1[i1]) / (index1[i1 + 1] - index1[i1]);
        double d2 = (x2 - index2[i2]) / (index2[i2 + 1] - index2[i2]);
        double y00 = values[i1 * n2 + i2];
        double y10 = values[(i1 + 1) * n2 + i2];
        double y11 = values[(i1 + 1) * n2 + i2 + 1];
        double y01 = values[i1 * n2 + i2 + 1];
        return (1 - d1) * (1 - d2) * y00 + d1 * (1 - d2) * y10 + d1 * d2 * y11 + (1 - d1) * d2 * y01;
    }

    private static double interp1(double[] axis, double x, double[] v, int offset, int stride) {
        if (axis.length == 1) return v[offset];
        int i = axisIndex(axis, x);
        double d = (x - axis[i]) / (axis[i + 1] - axis[i]);
        return (1 - d) * v[offset + i * stride] + d * v[offset + (i + 1) * stride];
    }

    /** Lower index of the interval used, clamped to [0, n-2] so outside values extrapolate. */
    private static int axisIndex(double[] axis, double x) {
        int n = axis.length;
        if (x <= axis[0]) return 0;
        if (x >= axis[n - 1]) return n - 2;
        int lo = 0, hi = n - 1;
        while (hi - lo > 1) {
            int mid = (lo + hi) >>> 1;
            if (x >= axis[mid]) lo = mid; else hi = mid;
        }
        return lo;
    }

    @Override
    public String toString() {
        return "LookupTable[" + var1 + Arrays.toString(index1) + " x " + var2 + Arrays.toString(index2) + "]";
    }
}
