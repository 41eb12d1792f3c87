package org.halodse.studies.config;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.halodse.hw.liberty.InputException;

/**
 * Reads a study file (YAML, or JSON by extension). Every rejection is one line:
 * {@code FILE:LINE: key.path: what was found, what was expected}, with a suggestion when an
 * unknown key is a near miss of a known one.
 */
public final class StudyReader {
    private StudyReader() {
    }

    static ObjectMapper mapper(boolean json) {
        ObjectMapper m = json ? new ObjectMapper() : new ObjectMapper(new YAMLFactory());
        m.enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
        m.enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);
        m.enable(DeserializationFeature.FAIL_ON_NUMBERS_FOR_ENUMS);
        m.enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
        m.disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT);
        m.enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
        return m;
    }

    /** Reads and validates a study file; defaults are not yet applied (see {@link StudyDefaults}). */
    public static StudyConfig read(Path file) {
        String text;
        try {
            text = Files.readString(file);
        } catch (NoSuchFileException e) {
            throw new InputException(file + ": no such study file");
        } catch (IOException e) {
            throw new InputException(file + ": cannot read (" + e.getMessage() + ")");
        }
        return read(file.toString(), text, file.toString().endsWith(".json"));
    }

    public static StudyConfig read(String source, String text, boolean json) {
        if (text.isBlank()) throw new InputException(source + ": empty study file, expected keys name, model, chip, mac, ...");
        StudyConfig config;
        Locate locate = path -> KeyLocator.line(text, json, path);
        try {
            config = mapper(json).readValue(text, StudyConfig.class);
        } catch (UnrecognizedPropertyException e) {
            String key = e.getPropertyName();
            List<String> known = names(e.getKnownPropertyIds());
            String near = nearest(key, known);
            throw at(source, locate, e, path(e) + ": unknown key" + (near != null ? "; did you mean '" + near + "'?" : "")
                + " (expected one of: " + String.join(", ", known) + ")");
        } catch (InvalidFormatException e) {
            throw at(source, locate, e, path(e) + ": " + expected(e.getTargetType()) + ", found '" + e.getValue() + "'");
        } catch (MismatchedInputException e) {
            String msg = e.getOriginalMessage();
            if (msg.startsWith("Missing required creator property")) {
                String prop = msg.replaceAll(".*'([^']*)'.*", "$1");
                String p = path(e);
                String key = p.equals("(top level)") ? prop : p.endsWith(prop) ? p : p + "." + prop;
                throw at(source, locate, e, key + ": missing, a value is required");
            }
            throw at(source, locate, e, path(e) + ": " + expected(e.getTargetType()) + " (" + firstLine(msg) + ")");
        } catch (JsonMappingException e) {
            throw at(source, locate, e, path(e) + ": " + firstLine(e.getOriginalMessage()));
        } catch (JsonProcessingException e) {
            throw at(source, e, "not valid " + (json ? "JSON" : "YAML") + ": " + firstLine(e.getOriginalMessage()));
        }
        if (config == null) throw new InputException(source + ": empty study file, expected keys name, model, chip, mac, ...");
        StudyValidator.validate(source, config, locate);
        return config;
    }

    /** Line of a key path in the study's text, 0 when unknown. */
    @FunctionalInterface
    interface Locate {
        int line(String keyPath);
    }

    /** Message at the line of the key path (Jackson's own location for record errors is the object's end). */
    private static InputException at(String source, Locate locate, JsonMappingException e, String msg) {
        int line = locate.line(path(e));
        if (line == 0 && e.getLocation() != null) line = e.getLocation().getLineNr();
        return InputException.at(source, line, msg);
    }

    private static InputException at(String source, JsonProcessingException e, String msg) {
        int line = e.getLocation() == null ? 0 : e.getLocation().getLineNr();
        return InputException.at(source, line, msg);
    }

    private static String firstLine(String s) {
        if (s == null) return "";
        int i = s.indexOf('\n');
        return i < 0 ? s : s.substring(0, i);
    }

    /** Key path such as space.bits[2], from Jackson's reference chain. */
    static String path(JsonMappingException e) {
        StringBuilder sb = new StringBuilder();
        for (JsonMappingException.Reference r : e.getPath()) {
            if (r.getFieldName() != null) {
                if (sb.length() > 0) sb.append('.');
                sb.append(r.getFieldName());
            } else if (r.getIndex() >= 0) {
                sb.append('[').append(r.getIndex()).append(']');
            }
        }
        return sb.length() == 0 ? "(top level)" : sb.toString();
    }

    static String expected(Class<?> type) {
        if (type == null) return "unexpected value";
        if (type.isEnum()) {
            List<String> vals = new ArrayList<>();
            for (Object c : type.getEnumConstants()) {
                try {
                    JsonPropertyName n = new JsonPropertyName(type.getField(((Enum<?>) c).name()).getAnnotation(com.fasterxml.jackson.annotation.JsonProperty.class));
                    vals.add(n.value != null ? n.value : ((Enum<?>) c).name());
                } catch (NoSuchFieldException ex) {
                    vals.add(((Enum<?>) c).name());
                }
            }
            return "expected one of " + String.join(", ", vals);
        }
        if (type == Integer.class || type == int.class || type == Long.class || type == long.class) return "expected an integer";
        if (type == Double.class || type == double.class) return "expected a number";
        if (type == String.class) return "expected a string";
        if (List.class.isAssignableFrom(type)) return "expected a list";
        if (type.isRecord()) return "expected a mapping of keys (" + type.getSimpleName() + ")";
        return "expected " + type.getSimpleName();
    }

    private record JsonPropertyName(String value) {
        JsonPropertyName(com.fasterxml.jackson.annotation.JsonProperty p) {
            this(p == null ? null : p.value());
        }
    }

    private static List<String> names(Collection<Object> ids) {
        List<String> l = new ArrayList<>();
        if (ids != null) for (Object o : ids) l.add(String.valueOf(o));
        l.sort(null);
        return l;
    }

    /** The known key within edit distance 2 (or a case-insensitive match), or null. */
    static String nearest(String key, List<String> known) {
        String best = null;
        int bestD = Integer.MAX_VALUE;
        for (String k : known) {
            int d = k.equalsIgnoreCase(key) ? 0 : levenshtein(key.toLowerCase(), k.toLowerCase());
            if (d < bestD) { bestD = d; best = k; }
        }
        return bestD <= Math.max(2, key.length() / 4) ? best : null;
    }

    static int levenshtein(String a, String b) {
        int[] prev = new int[b.length() + 1], cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) prev[j] = j;
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int sub = prev[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                cur[j] = Math.min(sub, Math.min(prev[j] + 1, cur[j - 1] + 1));
            }
            int[] t = prev; prev = cur; cur = t;
        }
        return prev[b.length()];
    }
}
