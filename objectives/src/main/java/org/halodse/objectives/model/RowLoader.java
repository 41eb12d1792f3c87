package org.halodse.objectives.model;

/**
 * A weight loader that can read some rows (input channels) alone. The profile's sampled mode uses
 * it for huge layers when a model source offers it; otherwise it loads the layer and copies rows.
 * {@link #loadRows} must return exactly the rows {@link #load()} holds, bit for bit.
 */
public interface RowLoader extends LinearLayer.WeightLoader {
    /** Rows {@code rows} (ascending) of the K x N matrix, row-major: rows.length x N. */
    float[] loadRows(int[] rows);

    /**
     * As {@link #loadRows(int[])}, into {@code into} (at least rows.length x N long), which is
     * returned: for a caller that reads a layer in many small bands (a fresh array per band cost
     * allocation and cold cache lines). This default copies.
     */
    default float[] loadRows(int[] rows, float[] into) {
        float[] w = loadRows(rows);
        System.arraycopy(w, 0, into, 0, w.length);
        return into;
    }

    /**
     * Row {@code r} into the first N floats of {@code into}, which is returned: the streaming pass
     * reads a layer row by row into one array that stays in the core's cache. This default goes
     * through {@link #loadRows(int[], float[])}.
     */
    default float[] loadRow(int r, float[] into) {
        return loadRows(new int[] {r}, into);
    }
}
