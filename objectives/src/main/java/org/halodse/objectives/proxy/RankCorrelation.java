package org.halodse.objectives.proxy;

import org.apache.commons.math3.stat.correlation.SpearmansCorrelation;

/** Spearman rank correlation (ties get their average rank), from Commons Math. */
public final class RankCorrelation {
    private RankCorrelation() {
    }

    public static double spearman(double[] x, double[] y) {
        if (x.length != y.length) throw new IllegalArgumentException("lengths " + x.length + " and " + y.length);
        if (x.length < 2) throw new IllegalArgumentException("need at least 2 points, got " + x.length);
        return new SpearmansCorrelation().correlation(x, y);
    }
}
