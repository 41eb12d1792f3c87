package org.halodse.hw.power;

/**
 * The outcome of one glitch-aware stream ({@link GlitchSimulator}): every net's rising and falling
 * transitions over the stream, glitches included, and for each cell-driven net its transitions by
 * cause (the bit mask of the driver's pins that changed when it was evaluated; entry
 * {@code mask * 2 + rf}, rf 0 rise, 1 fall). Arrays are owned by this object; do not modify.
 */
public final class TimedToggles {
    private final int steps;
    private final long[] rise;
    private final long[] fall;
    private final long[][] byCause;

    TimedToggles(int steps, long[] rise, long[] fall, long[][] byCause) {
        this.steps = steps;
        this.rise = rise;
        this.fall = fall;
        this.byCause = byCause;
    }

    public int steps() { return steps; }
    /** Transitions between consecutive steps: steps - 1. */
    public int intervals() { return steps - 1; }
    /** Transitions of {@code net} over the stream, glitches included. */
    public long count(int net) { return rise[net] + fall[net]; }
    public long rises(int net) { return rise[net]; }
    public long falls(int net) { return fall[net]; }
    long[] rises() { return rise; }
    long[] falls() { return fall; }
    long[] byCause(int net) { return byCause[net]; }

    /** Transitions of every net (index = net). */
    public long[] countPerNet() {
        long[] c = new long[rise.length];
        for (int n = 0; n < c.length; n++) c[n] = count(n);
        return c;
    }
}
