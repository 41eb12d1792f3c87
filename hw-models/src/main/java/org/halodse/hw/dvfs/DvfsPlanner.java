package org.halodse.hw.dvfs;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.optaplanner.core.api.score.stream.ConstraintStreamImplType;
import org.optaplanner.core.api.solver.Solver;
import org.optaplanner.core.api.solver.SolverFactory;
import org.optaplanner.core.config.heuristic.selector.move.composite.UnionMoveSelectorConfig;
import org.optaplanner.core.config.heuristic.selector.move.generic.ChangeMoveSelectorConfig;
import org.optaplanner.core.config.heuristic.selector.move.generic.PillarChangeMoveSelectorConfig;
import org.optaplanner.core.config.heuristic.selector.move.generic.SubPillarType;
import org.optaplanner.core.config.localsearch.LocalSearchPhaseConfig;
import org.optaplanner.core.config.localsearch.decider.acceptor.LocalSearchAcceptorConfig;
import org.optaplanner.core.config.localsearch.decider.forager.LocalSearchForagerConfig;
import org.optaplanner.core.config.solver.EnvironmentMode;
import org.optaplanner.core.config.solver.SolverConfig;
import org.optaplanner.core.config.solver.termination.TerminationConfig;

/**
 * The DVFS planner: OptaPlanner local search (Bavet constraint streams, {@link DvfsConstraints})
 * started from the DP's plan ({@link ExactPlanner#dp}), with change moves and sequential
 * sub-pillar change moves (re-level a run of consecutive groups at once, which keeps the switch
 * count), under late acceptance. Termination: unimproved step count or a score-calculation
 * budget, whichever first (the budget also ends a step in which no move is accepted). Termination is by step and score-calculation counts, never wall time, and the random seed is fixed:
 * the same problem gives the same plan. The result is the better of the DP's and the solver's.
 */
public final class DvfsPlanner {
    /** Local-search steps without improvement before stopping. */
    public static final int DEFAULT_UNIMPROVED_STEPS = 2000;
    /**
     * Hard bound on score calculations (checked inside a step too, so a step in which no move is
     * accepted still ends); deterministic, unlike a time limit.
     */
    public static final long SCORE_CALCULATION_LIMIT = 20_000;
    private static final Map<Integer, SolverFactory<DvfsSolution>> FACTORIES = new ConcurrentHashMap<>();

    private DvfsPlanner() {
    }

    /** DP runs the exact EDP hull search may spend before local search takes over. */
    public static final int HULL_DP_RUNS = 400;

    /**
     * The plan: exact where a DP proves it (the weighted objective: {@link ExactPlanner#weighted};
     * EDP: {@link ExactPlanner#edpHull}, whose optimum is a vertex of the (T, E) hull), without
     * starting OptaPlanner, whose cold start costs seconds in a fresh JVM; otherwise OptaPlanner's
     * local search from the best DP plan.
     */
    public static DvfsPlan plan(DvfsProblem p) {
        if (p.objective == DvfsProblem.Objective.WEIGHTED) {
            DvfsPlan d = ExactPlanner.weighted(p);
            if (d.feasible()) return rename(d, "dp (exact)");
        } else {
            ExactPlanner.HullResult h = ExactPlanner.edpHull(p, HULL_DP_RUNS);
            if (h.exact()) return rename(h.plan(), "dp-hull (exact, " + h.dpRuns() + " DP runs)");
        }
        return plan(p, DEFAULT_UNIMPROVED_STEPS, 0);
    }

    private static DvfsPlan rename(DvfsPlan d, String method) {
        return new DvfsPlan(d.levels(), d.timePs(), d.energyFj(), d.switches(), d.distinctLevels(), d.objective(), d.feasible(), method);
    }

    public static DvfsPlan plan(DvfsProblem p, int unimprovedSteps, long seed) {
        return plan(p, unimprovedSteps, seed, true);
    }

    /**
     * OptaPlanner's local search, always (the solver factory is built once per configuration).
     * With {@code -Dhalo.dvfs.timing=true}, prints the DP, solver-build and solve times to stderr.
     *
     * @param dpStart start from the DP's plan; else from the best single level safe for every
     *                group (so that the local search alone is tested)
     */
    public static DvfsPlan plan(DvfsProblem p, int unimprovedSteps, long seed, boolean dpStart) {
        long tA = System.nanoTime();
        DvfsPlan start = dpStart ? ExactPlanner.dp(p) : ExactPlanner.bestSingleLevel(p);
        if (dpStart && p.objective == DvfsProblem.Objective.EDP) {
            DvfsPlan h = ExactPlanner.edpHull(p, HULL_DP_RUNS).plan();
            if (h.betterThan(start)) start = h;
        }
        long tB = System.nanoTime();
        if (p.n == 0) return start;
        List<GroupSlot> slots = new ArrayList<>();
        int initial = p.initialLevel >= 0 ? p.initialLevel : 0;
        slots.add(new GroupSlot(-1, true, true, p, initial));
        for (int g = 0; g < p.n; g++) slots.add(new GroupSlot(g, false, p.pinned[g] >= 0, p, start.levels()[g]));
        List<Integer> levels = new ArrayList<>();
        for (int l = 0; l < p.levels; l++) levels.add(l);
        DvfsSolution sol = new DvfsSolution(slots, levels, new DvfsSolution.DvfsLimits(p.maxLevels, p.maxSwitches, p));
        Solver<DvfsSolution> solver = factory(unimprovedSteps, seed).buildSolver();
        long tC = System.nanoTime();
        DvfsSolution best = solver.solve(sol);
        long tD = System.nanoTime();
        if (Boolean.getBoolean("halo.dvfs.timing")) System.err.printf("dp %.0f ms, solver build %.0f ms, solve %.0f ms%n", (tB - tA) / 1e6, (tC - tB) / 1e6, (tD - tC) / 1e6);
        int[] a = new int[p.n];
        for (GroupSlot s : best.slots) if (!s.sentinel) a[s.index] = s.level;
        DvfsPlan ls = p.evaluate(a, "optaplanner");
        return ls.betterThan(start) ? ls : new DvfsPlan(start.levels(), start.timePs(), start.energyFj(), start.switches(),
            start.distinctLevels(), start.objective(), start.feasible(), "optaplanner (dp start kept)");
    }

    private static SolverFactory<DvfsSolution> factory(int unimprovedSteps, long seed) {
        int key = (int) (unimprovedSteps * 31L + seed);
        return FACTORIES.computeIfAbsent(key, k -> SolverFactory.create(config(unimprovedSteps, seed)));
    }

    static SolverConfig config(int unimprovedSteps, long seed) {
        PillarChangeMoveSelectorConfig pillar = new PillarChangeMoveSelectorConfig()
            .withSubPillarType(SubPillarType.SEQUENCE)
            .withSubPillarSequenceComparatorClass(SlotOrder.class);
        LocalSearchPhaseConfig ls = new LocalSearchPhaseConfig()
            .withAcceptorConfig(new LocalSearchAcceptorConfig().withLateAcceptanceSize(50))
            .withForagerConfig(new LocalSearchForagerConfig().withAcceptedCountLimit(1))
            .withMoveSelectorConfig(new UnionMoveSelectorConfig(List.of(new ChangeMoveSelectorConfig(), pillar)))
            .withTerminationConfig(new TerminationConfig().withUnimprovedStepCountLimit(unimprovedSteps)
                .withScoreCalculationCountLimit(SCORE_CALCULATION_LIMIT));
        return new SolverConfig()
            .withSolutionClass(DvfsSolution.class)
            .withEntityClasses(GroupSlot.class)
            .withConstraintProviderClass(DvfsConstraints.class)
            .withConstraintStreamImplType(ConstraintStreamImplType.BAVET)
            .withEnvironmentMode(EnvironmentMode.REPRODUCIBLE)
            .withRandomSeed(seed)
            .withPhases(ls);
    }

    /** Execution order, for sequential sub-pillars. */
    public static final class SlotOrder implements java.util.Comparator<GroupSlot> {
        @Override
        public int compare(GroupSlot a, GroupSlot b) {
            return Integer.compare(a.index, b.index);
        }
    }
}
