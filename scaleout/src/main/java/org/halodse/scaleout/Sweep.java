package org.halodse.scaleout;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.halodse.hw.liberty.InputException;
import org.halodse.studies.cli.ProgressDisplay;

/**
 * Runs a sweep: the cells not yet complete as Spark tasks (one task per cell), then the sweep
 * report over all cells. A restarted sweep skips the complete cells (their marker carries the
 * hash of the same resolved study).
 */
public final class Sweep {
    private Sweep() {
    }

    /** What a sweep did: the cells it ran in this invocation and the ones already complete. */
    public record Result(List<String> ran, List<String> skipped, Path csv, Path html) {
    }

    public static Result run(SweepPlan plan, String master, Map<String, String> conf, PrintWriter log) {
        // a bad or unreachable master is found before anything is written or announced
        if (master != null) SparkEngine.checkMaster(master.strip());
        List<SweepCell> todo = new ArrayList<>();
        List<String> skipped = new ArrayList<>();
        for (SweepCell c : plan.cells()) {
            if (CellTask.complete(plan.outDir().resolve(c.name()), c.studyHash())) skipped.add(c.name());
            else todo.add(c);
        }
        try {
            Files.createDirectories(plan.outDir());
        } catch (IOException e) {
            throw new InputException(plan.outDir() + ": cannot create the sweep folder (" + e.getMessage() + ")");
        }
        removePartials(plan.outDir());
        log.printf("sweep %s: %d cells, %d complete (skipped), %d to run on %s%n", plan.name(), plan.cells().size(), skipped.size(), todo.size(),
            master == null ? SparkEngine.localMaster() : master);
        log.flush();
        List<String> ran = new ArrayList<>();
        if (!todo.isEmpty()) {
            try (SparkEngine engine = SparkEngine.open(master, conf, 1)) {
                engine.probe(plan.modelFiles(), List.of(plan.outDir().toString()));
                List<String> results;
                try (ProgressDisplay bar = ProgressDisplay.start("sweep", todo.size(), log);
                     TaskProgress tp = TaskProgress.attach(engine.context(), todo.size(), i -> todo.get(i).name(), (d, t, name) -> bar.update(d, name))) {
                    results = engine.context().parallelize(todo, todo.size()).map(new CellTask(plan.outDir())).collect();
                } catch (RuntimeException e) {
                    throw SparkEngine.unwrap(e);
                }
                for (String r : results) if (r.startsWith("ran ")) ran.add(r.substring(4));
            }
        }
        for (SweepCell c : plan.cells()) {
            if (!CellTask.complete(plan.outDir().resolve(c.name()), c.studyHash())) throw new IllegalStateException("cell " + c.name() + " did not complete");
        }
        Path[] files = SweepReport.write(plan);
        return new Result(List.copyOf(ran), List.copyOf(skipped), files[0], files[1]);
    }

    /** Partial cell folders of killed tasks: never read, removed before new attempts start. */
    private static void removePartials(Path out) {
        try (Stream<Path> s = Files.list(out)) {
            for (Path p : s.filter(p -> p.getFileName().toString().startsWith(".partial-")).toList()) CellTask.deleteTree(p);
        } catch (IOException e) {
            throw new InputException(out + ": cannot clean partial cells (" + e.getMessage() + ")");
        }
    }
}
