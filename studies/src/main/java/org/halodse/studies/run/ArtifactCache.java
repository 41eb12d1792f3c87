package org.halodse.studies.run;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.function.Supplier;
import org.halodse.hw.liberty.InputException;

/**
 * Content-addressed cache of stage artifacts (characterize, profile): an artifact is stored under
 * {@code <stage>-<sha256 of its inputs>.json} and reused when the same inputs come again. Files
 * are written whole or not at all (temp file, then rename), so a killed run never leaves a torn
 * artifact that a later run would trust.
 */
public final class ArtifactCache {
    private final Path dir;
    private final ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    public ArtifactCache(Path dir) {
        this.dir = dir;
    }

    public Path dir() { return dir; }

    /** SHA-256 (hex) of the given parts, each length-prefixed so ("ab","c") and ("a","bc") differ. */
    public static String key(String... parts) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            for (String p : parts) {
                byte[] b = p.getBytes(StandardCharsets.UTF_8);
                md.update(Integer.toString(b.length).getBytes(StandardCharsets.UTF_8));
                md.update((byte) ':');
                md.update(b);
            }
            return HexFormat.of().formatHex(md.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** SHA-256 (hex) of a file's bytes. */
    public static String fileKey(Path file) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            try (var in = Files.newInputStream(file)) {
                byte[] buf = new byte[1 << 16];
                int n;
                while ((n = in.read(buf)) > 0) md.update(buf, 0, n);
            }
            return HexFormat.of().formatHex(md.digest());
        } catch (IOException e) {
            throw new InputException(file + ": cannot read (" + e.getMessage() + ")");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    public Path path(String stage, String key) {
        return dir.resolve(stage + "-" + key.substring(0, 16) + ".json");
    }

    /** The cached artifact for (stage, key), or the computed one, stored for next time. */
    public <T> T computeIfAbsent(String stage, String key, Class<T> type, Supplier<T> compute) {
        Path p = path(stage, key);
        if (Files.isRegularFile(p)) {
            try {
                return mapper.readValue(p.toFile(), type);
            } catch (IOException e) {
                // An unreadable artifact (older format) is recomputed, never trusted.
            }
        }
        T value = compute.get();
        try {
            writeAtomically(p, mapper.writeValueAsString(value));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        return value;
    }

    /** Writes {@code text} to {@code target} via a temp file in the same folder and a rename. */
    public static void writeAtomically(Path target, String text) {
        try {
            org.halodse.hw.io.AtomicFiles.writeString(target, text);
        } catch (java.io.UncheckedIOException e) {
            throw new InputException(target + ": cannot write (" + e.getCause().getMessage() + ")");
        }
    }
}
