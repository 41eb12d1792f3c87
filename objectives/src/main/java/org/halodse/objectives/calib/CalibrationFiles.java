package org.halodse.objectives.calib;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.halodse.hw.liberty.InputException;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Calibration files (JSON) and the on-disk cache.
 * <pre>
 * {"format": "halo-calibration/1", "model": "minilm-l6", "kind": "FORWARD_PASS", "source": "...",
 *  "sentences": 256, "tokens": 9000,
 *  "layers": {"encoder.layer.0.attention.self.query": {"meanSquare": [0.41, ...]}, ...}}
 * </pre>
 * A file given by a user may hold only {@code layers} (kind FILE then). Writes are atomic (temp file,
 * then rename), so a killed run never leaves half a file in the cache.
 */
public final class CalibrationFiles {
    public static final String FORMAT = "halo-calibration/1";
    private static final ObjectMapper JSON = new ObjectMapper();

    private CalibrationFiles() {}

    public static void write(Calibration c, Path file) {
        ObjectNode root = JSON.createObjectNode();
        root.put("format", FORMAT);
        root.put("model", c.model());
        root.put("kind", c.kind().name());
        root.put("source", c.source());
        root.put("sentences", c.sentences());
        root.put("tokens", c.tokens());
        ObjectNode layers = root.putObject("layers");
        for (String name : c.layerNames()) {
            ArrayNode a = layers.putObject(name).putArray("meanSquare");
            for (double v : c.meanSquare(name)) a.add(v);
        }
        try {
            org.halodse.hw.io.AtomicFiles.write(file, JSON.writeValueAsBytes(root));
        } catch (IOException | java.io.UncheckedIOException e) {
            throw new InputException(file + ": cannot write calibration (" + e.getMessage() + ")");
        }
    }

    public static Calibration read(Path file) {
        JsonNode root;
        try {
            root = JSON.readTree(file.toFile());
        } catch (IOException e) {
            throw new InputException(file + ": not a readable JSON calibration file (" + e.getMessage().lines().findFirst().orElse("") + ")");
        }
        JsonNode layers = root.path("layers");
        if (!layers.isObject() || layers.isEmpty()) throw new InputException(file + ": no \"layers\" object; expected {\"layers\": {\"<layer>\": {\"meanSquare\": [...]}}}");
        Map<String, double[]> ms = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> e : layers.properties()) {
            JsonNode a = e.getValue().path("meanSquare");
            if (!a.isArray() || a.isEmpty()) throw new InputException(file + ": layers." + e.getKey() + ".meanSquare: expected a non-empty array of numbers");
            double[] v = new double[a.size()];
            for (int i = 0; i < v.length; i++) {
                JsonNode x = a.get(i);
                if (!x.isNumber() || !(x.asDouble() >= 0) || Double.isInfinite(x.asDouble())) {
                    throw new InputException(file + ": layers." + e.getKey() + ".meanSquare[" + i + "]: " + x + "; expected a finite number >= 0");
                }
                v[i] = x.asDouble();
            }
            ms.put(e.getKey(), v);
        }
        Calibration.Kind kind = Calibration.Kind.FILE;
        if (root.has("kind")) {
            try {
                kind = Calibration.Kind.valueOf(root.get("kind").asText());
            } catch (IllegalArgumentException ex) {
                throw new InputException(file + ": kind '" + root.get("kind").asText() + "'; expected FORWARD_PASS, FILE, UNIFORM or SYNTHETIC");
            }
        }
        String source = root.has("source") ? root.get("source").asText() : file.toString();
        return new Calibration(root.path("model").asText(""), kind, source, root.path("sentences").asInt(0), root.path("tokens").asLong(0), ms);
    }

    /** Returns the cached calibration for {@code key} in {@code dir}, computing and storing it if absent or unreadable. */
    public static Calibration cached(Path dir, String key, Supplier<Calibration> compute) {
        Path file = dir.resolve("calibration-" + sha256(key).substring(0, 16) + ".json");
        if (Files.isRegularFile(file)) {
            try {
                return read(file);
            } catch (InputException e) {
                // a damaged cache entry is recomputed
            }
        }
        Calibration c = compute.get();
        write(c, file);
        return c;
    }

    public static String sha256(String s) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
