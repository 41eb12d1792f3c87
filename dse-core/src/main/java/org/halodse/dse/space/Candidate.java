package org.halodse.dse.space;

import java.util.Arrays;

/** An immutable assignment of every gene (by flat index). Equal by content: it is the cache key. */
public final class Candidate implements Comparable<Candidate> {
    private final int[] genes;
    private final int hash;

    public Candidate(int[] genes) {
        this.genes = genes.clone();
        this.hash = Arrays.hashCode(this.genes);
    }

    /** Takes ownership of {@code genes} (no copy); for the engine's own freshly made arrays. */
    static Candidate wrap(int[] genes) {
        return new Candidate(genes, true);
    }

    private Candidate(int[] genes, boolean owned) {
        this.genes = genes;
        this.hash = Arrays.hashCode(genes);
    }

    /** Owning factory for engine code outside this package. */
    public static Candidate ofOwned(int[] genes) {
        return wrap(genes);
    }

    public int gene(int i) {
        return genes[i];
    }

    public int size() {
        return genes.length;
    }

    public int[] toArray() {
        return genes.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Candidate c && c.hash == hash && Arrays.equals(c.genes, genes);
    }

    @Override
    public int hashCode() {
        return hash;
    }

    @Override
    public int compareTo(Candidate o) {
        return Arrays.compare(genes, o.genes);
    }

    @Override
    public String toString() {
        return Arrays.toString(genes);
    }
}
