package org.halodse.objectives.quant;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The column-wise scale routine and the branch-free rounding used on the profile's hot paths,
 * against the scalar originals as oracles: equal bit for bit, edge cases included.
 */
class GroupScalesTest {
    private static final List<AllowedValues> SETS = List.of(AllowedValues.all(), AllowedValues.of(0, 1, 2, 3, 4, 8, 16, 32, 64),
        AllowedValues.of(0, 1, 2, 4, 8, 16, 32, 64, 96), AllowedValues.of(-3, 5), AllowedValues.of(0), AllowedValues.of(7), AllowedValues.of(-5, 60),
        AllowedValues.range(-8, 7));

    @Test
    void columnScalesEqualTheScalarRoutineBitForBit() {
        Random rnd = new Random(5);
        int len = 128;
        for (int trial = 0; trial < 400; trial++) {
            double[] lo = new double[len + 3], hi = new double[len + 3];
            for (int j = 0; j < lo.length; j++) {
                double a = rnd.nextGaussian() * 0.05, b = rnd.nextGaussian() * 0.05;
                switch (rnd.nextInt(12)) {
                    case 0 -> { a = Double.POSITIVE_INFINITY; b = Double.NEGATIVE_INFINITY; } // empty group
                    case 1 -> b = a; // one value
                    case 2 -> b = Math.nextUp(a); // two neighbouring doubles
                    case 3 -> { a = 0; b = 1e-31; } // below the degenerate limit
                    case 4 -> { a = -1e-3; b = -1e-4; } // one-signed
                    default -> { }
                }
                lo[j] = Math.min(a, b);
                hi[j] = Math.max(a, b);
                if (rnd.nextInt(12) == 0) { lo[j] = Double.POSITIVE_INFINITY; hi[j] = Double.NEGATIVE_INFINITY; }
            }
            AllowedValues set = SETS.get(trial % SETS.size());
            boolean zp = rnd.nextBoolean();
            double alpha = new double[] {1.0, 0.85, 0.7, 0.55}[rnd.nextInt(4)];
            int[] v = set.values();
            double target = new double[] {(set.min() + set.max()) / 2.0, v[v.length / 2], set.max(), set.min()}[rnd.nextInt(4)];
            double[] sq = new double[len], inv = new double[len], si = new double[2]; // sq: the scales
            double[] z = new double[len];
            int g0 = rnd.nextInt(4);
            HaloQuantizer.groupScales(lo, hi, g0, len, alpha, set, zp, target, sq, inv, z, si);
            for (int j = 0; j < len; j++) {
                double zz = HaloQuantizer.groupScale(lo[g0 + j], hi[g0 + j], alpha, set, zp, target, si);
                String at = "trial " + trial + " group " + j + " [" + lo[g0 + j] + ", " + hi[g0 + j] + "]";
                assertEquals(Double.doubleToLongBits(zz), Double.doubleToLongBits(z[j]), at);
                assertEquals(Double.doubleToLongBits(si[0]), Double.doubleToLongBits(sq[j]), at);
                assertEquals(Double.doubleToLongBits(si[1]), Double.doubleToLongBits(inv[j]), at);
            }
        }
    }

    @Test
    void roundHalfUpIsMathRound() {
        double[] edge = {0, -0.0, 0.5, -0.5, 1.5, -1.5, 2.5, -2.5, 0.49999999999999994, -0.49999999999999994, Math.nextDown(0.5), Math.nextUp(-0.5),
            126.5, -127.5, 0x1p52, -0x1p52, 0x1p52 + 1, 0x1p53 - 1, Double.MAX_VALUE, -Double.MAX_VALUE, Double.NaN, Double.POSITIVE_INFINITY,
            Double.NEGATIVE_INFINITY, Double.MIN_VALUE, -Double.MIN_VALUE, 4503599627370495.5, -4503599627370495.5};
        for (double x : edge) assertEquals(Math.round(x), HaloQuantizer.roundHalfUp(x), "x = " + x);
        Random rnd = new Random(9);
        for (int i = 0; i < 200_000; i++) {
            double x = (rnd.nextDouble() - 0.5) * Math.scalb(1.0, rnd.nextInt(60) - 5);
            if (rnd.nextInt(4) == 0) x = Math.floor(x) + 0.5; // ties
            assertEquals(Math.round(x), HaloQuantizer.roundHalfUp(x), "x = " + x);
            if (Math.abs(x) < 0x1p52) assertEquals((double) Math.round(x), HaloQuantizer.roundHalfUpSmall(x) + 0.0, "x = " + x + " (in doubles)");
        }
    }

    @Test
    void uniformRoundingIsMathRoundOfTheFloatQuotient() {
        // UniformQuantizer rounds w / s (a float) as floor((double) q + 0.5): the same as Math.round(float)
        Random rnd = new Random(3);
        for (int i = 0; i < 200_000; i++) {
            float q = (float) ((rnd.nextDouble() - 0.5) * Math.scalb(1.0, rnd.nextInt(30) - 3));
            if (rnd.nextInt(4) == 0) q = (float) Math.floor(q) + 0.5f;
            if (rnd.nextInt(50) == 0) q = Math.nextDown(0.5f);
            assertEquals(Math.round(q), (int) Math.floor((double) q + 0.5), "q = " + q);
        }
    }
}
