package org.halodse.hw.timing;

import java.util.ArrayList;
import java.util.List;

/**
 * Arrivals of one analysis: the worst arrival (ps) per stage and overall, and the critical path.
 * A stage nothing can reach (everything constant) has delay 0.
 */
public final class TimingResult {
    /** One point of a path: a net, its transition and arrival time. */
    public record PathPoint(String net, String transition, double arrivalPs) { }

    private final StaticTimer timer;
    private final double[] stageDelay;
    private final int[] stageEnd;
    private final double[][] arrival;
    private final double[][] slew;
    private final int[][] from;

    TimingResult(StaticTimer timer, double[] stageDelay, int[] stageEnd, double[][] arrival, double[][] slew, int[][] from) {
        this.timer = timer;
        this.stageDelay = stageDelay;
        this.stageEnd = stageEnd;
        this.arrival = arrival;
        this.slew = slew;
        this.from = from;
    }

    public List<String> stages() { return timer.stages(); }

    /** Worst arrival (ps) at the endpoints of stage {@code s}; 0 when no path reaches them. */
    public double stageDelay(int s) {
        return stageDelay[s] == Double.NEGATIVE_INFINITY ? 0 : stageDelay[s];
    }

    /** The delay that bounds the clock: the worst stage. */
    public double worstDelay() {
        double w = 0;
        for (int s = 0; s < stageDelay.length; s++) w = Math.max(w, stageDelay(s));
        return w;
    }

    /** Arrival (ps) of a rising (0) or falling (1) transition on {@code net}, -infinity if none. */
    public double arrival(int net, int rf) { return arrival[rf][net]; }

    /**
     * Worst slew (ps) of a rising (0) or falling (1) transition on {@code net}, or NaN when no
     * transition reaches it (a constant, or a net no path starts from). The energy model reads
     * internal_power tables at these slews.
     */
    public double slew(int net, int rf) {
        return arrival[rf][net] == Double.NEGATIVE_INFINITY ? Double.NaN : slew[rf][net];
    }

    /** The critical path of the worst stage, from its startpoint to its endpoint. */
    public List<PathPoint> criticalPath() {
        int worst = -1;
        for (int s = 0; s < stageDelay.length; s++) if (stageEnd[s] >= 0 && (worst < 0 || stageDelay[s] > stageDelay[worst])) worst = s;
        List<PathPoint> path = new ArrayList<>();
        if (worst < 0) return path;
        int node = stageEnd[worst];
        while (node >= 0) {
            int net = node / 2, rf = node % 2;
            path.add(0, new PathPoint(timer.netlist().netName(net), StaticTimer.rfName(rf), arrival[rf][net]));
            node = from[rf][net];
        }
        return path;
    }
}
