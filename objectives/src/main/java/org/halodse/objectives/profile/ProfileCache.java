package org.halodse.objectives.profile;

import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.function.IntToDoubleFunction;
import java.util.function.Supplier;
import org.halodse.objectives.model.LinearLayer;
import org.halodse.objectives.proxy.ChannelStats;
import org.halodse.objectives.quant.QuantOption;

/**
 * Profiles on disk as JSON, content-addressed: the key is a SHA-256 over the model's identity
 * (name, a caller's identity string such as file size and time or the synthetic seed, and every
 * layer's name, role and shape), the calibration (identity and every layer's E[x^2] values), the
 * delay profile (all 256 delays) and the energy profile when there is one, the option list, the
 * sampling settings and {@link Profiler#VERSION}. Written atomically (temp file in the same folder, then rename), so a killed
 * run leaves no half-written entry.
 */
public final class ProfileCache {
    private ProfileCache() {
    }

    public static final ObjectMapper JSON = JsonMapper.builder()
        .enable(JsonWriteFeature.WRITE_NAN_AS_STRINGS)
        .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
        .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
        .build();

    public static String key(String model, String identity, List<LinearLayer> layers, ChannelStats stats, IntToDoubleFunction delay,
                             double[] energy, List<QuantOption> options, Profiler.Settings settings) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            str(md, "halo-profile/" + ModelProfile.FORMAT + "/" + Profiler.VERSION);
            str(md, model);
            str(md, identity);
            for (LinearLayer l : layers) {
                str(md, l.name() + "|" + l.role() + "|" + l.block() + "|" + l.inFeatures() + "x" + l.outFeatures());
            }
            str(md, stats.identity());
            ByteBuffer b = ByteBuffer.allocate(8);
            for (LinearLayer l : layers) {
                for (double v : stats.meanSquare(l.name(), l.inFeatures())) {
                    md.update(b.clear().putDouble(v).array());
                }
            }
            for (int w = -128; w <= 127; w++) md.update(b.clear().putDouble(delay.applyAsDouble(w)).array());
            if (energy != null) for (double v : energy) md.update(b.clear().putDouble(v).array());
            str(md, JSON.writeValueAsString(options));
            str(md, settings.sampleAbove() + "/" + settings.sampleRows() + "/" + settings.seed() + "/" + settings.refine());
            return HexFormat.of().formatHex(md.digest());
        } catch (NoSuchAlgorithmException | IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void str(MessageDigest md, String s) {
        byte[] b = s.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        md.update(ByteBuffer.allocate(4).putInt(b.length).array());
        md.update(b);
    }

    public static Path file(Path dir, String key) {
        return dir.resolve("profile-" + key.substring(0, 24) + ".json");
    }

    /** The cached profile, if present, readable and of this key. */
    public static Optional<ModelProfile> read(Path dir, String key) {
        Path f = file(dir, key);
        if (!Files.isRegularFile(f)) return Optional.empty();
        try {
            ModelProfile p = JSON.readValue(f.toFile(), ModelProfile.class);
            return p.format() == ModelProfile.FORMAT && key.equals(p.key()) ? Optional.of(p) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    public static ModelProfile getOrCompute(Path dir, String key, Supplier<ModelProfile> compute) {
        Optional<ModelProfile> hit = read(dir, key);
        if (hit.isPresent()) return hit.get();
        ModelProfile p = compute.get();
        writeAtomically(file(dir, key), toJson(p, false));
        return p;
    }

    public static String toJson(Object value, boolean indent) {
        try {
            return indent ? JSON.writer().with(SerializationFeature.INDENT_OUTPUT).writeValueAsString(value) + "\n"
                : JSON.writeValueAsString(value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Writes whole or not at all: a temp file in the same folder, then an atomic rename. */
    public static void writeAtomically(Path target, String text) {
        org.halodse.hw.io.AtomicFiles.writeString(target, text);
    }
}
