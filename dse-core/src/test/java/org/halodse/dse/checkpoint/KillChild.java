package org.halodse.dse.checkpoint;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.halodse.dse.problems.Zdt;
import org.halodse.dse.search.Nsga2;
import org.halodse.dse.search.SearchConfig;
import org.halodse.dse.search.SearchResult;
import org.halodse.dse.space.Candidate;
import org.halodse.dse.space.DesignSpace;
import org.halodse.dse.space.Objective;
import org.halodse.dse.space.Problem;

/** The child JVM of {@link KillResumeTest}: a checkpointed search that writes its front when done. */
public final class KillChild {
    static final long EVALUATIONS = 12_000;

    /** ZDT1 whose evaluations take 250 microseconds of wall time (a busy wait; the values are unchanged), so the run lasts well over a second on any machine and the kills land mid-run. */
    static Problem slowZdt1(boolean slow) {
        Zdt z = new Zdt(1, 30, 201, 11);
        return new Problem() {
            public DesignSpace space() { return z.space(); }
            public List<Objective> objectives() { return z.objectives(); }
            public double[] objectiveValues(Candidate c) {
                if (slow) { long t = System.nanoTime(); while (System.nanoTime() - t < 250_000) Thread.onSpinWait(); }
                return z.objectiveValues(c);
            }
        };
    }

    static SearchConfig config(Path checkpoint) {
        SearchConfig c = new SearchConfig().seed(42).maxEvaluations(EVALUATIONS).threads(2);
        return checkpoint == null ? c : c.checkpoint(checkpoint, 3);
    }

    static String describe(SearchResult r) {
        StringBuilder sb = new StringBuilder();
        sb.append("evaluations ").append(r.evaluations()).append(" generations ").append(r.generations()).append('\n');
        r.front().forEach(e -> sb.append(e.candidate()).append(' ').append(java.util.Arrays.toString(e.evaluation().objectives())).append('\n'));
        return sb.toString();
    }

    public static void main(String[] args) throws Exception {
        Path cp = Path.of(args[0]);
        Path out = Path.of(args[1]);
        SearchResult r = new Nsga2(slowZdt1(true), config(cp)).run();
        Path tmp = out.resolveSibling(out.getFileName() + ".tmp");
        Files.writeString(tmp, describe(r));
        Files.move(tmp, out, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }
}
