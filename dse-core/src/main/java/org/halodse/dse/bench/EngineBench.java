package org.halodse.dse.bench;

import java.util.List;
import org.halodse.dse.search.Nsga2;
import org.halodse.dse.search.RandomSearch;
import org.halodse.dse.search.SearchConfig;
import org.halodse.dse.search.SearchResult;
import org.halodse.dse.space.Candidate;
import org.halodse.dse.space.DesignSpace;
import org.halodse.dse.space.Gene;
import org.halodse.dse.space.Objective;
import org.halodse.dse.space.Problem;

/**
 * Engine overhead: evaluations per second on a trivial problem (objectives cost nanoseconds, so the
 * time is the engine's), for a small space and for 224 groups x 4 genes. A main, not a test:
 * {@code java -cp ... org.halodse.dse.bench.EngineBench [evaluations] [threads]}. Besides wall time it
 * prints the CPU time of the search thread per evaluation, which a loaded machine inflates less;
 * with cheap evaluations the evaluator stays in that thread, so it is then the whole cost.
 */
public final class EngineBench {
    private static final java.lang.management.ThreadMXBean THREADS = java.lang.management.ManagementFactory.getThreadMXBean();

    private EngineBench() {
    }

    /** Two objectives: the sum of the genes and the sum of their complements (every point is Pareto-optimal). */
    public static Problem trivial(int groups, int genesPerGroup, int choices) {
        List<Gene> genes = new java.util.ArrayList<>();
        for (int i = 0; i < genesPerGroup; i++) genes.add(Gene.categorical("gene" + i, choices));
        DesignSpace s = DesignSpace.uniform(groups, genes);
        return new Problem() {
            @Override
            public DesignSpace space() {
                return s;
            }

            @Override
            public List<Objective> objectives() {
                return List.of(new Objective("a", ""), new Objective("b", ""));
            }

            @Override
            public double[] objectiveValues(Candidate c) {
                double a = 0, b = 0;
                for (int i = 0; i < c.size(); i++) {
                    a += c.gene(i);
                    b += choices - 1 - c.gene(i) + (i % 3 == 0 ? c.gene(i) * 0.5 : 0);
                }
                return new double[] {a, b};
            }
        };
    }

    public static void main(String[] args) {
        long evals = args.length > 0 ? Long.parseLong(args[0]) : 200_000;
        int threads = args.length > 1 ? Integer.parseInt(args[1]) : 2;
        System.out.printf("engine overhead (trivial objectives), %d evaluations, %d threads, %d cores%n", evals, threads, Runtime.getRuntime().availableProcessors());
        for (int[] shape : new int[][] {{1, 10, 8}, {224, 4, 4}}) {
            Problem p = trivial(shape[0], shape[1], shape[2]);
            for (String alg : List.of("nsga2", "random")) {
                for (int rep = 0; rep < 2; rep++) { // first pass warms the JIT
                    SearchConfig cfg = new SearchConfig().seed(7).maxEvaluations(evals).threads(threads);
                    long cpu0 = THREADS.getCurrentThreadCpuTime();
                    SearchResult r = alg.equals("nsga2") ? new Nsga2(p, cfg).run() : new RandomSearch(p, cfg).run();
                    double cpu = (THREADS.getCurrentThreadCpuTime() - cpu0) / 1e9;
                    if (rep == 1) {
                        System.out.printf("%3d groups x %2d genes (%d choices) %-6s %8d evals %6.2f s  %10.0f evals/s  %6.2f us/eval wall  %6.2f us/eval cpu of the search thread  front %d%n",
                            shape[0], shape[1], shape[2], alg, r.evaluations(), r.seconds(), r.evaluations() / r.seconds(), 1e6 * r.seconds() / r.evaluations(),
                            1e6 * cpu / r.evaluations(), r.front().size());
                    }
                }
            }
        }
    }
}
