package org.halodse.dse.search;

import java.util.ArrayList;
import java.util.List;
import org.halodse.dse.pareto.Archive;

/**
 * What a search returns: the non-dominated feasible points of everything it evaluated, the archive
 * itself, the evaluation count, generations and wall time.
 */
public record SearchResult(String algorithm, List<Archive.Entry> front, Archive archive, long evaluations, long generations, double seconds) {
    public SearchResult {
        front = List.copyOf(front);
    }

    public List<double[]> frontObjectives() {
        List<double[]> r = new ArrayList<>();
        for (Archive.Entry e : front) r.add(e.evaluation().objectives());
        return r;
    }
}
