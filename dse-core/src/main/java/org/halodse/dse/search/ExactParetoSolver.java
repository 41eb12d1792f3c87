package org.halodse.dse.search;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.halodse.dse.pareto.Archive;
import org.halodse.dse.pareto.NonDominatedSort;
import org.halodse.dse.space.Candidate;
import org.halodse.dse.space.DesignSpace;
import org.halodse.dse.space.Evaluation;
import org.halodse.dse.space.GeneGroup;

/**
 * Pareto front of a {@link SeparableProblem} by dynamic programming over the groups.
 *
 * <p>A DP state after group g is (the option chosen for g, if there is a transition term; the set of
 * values the capped gene has taken, if there is a cap). Two partial solutions in the same state have
 * the same feasible completions at the same added cost, so a partial sum dominated by another in its
 * state can never complete to a Pareto-optimal point: pruning dominated labels per state is exact
 * ({@code epsilon = 0}).
 *
 * <p>With {@code epsilon > 0} (all costs must be >= 0) each state's labels are further thinned by
 * a logarithmic grid of ratio {@code 1 + delta}, {@code (1 + delta)^G = 1 + epsilon}: one label is kept
 * per grid box. Bound: a label r kept for a label p of the same box has r_i <= (1 + delta) p_i; since
 * the completion adds the same c >= 0 to both, r + c <= (1 + delta)(p + c). Over G thinning steps
 * every Pareto-optimal point y has a returned point x with x_i <= (1 + epsilon) y_i for all i.
 */
public final class ExactParetoSolver {
    private final SeparableProblem problem;
    private final double epsilon;

    /** The front and how it was found. */
    public record Result(SearchResult search, double epsilon, double delta, long labels, int maxLabelsPerLayer) {
    }

    private record State(long mask, int option) {
    }

    private static final class Node {
        final double[] f;
        final Node parent;
        final int option;

        Node(double[] f, Node parent, int option) {
            this.f = f;
            this.parent = parent;
            this.option = option;
        }
    }

    public ExactParetoSolver(SeparableProblem problem, double epsilon) {
        if (!(epsilon >= 0)) throw new IllegalArgumentException("epsilon must be >= 0, got " + epsilon);
        this.problem = problem;
        this.epsilon = epsilon;
    }

    public Result solve() {
        long t0 = System.nanoTime();
        DesignSpace s = problem.space();
        int groups = s.groupCount();
        int m = problem.objectives().size();
        int capGene = problem.cappedGene();
        int cap = problem.distinctCap();
        boolean trans = problem.hasTransition();
        double delta = epsilon == 0 ? 0 : Math.pow(1 + epsilon, 1.0 / groups) - 1;
        if (capGene >= 0) {
            for (GeneGroup gg : s.groups()) {
                if (capGene >= gg.genes().size()) throw new IllegalArgumentException("capped gene " + capGene + " is not in group " + gg.name());
                if (gg.genes().get(capGene).choices() > 62) throw new IllegalArgumentException("capped gene has more than 62 choices");
            }
        }
        int[][][] options = new int[groups][][];
        double[][][] cost = new double[groups][][];
        for (int g = 0; g < groups; g++) {
            GeneGroup gg = s.groups().get(g);
            long n = gg.combinations();
            if (n > 1_000_000) throw new IllegalArgumentException("group " + gg.name() + " has " + n + " settings; the exact solver enumerates them");
            options[g] = new int[(int) n][];
            cost[g] = new double[(int) n][];
            for (int o = 0; o < n; o++) {
                int[] genes = new int[gg.genes().size()];
                long r = o;
                for (int i = genes.length - 1; i >= 0; i--) {
                    int k = gg.genes().get(i).choices();
                    genes[i] = (int) (r % k);
                    r /= k;
                }
                options[g][o] = genes;
                cost[g][o] = problem.groupCost(g, genes);
                if (epsilon > 0) nonNegative(cost[g][o], "group cost");
            }
        }
        Map<State, List<Node>> layer = new LinkedHashMap<>();
        layer.put(new State(0L, -1), List.of(new Node(new double[m], null, -1)));
        long labels = 0;
        int maxLayer = 0;
        for (int g = 0; g < groups; g++) {
            Map<State, List<Node>> next = new LinkedHashMap<>();
            double[][][] tcache = trans && g > 0 ? new double[options[g - 1].length][][] : null;
            for (Map.Entry<State, List<Node>> st : layer.entrySet()) {
                long mask = st.getKey().mask();
                for (Node nd : st.getValue()) {
                    for (int o = 0; o < options[g].length; o++) {
                        long nmask = mask;
                        if (capGene >= 0) {
                            nmask |= 1L << options[g][o][capGene];
                            if (Long.bitCount(nmask) > cap) continue;
                        }
                        double[] f = nd.f.clone();
                        double[] c = cost[g][o];
                        for (int k = 0; k < m; k++) f[k] += c[k];
                        if (tcache != null) {
                            int p = nd.option;
                            if (tcache[p] == null) tcache[p] = new double[options[g].length][];
                            double[] t = tcache[p][o];
                            if (t == null) {
                                t = problem.transitionCost(g, options[g - 1][p], options[g][o]);
                                if (epsilon > 0) nonNegative(t, "transition cost");
                                tcache[p][o] = t;
                            }
                            for (int k = 0; k < m; k++) f[k] += t[k];
                        }
                        // state: (option, if a transition term follows; value set of the capped gene)
                        State nkey = new State(nmask, trans ? o : -1);
                        next.computeIfAbsent(nkey, z -> new ArrayList<>()).add(new Node(f, nd, o));
                        labels++;
                    }
                }
            }
            Map<State, List<Node>> pruned = new LinkedHashMap<>();
            int total = 0;
            for (Map.Entry<State, List<Node>> st : next.entrySet()) {
                List<Node> kept = prune(st.getValue(), delta);
                total += kept.size();
                pruned.put(st.getKey(), kept);
            }
            maxLayer = Math.max(maxLayer, total);
            layer = pruned;
        }
        List<Node> finals = new ArrayList<>();
        for (List<Node> l : layer.values()) finals.addAll(l);
        List<double[]> pts = new ArrayList<>(finals.size());
        for (Node n : finals) pts.add(n.f);
        Archive archive = new Archive();
        for (int i : NonDominatedSort.front(pts)) {
            Node n = finals.get(i);
            int[] genes = new int[s.geneCount()];
            Node cur = n;
            for (int g = groups - 1; g >= 0; g--) {
                int[] og = options[g][cur.option];
                System.arraycopy(og, 0, genes, s.offset(g), og.length);
                cur = cur.parent;
            }
            archive.add(Candidate.ofOwned(genes), new Evaluation(n.f, 0.0, null));
        }
        SearchResult sr = new SearchResult(epsilon == 0 ? "exact" : "exact-eps", archive.front(), archive, labels, groups, (System.nanoTime() - t0) / 1e9);
        return new Result(sr, epsilon, delta, labels, maxLayer);
    }

    private static void nonNegative(double[] c, String what) {
        for (double v : c) if (!(v >= 0)) throw new IllegalArgumentException("epsilon > 0 needs non-negative costs; a " + what + " is " + Arrays.toString(c));
    }

    /** Exact: the non-dominated labels. With delta > 0: first one label per log-grid box, then those. */
    private static List<Node> prune(List<Node> nodes, double delta) {
        List<Node> in = nodes;
        if (delta > 0) {
            double lr = Math.log1p(delta);
            Map<List<Long>, Node> boxes = new LinkedHashMap<>();
            for (Node n : nodes) {
                List<Long> key = new ArrayList<>(n.f.length);
                for (double v : n.f) key.add(v == 0 ? Long.MIN_VALUE : (long) Math.floor(Math.log(v) / lr));
                boxes.putIfAbsent(key, n);
            }
            in = new ArrayList<>(boxes.values());
        }
        List<double[]> pts = new ArrayList<>(in.size());
        for (Node n : in) pts.add(n.f);
        List<Node> out = new ArrayList<>();
        for (int i : NonDominatedSort.front(pts)) out.add(in.get(i));
        return out;
    }
}
