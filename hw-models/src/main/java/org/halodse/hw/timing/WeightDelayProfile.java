package org.halodse.hw.timing;

import java.util.List;

/**
 * The critical-path delay of a MAC for every value of its weight operand (two's complement, from
 * -2^(b-1) to 2^(b-1)-1): per stage and overall (the worst stage, which bounds the clock), with
 * the unconstrained critical path (no case analysis) for reference. Delays in ps.
 */
public record WeightDelayProfile(String weightPort, int weightBits, List<String> stages,
                                 double[][] stageDelays, double[] delays,
                                 double[] unconstrainedStageDelays, double unconstrainedDelay,
                                 List<TimingResult.PathPoint> unconstrainedPath) {

    public int minWeight() { return -(1 << (weightBits - 1)); }
    public int maxWeight() { return (1 << (weightBits - 1)) - 1; }
    public int size() { return delays.length; }

    /** Delay (ps) that bounds the clock with {@code weight} held. */
    public double delay(int weight) { return delays[weight - minWeight()]; }

    /** Delay (ps) of stage {@code s} with {@code weight} held. */
    public double stageDelay(int weight, int s) { return stageDelays[weight - minWeight()][s]; }

    /** The slowest delay over all weight values: the nominal clock's bound. */
    public double worstDelay() {
        double w = 0;
        for (double d : delays) w = Math.max(w, d);
        return w;
    }
}
