package org.halodse.hw.perf;

import java.util.List;

/**
 * A linear layer's weights (K inputs x N outputs) as stored and quantized: stored bit-width,
 * scales (one per group of {@code groupSize} inputs per output column, {@code scaleBits} each;
 * groupSize 0 = one per output column), the sparse side part (fraction of weights moved to the
 * sparse unit, stored as 16-bit value + 16-bit index) and the tile classes in execution order
 * (after HALO's reordering: the tiles of one class run together).
 */
public record LinearLayer(String name, int k, int n, int weightBits, int groupSize, int scaleBits,
                          double sparseFraction, List<TileClass> classes) {
    /** Bytes per sparse entry: FP16 value + 16-bit index. */
    public static final int SPARSE_ENTRY_BYTES = 4;

    public LinearLayer {
        if (k <= 0 || n <= 0) throw new IllegalArgumentException(name + ": K and N must be positive");
        if (weightBits < 1 || weightBits > 16) throw new IllegalArgumentException(name + ": weight bits 1..16");
        if (groupSize < 0 || scaleBits < 0) throw new IllegalArgumentException(name + ": group size and scale bits >= 0");
        if (!(sparseFraction >= 0 && sparseFraction < 1)) throw new IllegalArgumentException(name + ": sparse fraction in [0, 1)");
        classes = List.copyOf(classes);
        if (classes.isEmpty()) throw new IllegalArgumentException(name + ": at least one tile class");
        double s = 0;
        for (TileClass c : classes) s += c.share();
        if (Math.abs(s - 1) > 1e-6) throw new IllegalArgumentException(name + ": class shares must add up to 1, got " + s);
    }

    /** A plain layer: every tile in one worst-case class, INT8, per-channel 16-bit scales, no sparse part. */
    public static LinearLayer uniform(String name, int k, int n, double macEnergyFj) {
        return new LinearLayer(name, k, n, 8, 0, 16, 0, List.of(new TileClass(1, 1, macEnergyFj)));
    }

    public LinearLayer withClasses(List<TileClass> cs) {
        return new LinearLayer(name, k, n, weightBits, groupSize, scaleBits, sparseFraction, cs);
    }

    /** Off-chip bytes of the weights: values at the stored width, scales, the sparse part. */
    public double weightBytes() {
        double kn = (double) k * n;
        double dense = kn * weightBits / 8.0;
        double groups = groupSize == 0 ? n : (double) n * SystolicCycles.ceilDiv(k, groupSize);
        double scales = groups * scaleBits / 8.0;
        return dense + scales + sparseFraction * kn * SPARSE_ENTRY_BYTES;
    }
}
