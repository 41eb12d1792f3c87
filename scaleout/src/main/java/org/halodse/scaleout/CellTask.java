package org.halodse.scaleout;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.UUID;
import java.util.stream.Stream;
import org.apache.spark.api.java.function.Function;
import org.halodse.studies.cli.ProgressDisplay;
import org.halodse.studies.config.StudyConfig;
import org.halodse.studies.run.ArtifactCache;
import org.halodse.studies.run.StudyRunner;

/**
 * One sweep cell, run on an executor: the existing {@link StudyRunner} into a fresh folder beside
 * the cell's ({@code .partial-CELL-UUID}), then the completion marker, then one atomic rename to
 * the cell's folder. A cell folder therefore exists only complete: a killed task leaves a partial
 * folder that no one reads (and the next run removes). The cells share one artifact cache
 * ({@code OUT/cache}), so cells with the same MAC or model characterize or profile it once.
 * Returns "ran CELL" or "complete CELL" (already done by an earlier attempt).
 */
final class CellTask implements Function<SweepCell, String> {
    private static final long serialVersionUID = 1L;
    static final String MARKER = "cell.json";

    private final String outDir;

    CellTask(Path outDir) {
        this.outDir = outDir.toString();
    }

    @Override
    public String call(SweepCell cell) throws IOException {
        Path out = Path.of(outDir);
        Path dir = out.resolve(cell.name());
        if (complete(dir, cell.studyHash())) return "complete " + cell.name();
        StudyConfig study = new ObjectMapper().readValue(cell.studyJson(), StudyConfig.class);
        Path tmp = out.resolve(".partial-" + cell.name() + "-" + UUID.randomUUID());
        Files.createDirectories(tmp);
        try (PrintWriter log = new PrintWriter(Files.newBufferedWriter(tmp.resolve("run.log")), true)) {
            ArtifactCache.writeAtomically(tmp.resolve("study.yaml"), yaml(study));
            ProgressDisplay.plainLines(() -> new StudyRunner(study, tmp, out.resolve("cache"), log).run(false));
        }
        ArtifactCache.writeAtomically(tmp.resolve(MARKER), marker(cell));
        if (Files.exists(dir)) {
            if (complete(dir, cell.studyHash())) { // another attempt of this cell finished first: same results
                deleteTree(tmp);
                return "complete " + cell.name();
            }
            deleteTree(dir); // left by an older sweep whose study differed, or a stale marker-less folder
        }
        try {
            Files.move(tmp, dir, StandardCopyOption.ATOMIC_MOVE);
        } catch (FileAlreadyExistsException | DirectoryNotEmptyException | AtomicMoveNotSupportedException e) {
            if (!complete(dir, cell.studyHash())) throw e;
            deleteTree(tmp);
            return "complete " + cell.name();
        }
        return "ran " + cell.name();
    }

    /** Complete: the folder holds a marker whose study hash is this cell's. */
    static boolean complete(Path dir, String hash) {
        Path m = dir.resolve(MARKER);
        if (!Files.isRegularFile(m)) return false;
        try {
            return hash.equals(new ObjectMapper().readTree(m.toFile()).path("studyHash").asText());
        } catch (IOException e) {
            return false;
        }
    }

    static String marker(SweepCell c) {
        var n = new ObjectMapper().createObjectNode();
        n.put("cell", c.name());
        if (c.chip() != null) n.put("chip", c.chip());
        if (c.mac() != null) n.put("mac", c.mac());
        if (c.model() != null) n.put("model", c.model());
        n.put("studyHash", c.studyHash());
        n.put("complete", true);
        return n.toPrettyString() + "\n";
    }

    static String yaml(StudyConfig c) {
        try {
            return new ObjectMapper(new YAMLFactory().disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)).writeValueAsString(c);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void deleteTree(Path p) throws IOException {
        if (!Files.exists(p)) return;
        try (Stream<Path> s = Files.walk(p)) {
            for (Path q : s.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(q);
        }
    }
}
