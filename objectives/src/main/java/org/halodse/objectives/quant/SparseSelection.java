package org.halodse.objectives.quant;

import java.util.PriorityQueue;

/**
 * HALO's stage 1: the weights kept out of the dense (codebook) part and stored at INT8 in a sparse
 * side matrix: outliers beyond {@code sigmas} standard deviations of the layer's weights, and the
 * most sensitive fraction {@code p} of the remaining weights. Sensitivity is a supplied per-weight
 * value (e.g. a Fisher/Hessian diagonal) or, by default, E[x_k^2] * w_kn^2.
 */
public final class SparseSelection {
    private SparseSelection() {
    }

    /** The selected positions (row-major K x N) and how many were outliers. */
    public record Selection(boolean[] mask, int count, int outliers) {
    }

    public static Selection select(float[] w, int k, int n, double[] meanSquare, float[] sensitivity, double p, double sigmas) {
        int total = w.length;
        boolean[] mask = new boolean[total];
        int outliers = 0;
        if (Double.isFinite(sigmas)) {
            double sum = 0, sq = 0;
            for (float v : w) {
                sum += v;
                sq += (double) v * v;
            }
            double mean = sum / total;
            double std = Math.sqrt(Math.max(0, sq / total - mean * mean));
            double lim = sigmas * std;
            for (int i = 0; i < total; i++) {
                if (Math.abs(w[i] - mean) > lim) {
                    mask[i] = true;
                    outliers++;
                }
            }
        }
        int want = (int) Math.round(p * total);
        int picked = 0;
        if (want > 0) {
            // min-heap of the `want` largest sensitivities; ties broken by the lower index winning
            PriorityQueue<long[]> heap = new PriorityQueue<>(want + 1, (a, b) -> {
                int c = Double.compare(Double.longBitsToDouble(a[0]), Double.longBitsToDouble(b[0]));
                return c != 0 ? c : Long.compare(b[1], a[1]);
            });
            double floor = Double.NEGATIVE_INFINITY;
            for (int r = 0; r < k; r++) {
                double e = meanSquare[r];
                int base = r * n;
                for (int c = 0; c < n; c++) {
                    int i = base + c;
                    if (mask[i]) continue;
                    double s = sensitivity != null ? sensitivity[i] : e * w[i] * w[i];
                    if (heap.size() == want && s <= floor) continue;
                    heap.add(new long[] {Double.doubleToLongBits(s), i});
                    if (heap.size() > want) heap.poll();
                    if (heap.size() == want) floor = Double.longBitsToDouble(heap.peek()[0]);
                }
            }
            for (long[] e : heap) {
                mask[(int) e[1]] = true;
                picked++;
            }
        }
        return new Selection(mask, outliers + picked, outliers);
    }

    /**
     * Bytes of a CSR sparse matrix of INT8 values: one byte per value, a column index per value
     * (2 bytes when N &lt;= 65536, else 4), K+1 row pointers of 4 bytes, and an fp16 scale for every
     * output column that holds a sparse value.
     */
    public static long bytes(int count, int k, int n, int columnsWithValues) {
        if (count == 0) return 0;
        return count + (long) count * (n <= 65536 ? 2 : 4) + 4L * (k + 1) + 2L * columnsWithValues;
    }
}
