package org.halodse.studies.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.halodse.dse.problems.Benchmarks;
import org.halodse.hw.liberty.InputException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code halo benchmark-search}: a search algorithm on a problem with a known front, and how close it gets. */
@Command(name = "benchmark-search", mixinStandardHelpOptions = true,
    description = {"Runs a search algorithm on a test problem with a known Pareto front and reports the hypervolume reached",
        "against the true front's (analytic for ZDT and DTLZ2, the exact solver's for the knapsack). Objectives are",
        "normalized by the true front's ideal and nadir; the reference point is 1.1 in every normalized coordinate.",
        "The front measured is the non-dominated set of everything the algorithm evaluated (its archive), not its final population."})
final class BenchmarkSearchCommand implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Option(names = "--problem", required = true, paramLabel = "zdt1|zdt2|zdt3|dtlz2|knapsack", description = "Test problem.")
    String problem;

    @Option(names = "--algorithm", required = true, paramLabel = "nsga2|exact|random", description = "Search algorithm (exact: knapsack only).")
    String algorithm;

    @Option(names = "--evaluations", defaultValue = "25000", paramLabel = "N", description = "Evaluation budget (default: ${DEFAULT-VALUE}).")
    long evaluations;

    @Option(names = "--seed", defaultValue = "1", paramLabel = "S", description = "Random seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--threads", defaultValue = "1", paramLabel = "T", description = "Evaluation threads; the result does not depend on it (default: ${DEFAULT-VALUE}).")
    int threads;

    @Option(names = "--format", defaultValue = "text", paramLabel = "text|json", description = "Output format (default: ${DEFAULT-VALUE}).")
    String format;

    @Override
    public Integer call() throws Exception {
        if (!Benchmarks.PROBLEMS.contains(problem)) throw new InputException("--problem " + problem + ": expected zdt1, zdt2, zdt3, dtlz2 or knapsack");
        if (!Benchmarks.ALGORITHMS.contains(algorithm)) throw new InputException("--algorithm " + algorithm + ": expected nsga2, exact or random");
        if (algorithm.equals("exact") && !problem.equals("knapsack")) {
            throw new InputException("--algorithm exact: needs objectives that add up over groups; of the test problems only knapsack has them");
        }
        if (evaluations < 1) throw new InputException("--evaluations " + evaluations + ": expected at least 1");
        if (threads < 1) throw new InputException("--threads " + threads + ": expected at least 1");
        if (!format.equals("text") && !format.equals("json")) throw new InputException("--format " + format + ": expected text or json");
        Benchmarks.Outcome o = Benchmarks.run(problem, algorithm, evaluations, seed, threads);
        PrintWriter w = spec.commandLine().getOut();
        if (format.equals("json")) {
            Map<String, Object> root = new LinkedHashMap<>();
            root.put("problem", problem);
            root.put("algorithm", algorithm);
            root.put("evaluations", o.evaluations());
            root.put("seconds", o.seconds());
            root.put("hypervolume", o.hypervolume().value());
            root.put("referenceHypervolume", o.referenceHypervolume());
            root.put("ratio", o.ratio());
            root.put("referencePoint", o.hypervolume().referencePoint());
            root.put("referencePointNormalized", o.hypervolume().referencePointNormalized());
            root.put("normalizationLower", o.hypervolume().normalization().lower());
            root.put("normalizationUpper", o.hypervolume().normalization().upper());
            root.put("frontSize", o.frontSize());
            root.put("frontSource", o.algorithm().equals("exact") ? "exact solver's Pareto front"
                : "non-dominated set of every evaluated candidate (the archive), not the final population");
            root.put("seed", seed);
            root.put("threads", threads);
            root.put("referenceFront", o.referenceSource());
            w.println(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(root));
        } else {
            w.printf(Locale.ROOT, "%s %s: %d evaluations in %.3f s; hypervolume %.6f of the true front's %.6f (ratio %.4f); front %d points%n",
                problem, algorithm, o.evaluations(), o.seconds(), o.hypervolume().value(), o.referenceHypervolume(), o.ratio(), o.frontSize());
            w.printf(Locale.ROOT, "reference point %s (normalized %s); bounds %s .. %s; true front: %s%n",
                java.util.Arrays.toString(o.hypervolume().referencePoint()), java.util.Arrays.toString(o.hypervolume().referencePointNormalized()),
                java.util.Arrays.toString(o.hypervolume().normalization().lower()), java.util.Arrays.toString(o.hypervolume().normalization().upper()), o.referenceSource());
        }
        w.flush();
        return Halo.OK;
    }
}
