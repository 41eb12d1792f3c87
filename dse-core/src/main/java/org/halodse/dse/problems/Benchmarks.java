package org.halodse.dse.problems;

import java.util.Arrays;
import java.util.List;
import org.halodse.dse.pareto.Hypervolume;
import org.halodse.dse.pareto.Normalization;
import org.halodse.dse.search.ExactParetoSolver;
import org.halodse.dse.search.Nsga2;
import org.halodse.dse.search.RandomSearch;
import org.halodse.dse.search.SearchConfig;
import org.halodse.dse.search.SearchResult;
import org.halodse.dse.space.Problem;

/**
 * The benchmark problems with known fronts, and one run of an algorithm on one of them with its
 * hypervolume against the true front's. Normalization bounds are the true front's ideal and nadir;
 * the reference point is 1.1 in every normalized coordinate. The front measured for a search is
 * {@link SearchResult#front()}: the non-dominated feasible set of everything it evaluated (its
 * archive), not its final population, with the same normalization and reference point as the
 * reference front.
 */
public final class Benchmarks {
    private Benchmarks() {
    }

    public static final List<String> PROBLEMS = List.of("zdt1", "zdt2", "zdt3", "dtlz2", "knapsack");
    public static final List<String> ALGORITHMS = List.of("nsga2", "exact", "random");

    /** A problem, its normalization and the hypervolume of its true front. */
    public record Reference(String name, Problem problem, Normalization normalization, double referenceHypervolume, String source) {
    }

    /** The outcome of {@link #run}. */
    public record Outcome(String problem, String algorithm, long evaluations, double seconds, Hypervolume.Result hypervolume,
                          double referenceHypervolume, int frontSize, String referenceSource) {
        public double ratio() {
            return hypervolume.value() / referenceHypervolume;
        }
    }

    public static Reference reference(String name) {
        double[] ref = {1.1, 1.1, 1.1};
        switch (name) {
            case "zdt1", "zdt2", "zdt3" -> {
                Zdt z = Zdt.standard(name.charAt(3) - '0');
                List<double[]> front = z.analyticFront(200_001);
                Normalization n = Normalization.of(front);
                double hv = Hypervolume.of(front, n).value();
                return new Reference(name, z, n, hv, "analytic front f2(f1) sampled at 200001 values of f1");
            }
            case "dtlz2" -> {
                Normalization n = Normalization.identity(3);
                return new Reference(name, Dtlz2.standard(), n, Dtlz2.trueHypervolume(3, ref[0]), "analytic: 1.1^3 - pi/6");
            }
            case "knapsack" -> {
                Knapsack k = Knapsack.standard();
                SearchResult exact = new ExactParetoSolver(k, 0).solve().search();
                List<double[]> front = exact.frontObjectives();
                Normalization n = Normalization.of(front);
                return new Reference(name, k, n, Hypervolume.of(front, n).value(), "exact Pareto DP front (" + front.size() + " points)");
            }
            default -> throw new IllegalArgumentException("unknown problem " + name + "; expected one of " + PROBLEMS);
        }
    }

    public static Outcome run(String problem, String algorithm, long evaluations, long seed, int threads) {
        Reference r = reference(problem);
        SearchConfig cfg = new SearchConfig().seed(seed).maxEvaluations(evaluations).threads(threads);
        SearchResult res = switch (algorithm) {
            case "nsga2" -> new Nsga2(r.problem(), cfg).run();
            case "random" -> new RandomSearch(r.problem(), cfg).run();
            case "exact" -> {
                if (!(r.problem() instanceof Knapsack k)) {
                    throw new IllegalArgumentException("--algorithm exact needs a problem whose objectives add up over groups (knapsack), not " + problem);
                }
                yield new ExactParetoSolver(k, 0).solve().search();
            }
            default -> throw new IllegalArgumentException("unknown algorithm " + algorithm + "; expected one of " + ALGORITHMS);
        };
        Hypervolume.Result hv = Hypervolume.of(res.frontObjectives(), r.normalization());
        return new Outcome(problem, algorithm, res.evaluations(), res.seconds(), hv, r.referenceHypervolume(), res.front().size(), r.source());
    }

    public static void main(String[] args) {
        long evals = args.length > 0 ? Long.parseLong(args[0]) : 25_000;
        for (String p : PROBLEMS) {
            for (String a : List.of("nsga2", "random")) {
                Outcome o = run(p, a, p.equals("knapsack") ? Math.min(evals, 20_000) : evals, 1, 2);
                System.out.printf("%-9s %-7s evals %6d  %.2fs  HV %.5f / %.5f = %.4f  front %d  ref %s%n", p, a, o.evaluations(), o.seconds(),
                    o.hypervolume().value(), o.referenceHypervolume(), o.ratio(), o.frontSize(), Arrays.toString(o.hypervolume().referencePoint()));
            }
        }
    }
}
