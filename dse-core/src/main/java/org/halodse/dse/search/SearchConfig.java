package org.halodse.dse.search;

import java.nio.file.Path;
import org.halodse.dse.pareto.Normalization;

/**
 * Settings of a search (fluent, mutable while being set up). Budget: the search stops at
 * {@code maxEvaluations} distinct evaluations or {@code maxGenerations}, whichever comes first.
 */
public final class SearchConfig {
    private java.util.List<int[]> initial = java.util.List.of();
    /** How two parents exchange genes. */
    public enum Crossover { UNIFORM, GROUP_UNIFORM, ONE_POINT }

    /** How the last front that does not fit whole into the next population is cut. */
    public enum Truncation {
        /** Crowding distance for 1 or 2 objectives, the epsilon indicator for 3 or more. */
        AUTO,
        /** NSGA-II's crowding distance. */
        CROWDING,
        /** IBEA's additive-epsilon-indicator fitness (stronger pressure with 3+ objectives). */
        EPSILON_INDICATOR
    }

    long seed = 1;
    int populationSize = 100;
    long maxEvaluations = 10_000;
    long maxGenerations = Long.MAX_VALUE;
    double crossoverProbability = 0.9;
    Crossover crossover = Crossover.UNIFORM;
    double mutationProbability = -1; // per gene; default 1 / gene count
    int threads = 1;
    Path checkpoint;
    int checkpointEvery = 0;
    boolean resume = true;
    Normalization progressNormalization;
    ProgressListener listener = ProgressListener.NONE;
    long stallLimit = 200;
    int eliteSize = 0;
    Truncation truncation = Truncation.AUTO;
    double epsilonKappa = 0.05;
    double eliteProbability = 0.5;
    int duplicateRetries = 10;
    int preselection = -1; // AUTO
    double modelChildren = 0.2;

    public SearchConfig seed(long s) { this.seed = s; return this; }
    /**
     * Candidates put into the first population before the random ones (e.g. known baselines), so
     * the front is never worse than them: NSGA-II seeded by known points.
     */
    public SearchConfig initialCandidates(java.util.List<int[]> c) { this.initial = java.util.List.copyOf(c); return this; }
    public java.util.List<int[]> initialCandidates() { return initial; }
    public SearchConfig populationSize(int n) { if (n < 4) throw new IllegalArgumentException("population must be >= 4"); this.populationSize = n; return this; }
    public SearchConfig maxEvaluations(long n) { if (n < 1) throw new IllegalArgumentException("evaluations must be >= 1"); this.maxEvaluations = n; return this; }
    public SearchConfig maxGenerations(long n) { this.maxGenerations = n; return this; }
    public SearchConfig crossoverProbability(double p) { this.crossoverProbability = p; return this; }
    public SearchConfig crossover(Crossover c) { this.crossover = c; return this; }
    public SearchConfig mutationProbability(double p) { this.mutationProbability = p; return this; }
    public SearchConfig threads(int t) { if (t < 1) throw new IllegalArgumentException("threads must be >= 1"); this.threads = t; return this; }
    /** Write the state to {@code file} every {@code everyGenerations} generations; resume from it if it exists. */
    public SearchConfig checkpoint(Path file, int everyGenerations) { this.checkpoint = file; this.checkpointEvery = everyGenerations; return this; }
    public SearchConfig resume(boolean r) { this.resume = r; return this; }
    /** Bounds for the hypervolume reported in progress events (none: NaN). */
    public SearchConfig progressNormalization(Normalization n) { this.progressNormalization = n; return this; }
    public SearchConfig listener(ProgressListener l) { this.listener = l; return this; }
    /** Stop after this many consecutive generations that produced nothing new to evaluate. */
    public SearchConfig stallLimit(long n) { this.stallLimit = n; return this; }

    /**
     * Size of the elite (the non-dominated set of everything evaluated, cut by crowding distance);
     * 0 turns it off. Parents are drawn uniformly from it with {@link #eliteProbability}.
     */
    public SearchConfig eliteSize(int n) { this.eliteSize = n; return this; }
    public SearchConfig truncation(Truncation t) { this.truncation = t; return this; }
    /** IBEA's fitness scaling factor kappa (default 0.05). */
    public SearchConfig epsilonKappa(double k) { this.epsilonKappa = k; return this; }
    public SearchConfig eliteProbability(double p) { this.eliteProbability = p; return this; }
    /** How many times a child that is already in the archive is mutated again before it is given up. */
    public SearchConfig duplicateRetries(int n) { if (n < 1) throw new IllegalArgumentException("duplicate retries must be >= 1"); this.duplicateRetries = n; return this; }

    /**
     * Surrogate pre-selection: each generation draws {@code factor} times as many children as it
     * evaluates and keeps those an additive model of the objectives (least squares over
     * everything evaluated) ranks best, a share of them being the model's weighted-sum optima
     * ({@link #modelChildren}); 0 or 1 turns it off. The default (-1) is factor 4 for a
     * {@link SeparableProblem}, whose objectives are sums over groups, so the model is exact, and
     * off for other problems. Used where the genes have at most 2048 values in all.
     */
    public SearchConfig preselection(int factor) { if (factor < -1) throw new IllegalArgumentException("preselection factor must be >= 0, or -1 for automatic"); this.preselection = factor; return this; }
    /** With pre-selection, the share of each generation's children that are the model's weighted-sum optima. */
    public SearchConfig modelChildren(double share) { if (!(share >= 0 && share <= 1)) throw new IllegalArgumentException("model children share must be in [0, 1]"); this.modelChildren = share; return this; }

    public long seed() { return seed; }
    public int populationSize() { return populationSize; }
    public long maxEvaluations() { return maxEvaluations; }
    public int threads() { return threads; }
}
