package org.halodse.dse.space;

import java.util.List;
import java.util.Objects;

/** A named group of genes (for example the decisions of one part of a larger system). */
public record GeneGroup(String name, List<Gene> genes) {
    public GeneGroup {
        Objects.requireNonNull(name, "name");
        genes = List.copyOf(genes);
        if (genes.isEmpty()) throw new IllegalArgumentException("group " + name + " has no genes");
    }

    /** Number of distinct settings of this group's genes (the product of their choices). */
    public long combinations() {
        long n = 1;
        for (Gene g : genes) {
            n = Math.multiplyExact(n, g.choices());
        }
        return n;
    }
}
