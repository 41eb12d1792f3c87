package org.halodse.objectives.quant;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** The word-masked bin sets against setting and testing one bin at a time. */
class BinSetTest {
    @Test
    void rangesOfBinsEqualOneBinAtATime() {
        Random rnd = new Random(12);
        int bins = HalfStepHistogram.BINS;
        for (int trial = 0; trial < 5000; trial++) {
            long[] got = new long[16], want = new long[16];
            int at = rnd.nextInt(2) * 8;
            for (int k = 0; k < 3; k++) {
                int b0 = trial < 64 ? trial : rnd.nextInt(bins), b1 = trial < 64 ? 63 + (trial % 2) : b0 + rnd.nextInt(bins - b0);
                HalfStepHistogram.setBins(got, at, b0, b1);
                for (int b = b0; b <= b1; b++) want[at + (b >> 6)] |= 1L << b;
            }
            assertArrayEquals(want, got, "trial " + trial);
            int q0 = rnd.nextInt(bins), q1 = q0 + rnd.nextInt(Math.min(bins - q0, trial % 2 == 0 ? 3 : bins));
            boolean any = false;
            for (int b = q0; b <= q1; b++) any |= (want[at + (b >> 6)] >>> (b & 63) & 1) != 0;
            assertEquals(any, HalfStepHistogram.anyBin(got, at, q0, q1), "trial " + trial + ": bins " + q0 + ".." + q1);
        }
    }
}
