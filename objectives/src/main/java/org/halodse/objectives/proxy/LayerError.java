package org.halodse.objectives.proxy;

/**
 * The activation-weighted quantization error of one linear layer y = x W (W row-major K x N):
 * {@code error} = sum_k E[x_k^2] sum_n (w_kn - q_kn)^2 and {@code energy} = sum_k E[x_k^2] sum_n
 * w_kn^2, the expected squared output error and output energy when the input channels are
 * uncorrelated (cross terms dropped). {@link #relative()} is the layer's proxy.
 */
public record LayerError(double error, double energy) {

    public double relative() {
        return energy == 0 ? 0 : error / energy;
    }

    public static LayerError of(float[] w, float[] q, int k, int n, double[] meanSquare) {
        if (w.length != (long) k * n || q.length != w.length) throw new IllegalArgumentException("shapes: " + w.length + ", " + q.length + " vs " + k + " x " + n);
        if (meanSquare.length != k) throw new IllegalArgumentException("E[x^2] has " + meanSquare.length + " channels, expected " + k);
        double err = 0, en = 0;
        for (int r = 0; r < k; r++) {
            double e = 0, s = 0;
            int base = r * n;
            for (int c = 0; c < n; c++) {
                double wv = w[base + c], d = wv - q[base + c];
                e += d * d;
                s += wv * wv;
            }
            err += meanSquare[r] * e;
            en += meanSquare[r] * s;
        }
        return new LayerError(err, en);
    }
}
