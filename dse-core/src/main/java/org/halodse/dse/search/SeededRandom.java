package org.halodse.dse.search;

import java.util.random.RandomGenerator;

/**
 * SplitMix64 (Steele, Lea and Flood 2014): a small seeded generator whose whole state is one long,
 * so a checkpoint can save it and a resumed run continue the very same stream.
 */
public final class SeededRandom implements RandomGenerator {
    private long state;

    public SeededRandom(long seed) {
        this.state = seed;
    }

    public static SeededRandom ofState(long state) {
        return new SeededRandom(state);
    }

    public long state() {
        return state;
    }

    @Override
    public long nextLong() {
        long z = (state += 0x9E3779B97F4A7C15L);
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
