package org.halodse.dse.search;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.halodse.dse.pareto.Archive;
import org.halodse.dse.pareto.Hypervolume;
import org.halodse.dse.space.Candidate;
import org.halodse.dse.space.Evaluation;
import org.halodse.dse.space.Problem;

/** Uniform random sampling of distinct candidates with the same budget: the floor for every comparison. */
public final class RandomSearch {
    private final Problem problem;
    private final SearchConfig cfg;

    public RandomSearch(Problem problem, SearchConfig cfg) {
        this.problem = problem;
        this.cfg = cfg;
    }

    public SearchResult run() {
        long t0 = System.nanoTime();
        Archive archive = new Archive();
        SeededRandom rng = new SeededRandom(cfg.seed);
        int batch = Math.max(cfg.populationSize, 64);
        long misses = 0, batches = 0;
        try (Evaluator ev = new Evaluator(problem, cfg.threads)) {
            while (archive.size() < cfg.maxEvaluations && misses < 100L * batch) {
                long room = cfg.maxEvaluations - archive.size();
                List<Candidate> fresh = new ArrayList<>();
                Set<Candidate> seen = new HashSet<>();
                for (int k = 0; k < batch && fresh.size() < room; k++) {
                    Candidate c = problem.space().random(rng);
                    if (archive.get(c) == null && seen.add(c)) fresh.add(c);
                    else misses++;
                }
                Evaluation[] es = ev.evaluate(fresh);
                for (int i = 0; i < es.length; i++) archive.add(fresh.get(i), es[i]);
                batches++;
                if (cfg.listener != ProgressListener.NONE) {
                    double hv = cfg.progressNormalization != null && problem.objectives().size() <= 3
                        ? Hypervolume.of(archive.frontObjectives(), cfg.progressNormalization).value() : Double.NaN;
                    cfg.listener.onProgress(new Progress(batches, archive.size(), archive.feasibleCount(), archive.front().size(), hv));
                }
            }
        }
        return new SearchResult("random", archive.front(), archive, archive.size(), batches, (System.nanoTime() - t0) / 1e9);
    }
}
