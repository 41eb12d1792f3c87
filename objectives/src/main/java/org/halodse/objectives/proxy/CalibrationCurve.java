package org.halodse.objectives.proxy;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import org.apache.commons.math3.stat.regression.SimpleRegression;

/**
 * Maps the proxy to a predicted fidelity loss (e.g. 1 - cosine of sentence embeddings to fp32),
 * fitted on measured points and stored with the profile.
 * <ul>
 * <li>{@code power}: loss = a * proxy^b, least squares in log-log space (Commons Math
 * {@link SimpleRegression}); {@code r2} is that fit's coefficient of determination. Used when the
 * exponent is positive (monotone increasing) and there are at least 3 positive points.</li>
 * <li>{@code isotonic}: the monotone non-decreasing least-squares fit (pool adjacent violators),
 * interpolated linearly between the pooled points and held flat beyond them; the fallback.</li>
 * </ul>
 * The fields are plain data so that Jackson writes and reads the curve as is.
 */
public record CalibrationCurve(String kind, double a, double b, double r2, int points, double[] knotX, double[] knotY) {

    public static CalibrationCurve fit(double[] proxy, double[] measured) {
        if (proxy.length != measured.length) throw new IllegalArgumentException("lengths " + proxy.length + " and " + measured.length);
        if (proxy.length == 0) throw new IllegalArgumentException("no points");
        SimpleRegression reg = new SimpleRegression();
        int pos = 0;
        for (int i = 0; i < proxy.length; i++) {
            if (proxy[i] > 0 && measured[i] > 0) {
                reg.addData(Math.log(proxy[i]), Math.log(measured[i]));
                pos++;
            }
        }
        if (pos >= 3 && reg.getSlope() > 0 && Double.isFinite(reg.getSlope())) {
            return new CalibrationCurve("power", Math.exp(reg.getIntercept()), reg.getSlope(), reg.getRSquare(), proxy.length, null, null);
        }
        return isotonic(proxy, measured);
    }

    /** Pool adjacent violators over the points sorted by proxy. */
    public static CalibrationCurve isotonic(double[] proxy, double[] measured) {
        Integer[] idx = new Integer[proxy.length];
        for (int i = 0; i < idx.length; i++) idx[i] = i;
        Arrays.sort(idx, Comparator.comparingDouble((Integer i) -> proxy[i]).thenComparingDouble(i -> measured[i]));
        List<double[]> blocks = new ArrayList<>(); // {sumX, sumY, count}
        for (int i : idx) {
            blocks.add(new double[] {proxy[i], measured[i], 1});
            while (blocks.size() > 1) {
                double[] last = blocks.get(blocks.size() - 1), prev = blocks.get(blocks.size() - 2);
                if (prev[1] / prev[2] <= last[1] / last[2]) break;
                prev[0] += last[0];
                prev[1] += last[1];
                prev[2] += last[2];
                blocks.remove(blocks.size() - 1);
            }
        }
        double[] kx = new double[blocks.size()], ky = new double[blocks.size()];
        for (int i = 0; i < kx.length; i++) {
            kx[i] = blocks.get(i)[0] / blocks.get(i)[2];
            ky[i] = blocks.get(i)[1] / blocks.get(i)[2];
        }
        return new CalibrationCurve("isotonic", Double.NaN, Double.NaN, Double.NaN, proxy.length, kx, ky);
    }

    /** Predicted fidelity loss at {@code proxy}. */
    public double predict(double proxy) {
        if (kind.equals("power")) return proxy <= 0 ? 0 : a * Math.pow(proxy, b);
        if (knotX.length == 0) return 0;
        if (proxy <= knotX[0]) return knotY[0];
        if (proxy >= knotX[knotX.length - 1]) return knotY[knotY.length - 1];
        int j = Arrays.binarySearch(knotX, proxy);
        if (j >= 0) return knotY[j];
        int hi = -j - 1, lo = hi - 1;
        double t = (proxy - knotX[lo]) / (knotX[hi] - knotX[lo]);
        return knotY[lo] + t * (knotY[hi] - knotY[lo]);
    }
}
