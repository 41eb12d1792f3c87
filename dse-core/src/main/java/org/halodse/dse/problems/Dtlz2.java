package org.halodse.dse.problems;

import java.util.ArrayList;
import java.util.List;
import org.halodse.dse.space.Candidate;
import org.halodse.dse.space.DesignSpace;
import org.halodse.dse.space.Gene;
import org.halodse.dse.space.GeneGroup;
import org.halodse.dse.space.Objective;
import org.halodse.dse.space.Problem;

/**
 * DTLZ2 (Deb, Thiele, Laumanns and Zitzler 2002) with M objectives and k distance variables,
 * discretized: the M-1 position variables on {@code positionLevels} values of [0, 1], the distance
 * variables on {@code levels} values (an odd count puts 0.5, the optimum, on the grid). The true
 * front is the positive part of the unit sphere, sum f_i^2 = 1.
 */
public final class Dtlz2 implements Problem {
    private final int m;
    private final int k;
    private final int positionLevels;
    private final int levels;
    private final DesignSpace space;

    public Dtlz2(int m, int k, int positionLevels, int levels) {
        this.m = m;
        this.k = k;
        this.positionLevels = positionLevels;
        this.levels = levels;
        List<Gene> genes = new ArrayList<>();
        for (int i = 0; i < m - 1; i++) genes.add(Gene.ordered("x" + (i + 1), positionLevels));
        for (int i = 0; i < k; i++) genes.add(Gene.ordered("x" + (m + i), levels));
        this.space = new DesignSpace(List.of(new GeneGroup("x", genes)));
    }

    /** 3 objectives, 12 variables (k = 10); positions on 101 levels, distances on 11. */
    public static Dtlz2 standard() {
        return new Dtlz2(3, 10, 101, 11);
    }

    @Override
    public DesignSpace space() {
        return space;
    }

    @Override
    public List<Objective> objectives() {
        List<Objective> r = new ArrayList<>();
        for (int i = 1; i <= m; i++) r.add(new Objective("f" + i, ""));
        return r;
    }

    @Override
    public double[] objectiveValues(Candidate c) {
        double[] x = new double[m - 1 + k];
        for (int i = 0; i < m - 1; i++) x[i] = c.gene(i) / (double) (positionLevels - 1);
        for (int i = m - 1; i < x.length; i++) x[i] = c.gene(i) / (double) (levels - 1);
        double g = 0;
        for (int i = m - 1; i < x.length; i++) g += (x[i] - 0.5) * (x[i] - 0.5);
        double[] f = new double[m];
        for (int i = 0; i < m; i++) {
            double v = 1 + g;
            for (int j = 0; j < m - 1 - i; j++) v *= Math.cos(x[j] * Math.PI / 2);
            if (i > 0) v *= Math.sin(x[m - 1 - i] * Math.PI / 2);
            f[i] = v;
        }
        return f;
    }

    public int objectiveCount() {
        return m;
    }

    /** Hypervolume of the true front (unit sphere octant) with bounds [0,1]^M and reference r in every coordinate: r^M - (volume of the octant of the unit ball). Exact for M = 2 and 3. */
    public static double trueHypervolume(int m, double r) {
        return switch (m) {
            case 2 -> r * r - Math.PI / 4;
            case 3 -> r * r * r - Math.PI / 6;
            default -> throw new IllegalArgumentException("analytic DTLZ2 hypervolume for 2 or 3 objectives");
        };
    }
}
