package org.halodse.dse.space;

import java.util.ArrayList;
import java.util.List;
import java.util.random.RandomGenerator;

/** Groups of categorical genes. A candidate is a flat int vector: group 0's genes, then group 1's... */
public final class DesignSpace {
    private final List<GeneGroup> groups;
    private final Gene[] genes;
    private final int[] choices;
    private final int[] offsets;

    public DesignSpace(List<GeneGroup> groups) {
        this.groups = List.copyOf(groups);
        if (this.groups.isEmpty()) throw new IllegalArgumentException("design space has no groups");
        List<Gene> all = new ArrayList<>();
        offsets = new int[this.groups.size() + 1];
        for (int g = 0; g < this.groups.size(); g++) {
            offsets[g] = all.size();
            all.addAll(this.groups.get(g).genes());
        }
        offsets[this.groups.size()] = all.size();
        genes = all.toArray(Gene[]::new);
        choices = new int[genes.length];
        for (int i = 0; i < genes.length; i++) choices[i] = genes[i].choices();
    }

    /** {@code groups} groups, each of the same genes. */
    public static DesignSpace uniform(int groups, List<Gene> genesPerGroup) {
        List<GeneGroup> gs = new ArrayList<>(groups);
        for (int g = 0; g < groups; g++) gs.add(new GeneGroup("g" + g, genesPerGroup));
        return new DesignSpace(gs);
    }

    public List<GeneGroup> groups() {
        return groups;
    }

    public int groupCount() {
        return groups.size();
    }

    public int geneCount() {
        return genes.length;
    }

    public Gene gene(int index) {
        return genes[index];
    }

    public int choices(int gene) {
        return choices[gene];
    }

    /** Index of the first gene of {@code group}; {@code offset(groupCount())} is the gene count. */
    public int offset(int group) {
        return offsets[group];
    }

    /** log10 of the number of candidates. */
    public double log10Size() {
        double s = 0;
        for (int c : choices) s += Math.log10(c);
        return s;
    }

    public Candidate random(RandomGenerator rng) {
        int[] x = new int[genes.length];
        for (int i = 0; i < x.length; i++) x[i] = rng.nextInt(choices[i]);
        return Candidate.wrap(x);
    }

    /** Throws if {@code c} does not fit this space. */
    public void check(Candidate c) {
        if (c.size() != genes.length) throw new IllegalArgumentException("candidate has " + c.size() + " genes, space has " + genes.length);
        for (int i = 0; i < genes.length; i++) {
            int v = c.gene(i);
            if (v < 0 || v >= choices[i]) throw new IllegalArgumentException("gene " + genes[i].name() + " = " + v + ": expected 0.." + (choices[i] - 1));
        }
    }

    /** The genes of one group of {@code c}. */
    public int[] groupGenes(Candidate c, int group) {
        int[] r = new int[offsets[group + 1] - offsets[group]];
        for (int i = 0; i < r.length; i++) r[i] = c.gene(offsets[group] + i);
        return r;
    }
}
