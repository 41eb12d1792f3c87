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
import com.fasterxml.jackson.databind.ObjectMapper;
import org.halodse.objectives.profile.ModelProfile;
import org.halodse.objectives.profile.Profiler;
import org.halodse.studies.cli.ProgressDisplay;
import org.halodse.studies.config.StudyConfig;
import org.halodse.studies.run.ProfileEngine;
import org.halodse.studies.run.StudyRunner;

/**
 * Runs a sweep: the profiles the cells need (spread by layer), then the cells not yet complete as
 * Spark tasks (one task per cell), then the sweep report over all cells. A restarted sweep skips the complete cells (their marker carries the
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
                profiles(plan, todo, engine, master, log);
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

    /**
     * The cells' profiles first, on the driver, each spread over the executors by layer (one
     * Spark job per distinct profile) into the shared cache: a model's profile is the heavy part
     * and is the same for every cell with that model and MAC, so the cells then only read it.
     * Characterization and calibration run here too and are cached for the cells the same way.
     */
    private static void profiles(SweepPlan plan, List<SweepCell> todo, SparkEngine engine, String master, PrintWriter log) {
        ProfileEngine onCluster = new ProfileEngine() {
            @Override
            public String name() {
                return "spark";
            }

            @Override
            public ModelProfile profile(Job job, Profiler.Progress progress) {
                return DistributedProfiler.profile(engine, job, progress);
            }
        };
        for (SweepCell c : todo) {
            StudyConfig study;
            try {
                study = new ObjectMapper().readValue(c.studyJson(), StudyConfig.class);
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
            try {
                new StudyRunner(study, plan.outDir().resolve(c.name()), plan.outDir().resolve("cache"), log).withProfileEngine(onCluster, master).profile();
            } catch (RuntimeException e) {
                throw SparkEngine.unwrap(e);
            }
        }
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
