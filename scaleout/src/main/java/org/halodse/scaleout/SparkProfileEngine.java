package org.halodse.scaleout;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.halodse.objectives.profile.ModelProfile;
import org.halodse.objectives.profile.Profiler;
import org.halodse.studies.run.ProfileEngine;

/** {@code halo profile --engine spark [--master URL]}: the profile on Spark (found by ServiceLoader). */
public final class SparkProfileEngine implements ProfileEngine {
    @Override
    public String name() {
        return "spark";
    }

    @Override
    public ModelProfile profile(Job job, Profiler.Progress progress) {
        try (SparkEngine e = SparkEngine.open(job.master(), Map.of(), 1)) {
            e.probe(readablePaths(job.modelRef()), List.of());
            return DistributedProfiler.profile(e, job, progress);
        }
    }

    /** A model given by path: the file (or the folder's index) every executor must read. */
    static List<String> readablePaths(String modelRef) {
        Path p = Path.of(modelRef);
        if (!p.isAbsolute()) return List.of(); // a built-in name or a synthetic preset
        if (Files.isDirectory(p)) {
            Path idx = p.resolve("model.safetensors.index.json");
            return List.of((Files.exists(idx) ? idx : p.resolve("model.safetensors")).toString());
        }
        return List.of(p.toString());
    }
}
