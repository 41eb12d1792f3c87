package org.halodse.objectives.quant;

import java.util.Arrays;

/**
 * HALO's stage 2 layout: the K x N matrix cut into tiles of {@code tile} columns and (normally)
 * {@code tile} rows; the last row and column of tiles may be smaller. Tile row i covers rows
 * [rowBounds[i], rowBounds[i+1]). Tiles are ranked by sensitivity (sum over the tile's dense
 * weights of the per-weight sensitivity); the least sensitive {@code fastShare} form the fast class
 * (class 0), the rest the slow class (class 1). Tiles may carry weights (how many tiles of the
 * layer each stands for, when a sample was ranked on its own): the share then counts weights.
 * {@link #restrict} keeps the grid, the ranking and so the classes of the full layer for a matrix
 * that holds only some rows of each tile.
 */
public record TileClasses(int k, int n, int tile, int tileRows, int tileCols, int[] rowBounds, double[] sensitivity, int[] ascending,
                          double[] weight) {

    public static TileClasses rank(float[] w, int k, int n, int tile, double[] meanSquare, float[] sens, boolean[] sparse) {
        return rank(w, k, n, tile, meanSquare, sens, sparse, null, null);
    }

    /**
     * {@code rowBounds} (may be null: tiles of {@code tile} rows); {@code rowWeight} (may be null):
     * per row, how many rows of the layer it stands for.
     */
    public static TileClasses rank(float[] w, int k, int n, int tile, double[] meanSquare, float[] sens, boolean[] sparse,
                                   int[] rowBounds, double[] rowWeight) {
        int tr = rowBounds != null ? rowBounds.length - 1 : (k + tile - 1) / tile, tc = (n + tile - 1) / tile;
        int[] rb = rowBounds;
        if (rb == null) {
            rb = new int[tr + 1];
            for (int i = 0; i <= tr; i++) rb[i] = Math.min(k, i * tile);
        }
        double[] s = new double[tr * tc];
        for (int i = 0; i < tr; i++) {
            for (int r = rb[i]; r < rb[i + 1]; r++) {
                double e = meanSquare[r];
                int base = r * n, trow = i * tc;
                for (int c = 0; c < n; c++) {
                    int x = base + c;
                    if (sparse != null && sparse[x]) continue;
                    s[trow + c / tile] += sens != null ? sens[x] : e * w[x] * w[x];
                }
            }
        }
        return ranked(k, n, tile, rb, s, rowWeight);
    }

    /**
     * Tiles of {@code tile} columns on row bounds {@code rb} ranked by the sensitivities {@code s}
     * (tile row major), ascending, ties by index.
     */
    public static TileClasses ranked(int k, int n, int tile, int[] rb, double[] s, double[] rowWeight) {
        int tr = rb.length - 1, tc = (n + tile - 1) / tile;
        if (s.length != tr * tc) throw new IllegalArgumentException(s.length + " tile sensitivities, expected " + tr * tc);
        int[] asc = IndexSort.ascending(s);
        double[] tw = null;
        if (rowWeight != null) {
            tw = new double[tr * tc];
            for (int t = 0; t < tw.length; t++) tw[t] = rb[t / tc] < k ? rowWeight[rb[t / tc]] : 0;
        }
        return new TileClasses(k, n, tile, tr, tc, rb, s, asc, tw);
    }

    /** The same tiles, ranking and classes over a matrix of m rows whose tile row i is [bounds[i], bounds[i+1]). */
    public TileClasses restrict(int m, int[] bounds) {
        if (bounds.length != tileRows + 1) throw new IllegalArgumentException("bounds for " + (bounds.length - 1) + " tile rows, expected " + tileRows);
        return new TileClasses(m, n, tile, tileRows, tileCols, bounds, sensitivity, ascending, weight);
    }

    public int tiles() { return tileRows * tileCols; }

    /**
     * Number of fast tiles for a share: round(share * tiles); with weights, the least sensitive
     * tiles while their weight up to the middle of each stays within share * total weight.
     */
    public int fastTiles(double share) {
        share = Math.max(0, Math.min(1, share));
        if (weight == null) return (int) Math.round(share * tiles());
        double total = 0;
        for (double x : weight) total += x;
        double cum = 0;
        int f = 0;
        while (f < tiles() && cum + weight[ascending[f]] / 2 <= share * total + 1e-9 * total) cum += weight[ascending[f++]];
        return f;
    }

    /** Class of every tile (0 fast, 1 slow) for a share. */
    public byte[] classes(double share) {
        byte[] cls = new byte[tiles()];
        Arrays.fill(cls, (byte) 1);
        int f = fastTiles(share);
        for (int i = 0; i < f; i++) cls[ascending[i]] = 0;
        return cls;
    }

    public int rowStart(int t) { return rowBounds[t / tileCols]; }
    public int rowEnd(int t) { return rowBounds[t / tileCols + 1]; }
    public int colStart(int t) { return (t % tileCols) * tile; }
    public int colEnd(int t) { return Math.min(n, colStart(t) + tile); }
}
