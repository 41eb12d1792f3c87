package org.halodse.dse.pareto;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.halodse.dse.space.Candidate;
import org.halodse.dse.space.Evaluation;

/**
 * Every evaluated candidate in evaluation order, a lookup by candidate (the evaluation cache), and
 * the non-dominated set of the feasible ones (one candidate per distinct objective vector: the
 * first evaluated).
 */
public final class Archive {
    /** An evaluated candidate. */
    public record Entry(Candidate candidate, Evaluation evaluation, long index) {
    }

    private final List<Entry> all = new ArrayList<>();
    private final Map<Candidate, Entry> byCandidate = new HashMap<>();
    private List<Entry> front = List.of();
    private final List<Entry> pending = new ArrayList<>();
    private int feasible;

    /** Adds a newly evaluated candidate; throws if it is already in the archive. */
    public Entry add(Candidate c, Evaluation e) {
        Entry en = new Entry(c, e, all.size());
        if (byCandidate.putIfAbsent(c, en) != null) throw new IllegalArgumentException("candidate already archived: " + c);
        all.add(en);
        if (e.feasible()) {
            feasible++;
            pending.add(en);
        }
        return en;
    }

    public Entry get(Candidate c) {
        return byCandidate.get(c);
    }

    public int size() {
        return all.size();
    }

    public int feasibleCount() {
        return feasible;
    }

    public List<Entry> all() {
        return Collections.unmodifiableList(all);
    }

    /** The non-dominated feasible entries, in ascending lexicographic order of objectives. */
    public List<Entry> front() {
        if (!pending.isEmpty()) {
            List<Entry> merged = new ArrayList<>(front.size() + pending.size());
            merged.addAll(front);
            merged.addAll(pending); // later index after the current front: duplicates keep the earliest
            merged.sort((a, b) -> Long.compare(a.index(), b.index()));
            List<double[]> pts = new ArrayList<>(merged.size());
            for (Entry en : merged) pts.add(en.evaluation().objectivesView());
            List<Entry> f = new ArrayList<>();
            for (int i : NonDominatedSort.front(pts)) f.add(merged.get(i));
            front = Collections.unmodifiableList(f);
            pending.clear();
        }
        return front;
    }

    public List<double[]> frontObjectives() {
        List<double[]> r = new ArrayList<>();
        for (Entry e : front()) r.add(e.evaluation().objectives());
        return r;
    }

    @Override
    public String toString() {
        return "Archive[" + all.size() + " evaluated, " + feasible + " feasible, front " + front().size() + "]";
    }
}
