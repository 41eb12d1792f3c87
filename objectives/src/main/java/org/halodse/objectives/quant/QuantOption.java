package org.halodse.objectives.quant;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.IntToDoubleFunction;

/**
 * One quantization choice for a layer, as plain data (written into profiles and hashed into cache
 * keys).
 * <ul>
 * <li>{@code rtn}: uniform symmetric round-to-nearest at {@code bits}, per output channel
 * ({@code group} 0) or per group of {@code group} input channels. All values of the grid may occur.</li>
 * <li>{@code halo}: two tile classes. The fast class may use the {@code fastCount} fastest INT8
 * values of the characterized MAC (the delay threshold is the delay of the fastCount-th fastest
 * value; ties admitted) with a codebook of at most 2^bits of them; the slow class a codebook of
 * 2^bits values from the whole grid. {@code fastShare} of the tiles ({@code tile} x {@code tile})
 * with the least sensitivity are fast; {@code sparse} is the fraction p of most sensitive weights
 * kept at INT8 besides the 3-sigma outliers ({@code sigmas}, or none when not finite).</li>
 * </ul>
 */
public record QuantOption(String kind, int bits, int group, int fastCount, double fastShare, double sparse, int tile,
                          boolean zeroPoint, String scale, double sigmas) {

    public static QuantOption rtn(int bits, int group) {
        return new QuantOption("rtn", bits, group, 0, 0, 0, 128, false, "channel", Double.POSITIVE_INFINITY);
    }

    public static QuantOption halo(int bits, int fastCount, double fastShare, double sparse, int tile) {
        return new QuantOption("halo", bits, 0, fastCount, fastShare, sparse, tile, false, "channel", 3.0);
    }

    public QuantOption withZeroPoint(boolean z) {
        return new QuantOption(kind, bits, group, fastCount, fastShare, sparse, tile, z, scale, sigmas);
    }

    @com.fasterxml.jackson.annotation.JsonProperty(value = "label", access = com.fasterxml.jackson.annotation.JsonProperty.Access.READ_ONLY)
    public String label() {
        if (kind.equals("rtn")) return "rtn-w" + bits + (group > 0 ? "-g" + group : "");
        return String.format(Locale.ROOT, "halo-b%d-f%d-s%.2f-p%s-t%d%s%s", bits, fastCount, fastShare, fmt(sparse), tile,
            zeroPoint ? "-zp" : "", scale.equals("tile") ? "-pt" : "");
    }

    private static String fmt(double v) {
        return v == 0 ? "0" : String.format(Locale.ROOT, "%.4g", v);
    }

    @com.fasterxml.jackson.annotation.JsonIgnore
    public boolean isRtn() {
        return kind.equals("rtn");
    }

    /** The delay threshold (ps) of the fast class on a delay profile (delay(w) for w in -128..127). */
    public double fastThreshold(IntToDoubleFunction delay) {
        return AllowedValues.thresholdForCount(delay, fastCount);
    }

    /** The quantizer configuration of a {@code halo} option on a delay profile. */
    public HaloQuantizer.Config haloConfig(IntToDoubleFunction delay, double[] alphas, boolean refine) {
        if (isRtn()) throw new IllegalStateException(label() + " is not a codebook option");
        AllowedValues fast = AllowedValues.underDelay(delay, fastThreshold(delay));
        int size = 1 << bits;
        return new HaloQuantizer.Config(new HaloQuantizer.ClassSpec(fast, size), new HaloQuantizer.ClassSpec(AllowedValues.all(), size),
            fastShare, tile, sparse, sigmas, scale.equals("tile") ? HaloQuantizer.Scale.TILE : HaloQuantizer.Scale.CHANNEL, zeroPoint, alphas, refine);
    }

    /**
     * The default grid: the two hardware-agnostic baselines (INT8 RTN per channel, INT4 RTN per
     * group of 128) and bits {3, 4} x fast set {9, 16, 32 fastest} x fast share {0.5, 0.9} x sparse
     * {0, 0.5%} on 128 x 128 tiles: 26 options.
     */
    public static List<QuantOption> defaultGrid() {
        List<QuantOption> out = new ArrayList<>();
        out.add(rtn(8, 0));
        out.add(rtn(4, 128));
        for (int bits : new int[] {3, 4}) {
            for (int fc : new int[] {9, 16, 32}) {
                for (double share : new double[] {0.5, 0.9}) {
                    for (double sp : new double[] {0, 0.005}) out.add(halo(bits, fc, share, sp, 128));
                }
            }
        }
        return out;
    }
}
