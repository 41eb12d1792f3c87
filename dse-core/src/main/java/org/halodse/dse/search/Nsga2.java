package org.halodse.dse.search;

import io.jenetics.ext.moea.ElementComparator;
import io.jenetics.ext.moea.ElementDistance;
import io.jenetics.ext.moea.Pareto;
import io.jenetics.util.ISeq;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.halodse.dse.checkpoint.Checkpoint;
import org.halodse.dse.checkpoint.CheckpointFile;
import org.halodse.dse.pareto.Archive;
import org.halodse.dse.pareto.Dominance;
import org.halodse.dse.pareto.Hypervolume;
import org.halodse.dse.space.Candidate;
import org.halodse.dse.space.DesignSpace;
import org.halodse.dse.space.Evaluation;
import org.halodse.dse.space.Problem;

/**
 * NSGA-II (Deb et al. 2002) with constraint-domination, on categorical genes.
 *
 * <p>The generational loop is our own, so that its whole state (population, generation, the
 * SplitMix64 state, the archive) can be checkpointed and a resumed run continues bit for bit; the
 * environmental selection uses Jenetics' moea primitives ({@link Pareto#rank} with a
 * constraint-domination comparator and {@link Pareto#crowdingDistance}). All randomness is drawn on
 * the search thread from one seeded generator; only evaluations run in parallel, into an array
 * indexed like the batch, so the result is the same for any thread count. Duplicate genomes are
 * never evaluated twice (the archive is the cache), and the evaluation budget counts distinct
 * evaluations.
 */
public final class Nsga2 {
    private final Problem problem;
    private final SearchConfig cfg;
    private final DesignSpace space;
    private final int m;

    /** A population member with its rank and crowding distance within the population. */
    private record Ind(Archive.Entry entry, int rank, double crowding) {
        double[] f() { return entry.evaluation().objectivesView(); }
        double v() { return entry.evaluation().violation(); }
    }

    public Nsga2(Problem problem, SearchConfig cfg) {
        this.problem = problem;
        this.cfg = cfg;
        this.space = problem.space();
        this.m = problem.objectives().size();
    }

    private String fingerprint() {
        StringBuilder sb = new StringBuilder("nsga2;seed=").append(cfg.seed).append(";pop=").append(cfg.populationSize)
            .append(";cx=").append(cfg.crossover).append(':').append(cfg.crossoverProbability)
            .append(";pm=").append(cfg.mutationProbability).append(";m=").append(m).append(";genes=");
        for (int i = 0; i < space.geneCount(); i++) sb.append(space.choices(i)).append(',');
        return sb.toString();
    }

    public SearchResult run() {
        long t0 = System.nanoTime();
        Archive archive;
        SeededRandom rng;
        List<Ind> pop;
        long gen;
        long stall;
        Checkpoint cp = null;
        if (cfg.checkpoint != null && cfg.resume && Files.exists(cfg.checkpoint)) {
            cp = CheckpointFile.read(cfg.checkpoint);
            if (!cp.fingerprint().equals(fingerprint())) {
                throw new IllegalStateException("checkpoint " + cfg.checkpoint + " was written by another search (" + cp.fingerprint() + "), not " + fingerprint());
            }
        }
        try (Evaluator ev = new Evaluator(problem, cfg.threads)) {
            if (cp != null) {
                archive = cp.archive();
                rng = SeededRandom.ofState(cp.randomState());
                gen = cp.generation();
                stall = cp.stall();
                pop = rankAndCrowd(cp.populationEntries());
            } else {
                archive = new Archive();
                rng = new SeededRandom(cfg.seed);
                gen = 0;
                stall = 0;
                List<Candidate> init = new ArrayList<>();
                Set<Candidate> seen = new HashSet<>();
                for (int tries = 0; init.size() < cfg.populationSize && tries < cfg.populationSize * 20; tries++) {
                    Candidate c = space.random(rng);
                    if (seen.add(c)) init.add(c);
                }
                pop = rankAndCrowd(evaluate(init, archive, ev));
                report(0, archive);
            }
            double pm = cfg.mutationProbability > 0 ? cfg.mutationProbability : 1.0 / space.geneCount();
            while (archive.size() < cfg.maxEvaluations && gen < cfg.maxGenerations && stall < cfg.stallLimit) {
                List<Candidate> kids = new ArrayList<>(cfg.populationSize);
                while (kids.size() < cfg.populationSize) {
                    int[] a = tournament(pop, rng).entry().candidate().toArray();
                    int[] b = tournament(pop, rng).entry().candidate().toArray();
                    if (rng.nextDouble() < cfg.crossoverProbability) crossover(a, b, rng);
                    mutate(a, pm, rng);
                    mutate(b, pm, rng);
                    kids.add(Candidate.ofOwned(a));
                    if (kids.size() < cfg.populationSize) kids.add(Candidate.ofOwned(b));
                }
                int before = archive.size();
                List<Archive.Entry> kidEntries = evaluate(kids, archive, ev);
                stall = archive.size() == before ? stall + 1 : 0;
                List<Archive.Entry> combined = new ArrayList<>(pop.size() + kidEntries.size());
                Set<Candidate> seen = new HashSet<>();
                for (Ind i : pop) if (seen.add(i.entry().candidate())) combined.add(i.entry());
                for (Archive.Entry e : kidEntries) if (seen.add(e.candidate())) combined.add(e);
                pop = rankAndCrowd(select(combined));
                gen++;
                report(gen, archive);
                if (cfg.checkpoint != null && cfg.checkpointEvery > 0 && gen % cfg.checkpointEvery == 0) {
                    int[] idx = pop.stream().mapToInt(i -> (int) i.entry().index()).toArray();
                    CheckpointFile.write(cfg.checkpoint, new Checkpoint(fingerprint(), gen, rng.state(), stall, archive, idx));
                }
            }
            return new SearchResult("nsga2", archive.front(), archive, archive.size(), gen, (System.nanoTime() - t0) / 1e9);
        }
    }

    private void report(long gen, Archive archive) {
        if (cfg.listener == ProgressListener.NONE) return;
        double hv = Double.NaN;
        if (cfg.progressNormalization != null && m <= 3) hv = Hypervolume.of(archive.frontObjectives(), cfg.progressNormalization).value();
        cfg.listener.onProgress(new Progress(gen, archive.size(), archive.feasibleCount(), archive.front().size(), hv));
    }

    /**
     * Looks each candidate up in the archive; evaluates the distinct new ones (in parallel) within
     * the remaining budget; new candidates beyond the budget are dropped.
     */
    private List<Archive.Entry> evaluate(List<Candidate> cs, Archive archive, Evaluator ev) {
        long room = cfg.maxEvaluations - archive.size();
        List<Candidate> fresh = new ArrayList<>();
        Set<Candidate> freshSet = new HashSet<>();
        for (Candidate c : cs) {
            if (archive.get(c) == null && !freshSet.contains(c) && fresh.size() < room) {
                freshSet.add(c);
                fresh.add(c);
            }
        }
        Evaluation[] es = ev.evaluate(fresh);
        for (int i = 0; i < es.length; i++) archive.add(fresh.get(i), es[i]);
        List<Archive.Entry> out = new ArrayList<>(cs.size());
        for (Candidate c : cs) {
            Archive.Entry e = archive.get(c);
            if (e != null) out.add(e);
        }
        return out;
    }

    private static int constrainedDominance(Archive.Entry a, Archive.Entry b) {
        return Dominance.constrained(a.evaluation().objectivesView(), a.evaluation().violation(), b.evaluation().objectivesView(), b.evaluation().violation());
    }

    /** Environmental selection: whole fronts by rank, the last one cut by crowding distance. */
    private List<Archive.Entry> select(List<Archive.Entry> combined) {
        int n = cfg.populationSize;
        if (combined.size() <= n) return combined;
        int[] rank = Pareto.rank(ISeq.of(combined), Nsga2::constrainedDominance);
        int maxRank = Arrays.stream(rank).max().orElse(0);
        List<Archive.Entry> next = new ArrayList<>(n);
        for (int r = 0; r <= maxRank && next.size() < n; r++) {
            List<Archive.Entry> front = new ArrayList<>();
            for (int i = 0; i < rank.length; i++) if (rank[i] == r) front.add(combined.get(i));
            if (next.size() + front.size() <= n) {
                next.addAll(front);
            } else {
                double[] cd = crowding(front);
                Integer[] order = new Integer[front.size()];
                for (int i = 0; i < order.length; i++) order[i] = i;
                Arrays.sort(order, (x, y) -> {
                    int c = Double.compare(cd[y], cd[x]);
                    return c != 0 ? c : Integer.compare(x, y);
                });
                for (int i = 0; next.size() < n; i++) next.add(front.get(order[i]));
            }
        }
        return next;
    }

    private double[] crowding(List<Archive.Entry> front) {
        ElementComparator<Archive.Entry> cmp = (a, b, i) -> Double.compare(a.evaluation().objectivesView()[i], b.evaluation().objectivesView()[i]);
        ElementDistance<Archive.Entry> dist = (a, b, i) -> a.evaluation().objectivesView()[i] - b.evaluation().objectivesView()[i];
        return Pareto.crowdingDistance(ISeq.of(front), cmp, dist, e -> m);
    }

    private List<Ind> rankAndCrowd(List<Archive.Entry> entries) {
        if (entries.isEmpty()) throw new IllegalStateException("empty population: the evaluation budget is too small");
        int[] rank = Pareto.rank(ISeq.of(entries), Nsga2::constrainedDominance);
        double[] cd = new double[entries.size()];
        int maxRank = Arrays.stream(rank).max().orElse(0);
        for (int r = 0; r <= maxRank; r++) {
            List<Integer> idx = new ArrayList<>();
            List<Archive.Entry> front = new ArrayList<>();
            for (int i = 0; i < rank.length; i++) if (rank[i] == r) { idx.add(i); front.add(entries.get(i)); }
            if (front.isEmpty()) continue;
            double[] d = crowding(front);
            for (int k = 0; k < d.length; k++) cd[idx.get(k)] = d[k];
        }
        List<Ind> out = new ArrayList<>(entries.size());
        for (int i = 0; i < entries.size(); i++) out.add(new Ind(entries.get(i), rank[i], cd[i]));
        return out;
    }

    /** Binary crowded tournament: lower rank wins, then larger crowding distance, then the first drawn. */
    private static Ind tournament(List<Ind> pop, SeededRandom rng) {
        Ind a = pop.get(rng.nextInt(pop.size()));
        Ind b = pop.get(rng.nextInt(pop.size()));
        if (a.rank() != b.rank()) return a.rank() < b.rank() ? a : b;
        return b.crowding() > a.crowding() ? b : a;
    }

    private void crossover(int[] a, int[] b, SeededRandom rng) {
        switch (cfg.crossover) {
            case UNIFORM -> {
                for (int i = 0; i < a.length; i++) if (rng.nextBoolean()) swap(a, b, i);
            }
            case GROUP_UNIFORM -> {
                for (int g = 0; g < space.groupCount(); g++) {
                    if (rng.nextBoolean()) for (int i = space.offset(g); i < space.offset(g + 1); i++) swap(a, b, i);
                }
            }
            case ONE_POINT -> {
                int cut = 1 + rng.nextInt(Math.max(1, a.length - 1));
                for (int i = cut; i < a.length; i++) swap(a, b, i);
            }
        }
    }

    private static void swap(int[] a, int[] b, int i) {
        int t = a[i];
        a[i] = b[i];
        b[i] = t;
    }

    /** Per gene with probability pm: ordered genes half the time step to a near value, otherwise any other value. */
    private void mutate(int[] x, double pm, SeededRandom rng) {
        for (int i = 0; i < x.length; i++) {
            if (rng.nextDouble() >= pm) continue;
            int k = space.choices(i);
            if (k < 2) continue;
            if (space.gene(i).ordered() && rng.nextBoolean()) {
                int span = Math.max(1, k / 20);
                int step = 1 + rng.nextInt(span);
                int v = rng.nextBoolean() ? x[i] + step : x[i] - step;
                x[i] = Math.max(0, Math.min(k - 1, v));
            } else {
                int v = rng.nextInt(k - 1);
                x[i] = v >= x[i] ? v + 1 : v;
            }
        }
    }
}
