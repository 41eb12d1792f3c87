package org.halodse.hw.power;

/**
 * The outcome of one simulated stream: every net's value and transition masks, bit-parallel. Net
 * n, word k is at {@code n * words + k}; bit p of a toggle word is set when the net's value at step
 * p differs from step p - 1 (so step 0, having no predecessor, never toggles). Arrays are owned by
 * this object and must not be modified.
 */
public final class Toggles {
    private final int steps;
    private final int words;
    private final long[] values;
    private final long[] toggles;

    Toggles(int steps, int words, long[] values, long[] toggles) {
        this.steps = steps;
        this.words = words;
        this.values = values;
        this.toggles = toggles;
    }

    /**
     * Transition masks of {@code values}: toggles = v ^ (v << 1 | carry of the previous word), the
     * first step and the padding bits past {@code steps} masked out.
     */
    static Toggles of(long[] values, int netCount, int steps) {
        int words = (steps + 63) / 64;
        long[] tog = new long[values.length];
        long lastMask = (steps & 63) == 0 ? -1L : (1L << (steps & 63)) - 1;
        for (int n = 0; n < netCount; n++) {
            int base = n * words;
            long carry = values[base] & 1L; // step 0 compares with itself: no toggle
            for (int k = 0; k < words; k++) {
                long v = values[base + k];
                long t = v ^ (v << 1 | carry);
                carry = v >>> 63;
                if (k == words - 1) t &= lastMask;
                tog[base + k] = t;
            }
        }
        return new Toggles(steps, words, values, tog);
    }

    /** Simulated steps (vectors). */
    public int steps() { return steps; }
    /** Transitions between consecutive steps: steps - 1. */
    public int intervals() { return steps - 1; }
    public int words() { return words; }
    long[] values() { return values; }
    long[] toggleWords() { return toggles; }

    /** Transitions of {@code net} over the stream. */
    public long count(int net) {
        long c = 0;
        for (int k = net * words, end = k + words; k < end; k++) c += Long.bitCount(toggles[k]);
        return c;
    }

    /** Transitions of every net (index = net). */
    public long[] countPerNet(int netCount) {
        long[] c = new long[netCount];
        for (int n = 0; n < netCount; n++) c[n] = count(n);
        return c;
    }
}
