package org.halodse.reports;

import java.util.ArrayList;
import java.util.List;

/**
 * A front point against a baseline on the same chip and workload: speed-up = baseline latency /
 * point latency; energy saving = 1 - point energy / baseline energy. NaN where the report has no
 * objective named {@code latency} (or {@code energy}).
 */
public record BaselineComparison(String point, String baseline, double speedup, double energySaving) {
    public static final String LATENCY = "latency";
    public static final String ENERGY = "energy";

    /** Every front point against every baseline, points outer, baselines inner, in report order. */
    public static List<BaselineComparison> of(ParetoReport r) {
        int li = r.objectiveIndex(LATENCY), ei = r.objectiveIndex(ENERGY);
        List<BaselineComparison> out = new ArrayList<>();
        for (FrontPoint p : r.points()) {
            double[] f = p.objectives();
            for (Baseline b : r.baselines()) {
                double[] g = b.objectives();
                double s = li < 0 ? Double.NaN : g[li] / f[li];
                double e = ei < 0 ? Double.NaN : 1 - f[ei] / g[ei];
                out.add(new BaselineComparison(p.id(), b.name(), s, e));
            }
        }
        return out;
    }

    public static boolean hasSpeedup(ParetoReport r) {
        return r.objectiveIndex(LATENCY) >= 0;
    }

    public static boolean hasEnergySaving(ParetoReport r) {
        return r.objectiveIndex(ENERGY) >= 0;
    }
}
