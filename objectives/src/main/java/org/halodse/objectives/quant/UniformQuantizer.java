package org.halodse.objectives.quant;

/**
 * Uniform symmetric round-to-nearest: codes in -(2^(b-1)-1)..2^(b-1)-1, scale = max|w| / (2^(b-1)-1)
 * per output channel (a column of the row-major K x N matrix) or per group of {@code groupSize}
 * consecutive input channels within an output channel (groups along K).
 */
public final class UniformQuantizer {
    private UniformQuantizer() {
    }

    /** Per output channel: one scale per column. Writes codes (may be null) and dequantized weights. */
    public static void perChannel(float[] w, int k, int n, int bits, int[] codes, float[] deq) {
        perGroup(w, k, n, bits, k, codes, deq);
    }

    /**
     * Per group: rows [g*G, min(K,(g+1)G)) of one column share a scale. {@code groupSize >= K} is
     * per channel.
     */
    public static void perGroup(float[] w, int k, int n, int bits, int groupSize, int[] codes, float[] deq) {
        perGroup(w, k, n, bits, groupSize, null, codes, deq);
    }

    /**
     * As {@link #perGroup(float[], int, int, int, int, int[], float[])}; with {@code columnMax} not
     * null and one group per channel, the scales come from it (max|w| of each full column), for a
     * matrix that holds only some rows of the layer.
     */
    public static void perGroup(float[] w, int k, int n, int bits, int groupSize, float[] columnMax, int[] codes, float[] deq) {
        if (bits < 2 || bits > 8) throw new IllegalArgumentException("bits " + bits + ": expected 2 to 8");
        if (groupSize < 1) throw new IllegalArgumentException("group size " + groupSize);
        int qmax = (1 << (bits - 1)) - 1;
        float[] amax = new float[n], scale = new float[n];
        for (int g0 = 0; g0 < k; g0 += groupSize) {
            int g1 = Math.min(k, g0 + groupSize);
            if (columnMax != null && groupSize >= k) System.arraycopy(columnMax, 0, amax, 0, n); // the full columns' (no pass of its own)
            else {
                java.util.Arrays.fill(amax, 0f);
                for (int r = g0; r < g1; r++) {
                    int base = r * n;
                    for (int c = 0; c < n; c++) amax[c] = Math.max(amax[c], Math.abs(w[base + c]));
                }
            }
            for (int c = 0; c < n; c++) scale[c] = amax[c] / qmax;
            for (int r = g0; r < g1; r++) {
                int base = r * n;
                for (int c = 0; c < n; c++) {
                    float s = scale[c];
                    // Math.round(x) for a float x, exactly (x + 1/2 is exact in double), without
                    // Math.round(float)'s branches: 11 ns a weight before, measured; the floor by
                    // truncation, exact for |x| < 2^31 (|x| <= qmax here; beyond, the clamp below):
                    // Math.floor was not compiled inline (profiles showed StrictMath calls)
                    double x = s == 0f ? 0 : (double) (w[base + c] / s) + 0.5;
                    int t = (int) x;
                    int q = t - (t > x ? 1 : 0);
                    q = Math.max(-qmax, Math.min(qmax, q));
                    if (codes != null) codes[base + c] = q;
                    if (deq != null) deq[base + c] = q * s;
                }
            }
        }
    }

    /** The scale of one group (max|w| / qmax), for tests and byte counts. */
    public static float scale(float maxAbs, int bits) {
        return maxAbs / ((1 << (bits - 1)) - 1);
    }
}
