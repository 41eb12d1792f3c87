package org.halodse.hw.chip;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.halodse.hw.liberty.InputException;

/**
 * The built-in chips (resource files {@code org/halodse/hw/chip/presets/NAME.yaml}, each citing
 * the source of every figure in its {@code sources} map and comments), and resolution of a chip
 * argument: a preset name or a path to a YAML/JSON file.
 */
public final class ChipPresets {
    /** Preset names, in listing order. */
    public static final List<String> NAMES = List.of("tpu-v1", "tpu-v4", "rtx-2080-ti", "edge-npu");

    private ChipPresets() {
    }

    /** The preset's file text (with its comments). */
    public static String text(String name) {
        if (!NAMES.contains(name)) throw unknown(name, "chip");
        try (InputStream in = ChipPresets.class.getResourceAsStream("presets/" + name + ".yaml")) {
            if (in == null) throw new IllegalStateException("missing preset resource " + name);
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A preset by name. */
    public static ChipSpec preset(String name) {
        return ChipSpecReader.read(text(name), "chips/" + name + ".yaml");
    }

    /** All presets, in listing order. */
    public static List<ChipSpec> all() {
        return NAMES.stream().map(ChipPresets::preset).toList();
    }

    /**
     * A preset name or a file path (anything with a path separator or a .yaml/.yml/.json suffix,
     * or an existing file). {@code what} names the argument in messages (e.g. "chip").
     */
    public static ChipSpec resolve(String nameOrPath, String what) {
        if (NAMES.contains(nameOrPath)) return preset(nameOrPath);
        boolean looksLikePath = nameOrPath.contains("/") || nameOrPath.contains("\\")
            || nameOrPath.endsWith(".yaml") || nameOrPath.endsWith(".yml") || nameOrPath.endsWith(".json");
        Path p = Path.of(nameOrPath);
        if (Files.isRegularFile(p)) {
            try {
                return ChipSpecReader.read(Files.readString(p), nameOrPath);
            } catch (IOException e) {
                throw new InputException(nameOrPath + ": cannot read: " + e.getMessage());
            }
        }
        if (looksLikePath) throw new InputException(nameOrPath + ": no such file (expected a chip file, or a preset: " + String.join(", ", NAMES) + ")");
        throw unknown(nameOrPath, what);
    }

    private static InputException unknown(String name, String what) {
        return new InputException(what + " " + name + ": unknown preset: expected one of " + String.join(", ", NAMES) + " or a chip file path");
    }
}
