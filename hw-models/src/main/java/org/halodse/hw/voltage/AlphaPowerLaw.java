package org.halodse.hw.voltage;

/**
 * Sakurai and Newton's alpha-power law for gate delay: delay(V) = k * V / (V - Vth)^alpha. Alpha
 * is 2 for long-channel (square-law) transistors and falls toward 1 under velocity saturation.
 *
 * @param k     scale, in ps * V^(alpha - 1)
 * @param vth   threshold voltage (V)
 * @param alpha velocity-saturation index
 */
public record AlphaPowerLaw(double k, double vth, double alpha) {
    public AlphaPowerLaw {
        if (!(k > 0) || Double.isInfinite(k)) throw new IllegalArgumentException("k must be positive, got " + k);
        if (!(alpha > 0) || Double.isInfinite(alpha)) throw new IllegalArgumentException("alpha must be positive, got " + alpha);
        if (Double.isNaN(vth) || Double.isInfinite(vth)) throw new IllegalArgumentException("Vth must be finite, got " + vth);
    }

    /** Delay (ps) at supply {@code v}; the law holds only above threshold. */
    public double delay(double v) {
        if (!(v > vth)) throw new IllegalArgumentException("supply " + v + " V is not above the fitted threshold " + vth + " V");
        return k * v / Math.pow(v - vth, alpha);
    }

    /** delay(v) / delay(vRef): the factor a clock period scales by when the supply moves from vRef to v. */
    public double delayRatio(double v, double vRef) {
        return delay(v) / delay(vRef);
    }

    /**
     * The lowest supply at which the delay is at most {@code delayPs}, by bisection (delay falls
     * monotonically with V above threshold while alpha is below V / (V - Vth), which holds for
     * fitted libraries over their range); NaN when even {@code vMax} is too slow.
     */
    public double voltageFor(double delayPs, double vMax) {
        if (delay(vMax) > delayPs) return Double.NaN;
        double lo = vth + 1e-9, hi = vMax;
        for (int i = 0; i < 200 && hi - lo > 1e-12; i++) {
            double mid = (lo + hi) / 2;
            if (delay(mid) > delayPs) lo = mid; else hi = mid;
        }
        return hi;
    }
}
