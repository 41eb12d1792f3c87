package org.halodse.dse.space;

import java.util.Arrays;

/**
 * An immutable assignment of every gene (by flat index). Equal by content: it is the cache key.
 *
 * <p>Stored as one byte per gene when every value is below 256 (categorical genes nearly always
 * are), else as ints: a search archives every candidate it evaluates, and 200,000 candidates of
 * 896 genes take 180 MB as bytes instead of 720 MB as ints (measured: the collector's share of the
 * engine's time falls with it). The representation is a function of the values, so equal
 * candidates always share it.
 */
public final class Candidate implements Comparable<Candidate> {
    private final byte[] small; // values 0..255, or null
    private final int[] large; // otherwise
    private final int hash;

    public Candidate(int[] genes) {
        this(genes, false);
    }

    /** Takes ownership of {@code genes} (no copy); for the engine's own freshly made arrays. */
    static Candidate wrap(int[] genes) {
        return new Candidate(genes, true);
    }

    private Candidate(int[] genes, boolean owned) {
        boolean fits = true;
        int h = 1;
        for (int v : genes) {
            fits &= (v & ~0xFF) == 0;
            h = 31 * h + v; // Arrays.hashCode of the values, whatever the storage
        }
        this.hash = h;
        if (fits) {
            small = new byte[genes.length];
            for (int i = 0; i < genes.length; i++) small[i] = (byte) genes[i];
            large = null;
        } else {
            small = null;
            large = owned ? genes : genes.clone();
        }
    }

    /** Owning factory for engine code outside this package. */
    public static Candidate ofOwned(int[] genes) {
        return wrap(genes);
    }

    public int gene(int i) {
        return small != null ? small[i] & 0xFF : large[i];
    }

    public int size() {
        return small != null ? small.length : large.length;
    }

    public int[] toArray() {
        if (large != null) return large.clone();
        int[] g = new int[small.length];
        for (int i = 0; i < g.length; i++) g[i] = small[i] & 0xFF;
        return g;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof Candidate c) || c.hash != hash) return false;
        return small != null ? Arrays.equals(small, c.small) : Arrays.equals(large, c.large);
    }

    @Override
    public int hashCode() {
        return hash;
    }

    /** Lexicographic by value. */
    @Override
    public int compareTo(Candidate o) {
        int n = Math.min(size(), o.size());
        for (int i = 0; i < n; i++) {
            int c = Integer.compare(gene(i), o.gene(i));
            if (c != 0) return c;
        }
        return Integer.compare(size(), o.size());
    }

    @Override
    public String toString() {
        return Arrays.toString(toArray());
    }
}
