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
 * ZDT1, ZDT2 and ZDT3 (Zitzler, Deb and Thiele 2000), discretized onto ordered categorical genes:
 * x1 takes {@code x1Levels} values evenly spaced on [0, 1], x2..xn take {@code levels} values (0 is
 * among them, so the Pareto-optimal set g = 1 is reachable). On that front f2 = 1 - sqrt(f1) (ZDT1),
 * 1 - f1^2 (ZDT2), 1 - sqrt(f1) - f1 sin(10 pi f1) (ZDT3, its non-dominated parts).
 */
public final class Zdt implements Problem {
    private final int variant;
    private final int n;
    private final int x1Levels;
    private final int levels;
    private final DesignSpace space;

    public Zdt(int variant, int n, int x1Levels, int levels) {
        if (variant < 1 || variant > 3) throw new IllegalArgumentException("ZDT variant 1..3, got " + variant);
        this.variant = variant;
        this.n = n;
        this.x1Levels = x1Levels;
        this.levels = levels;
        List<Gene> genes = new ArrayList<>();
        genes.add(Gene.ordered("x1", x1Levels));
        for (int i = 2; i <= n; i++) genes.add(Gene.ordered("x" + i, levels));
        this.space = new DesignSpace(List.of(new GeneGroup("x", genes)));
    }

    /** The standard size: 30 variables; x1 on 201 levels, the others on 11. */
    public static Zdt standard(int variant) {
        return new Zdt(variant, 30, 201, 11);
    }

    @Override
    public DesignSpace space() {
        return space;
    }

    @Override
    public List<Objective> objectives() {
        return List.of(new Objective("f1", ""), new Objective("f2", ""));
    }

    @Override
    public double[] objectiveValues(Candidate c) {
        double f1 = c.gene(0) / (double) (x1Levels - 1);
        double s = 0;
        for (int i = 1; i < n; i++) s += c.gene(i) / (double) (levels - 1);
        double g = 1 + 9 * s / (n - 1);
        double r = f1 / g;
        double h = switch (variant) {
            case 1 -> 1 - Math.sqrt(r);
            case 2 -> 1 - r * r;
            default -> 1 - Math.sqrt(r) - r * Math.sin(10 * Math.PI * f1);
        };
        return new double[] {f1, g * h};
    }

    /** f2 on the analytic front (g = 1) at f1. */
    public double frontF2(double f1) {
        return switch (variant) {
            case 1 -> 1 - Math.sqrt(f1);
            case 2 -> 1 - f1 * f1;
            default -> 1 - Math.sqrt(f1) - f1 * Math.sin(10 * Math.PI * f1);
        };
    }

    /** The analytic (continuous) front sampled at {@code samples} values of f1, non-dominated points only. */
    public List<double[]> analyticFront(int samples) {
        List<double[]> pts = new ArrayList<>(samples);
        for (int i = 0; i < samples; i++) {
            double f1 = i / (double) (samples - 1);
            pts.add(new double[] {f1, frontF2(f1)});
        }
        return org.halodse.dse.pareto.NonDominatedSort.frontPoints(pts);
    }

    public int variant() {
        return variant;
    }
}
