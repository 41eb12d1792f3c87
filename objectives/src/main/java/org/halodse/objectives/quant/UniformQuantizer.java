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
        Scales sc = new Scales(k, n, bits, groupSize);
        int[] codeRow = new int[n];
        float[] deqRow = new float[n];
        for (int r = 0; r < k; r++) {
            if (r % sc.groupSize == 0) sc.group(w, r, columnMax);
            sc.quantizeRow(w, r * n, codeRow, deqRow);
            if (codes != null) System.arraycopy(codeRow, 0, codes, r * n, n);
            if (deq != null) System.arraycopy(deqRow, 0, deq, r * n, n);
        }
    }

    /**
     * The scales of the current group of rows and the row kernel: callers walk the rows in order,
     * call {@link #group} at each group's first row, then {@link #quantizeRow} per row (a row's
     * codes and dequantized weights into row-sized arrays: a whole matrix of codes, 4 bytes per
     * weight, only to be read once, cost more than the quantization).
     */
    static final class Scales {
        final int k, n, qmax, groupSize;
        final float[] amax, scale, divisor, ratio, row;

        Scales(int k, int n, int bits, int groupSize) {
            if (bits < 2 || bits > 8) throw new IllegalArgumentException("bits " + bits + ": expected 2 to 8");
            if (groupSize < 1) throw new IllegalArgumentException("group size " + groupSize);
            this.k = k;
            this.n = n;
            this.groupSize = Math.min(groupSize, Math.max(1, k));
            qmax = (1 << (bits - 1)) - 1;
            amax = new float[n];
            scale = new float[n];
            divisor = new float[n];
            ratio = new float[n];
            row = new float[n];
        }

        /**
         * The scales of the group that starts at row {@code r0}: max|w| over its rows, or
         * {@code columnMax} (the full columns' max|w|, for a matrix of sampled rows) when not null
         * and there is one group per channel.
         */
        void group(float[] w, int r0, float[] columnMax) {
            int r1 = Math.min(k, r0 + groupSize);
            if (columnMax != null && groupSize >= k) System.arraycopy(columnMax, 0, amax, 0, n);
            else {
                java.util.Arrays.fill(amax, 0f);
                for (int r = r0; r < r1; r++) {
                    int base = r * n;
                    for (int c = 0; c < n; c++) amax[c] = Math.max(amax[c], Math.abs(w[base + c]));
                }
            }
            for (int c = 0; c < n; c++) {
                scale[c] = amax[c] / qmax;
                // an all-zero column (scale 0) divides its zeros by 1: code 0, where 0/0 gave NaN
                divisor[c] = scale[c] == 0f ? 1f : scale[c];
            }
        }

        /**
         * One row: code = Math.round(w / s) exactly (w / s in float, + 1/2 exact in double, the floor
         * by truncation after a shift by 256, exact as |w / s| stays near qmax), clamped to +-qmax;
         * dequantized code * s. Four loops without branch or select, each compiled to SIMD code
         * (as one loop, mixing float, double and int, it was not: 1.8 against 1 ns a weight).
         */
        void quantizeRow(float[] w, int base, int[] codes, float[] deq) {
            final int q = qmax;
            // the row copied to an array of its own first: read at base + c of an array the loop
            // might also write (for all the compiler knows), the division stayed scalar (1.1
            // against 0.2 ns a weight with the copy)
            System.arraycopy(w, base, row, 0, n);
            for (int c = 0; c < n; c++) ratio[c] = row[c] / divisor[c];
            for (int c = 0; c < n; c++) codes[c] = (int) ((double) ratio[c] + 256.5);
            for (int c = 0; c < n; c++) codes[c] = Math.max(-q, Math.min(q, codes[c] - 256));
            for (int c = 0; c < n; c++) deq[c] = codes[c] * scale[c];
        }
    }

    /** The scale of one group (max|w| / qmax), for tests and byte counts. */
    public static float scale(float maxAbs, int bits) {
        return maxAbs / ((1 << (bits - 1)) - 1);
    }
}
