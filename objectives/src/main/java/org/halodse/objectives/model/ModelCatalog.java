package org.halodse.objectives.model;

import org.halodse.hw.liberty.InputException;
import org.halodse.objectives.encoder.WordPieceTokenizer;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Resolves a model name as the command line and studies give it:
 * <ul>
 *   <li>{@code minilm-l6}: all-MiniLM-L6-v2 (real, fp32 ONNX from the langchain4j jar; Apache-2.0);</li>
 *   <li>{@code bge-small}: bge-small-en-v1.5 (real, fp32 ONNX from the langchain4j jar; MIT);</li>
 *   <li>{@code llama2-7b}, {@code llama2-13b}, {@code llama3-8b}, {@code opt-6.7b}: synthetic presets
 *       with the real linear-layer shapes ({@link SyntheticModel});</li>
 *   <li>a path: a {@code .onnx} file, a {@code .safetensors} file, or a folder holding
 *       {@code model.safetensors.index.json} or a single {@code model.safetensors}.</li>
 * </ul>
 * Built-in real models are read once per process and kept while memory allows (soft references).
 */
public final class ModelCatalog {
    /** A built-in real model: its ONNX and tokenizer resources. */
    public record Builtin(String name, String onnxResource, String tokenizerResource, String license) {}

    public static final List<Builtin> BUILTINS = List.of(
            new Builtin("minilm-l6", "all-minilm-l6-v2.onnx", "all-minilm-l6-v2-tokenizer.json", "Apache-2.0"),
            new Builtin("bge-small", "bge-small-en-v1.5.onnx", "bge-small-en-v1.5-tokenizer.json", "MIT"));

    public static final List<String> NAMES = List.of("minilm-l6", "bge-small", "llama2-7b", "llama2-13b", "llama3-8b", "opt-6.7b");

    /** Built-in models read in this process, kept while memory allows. */
    private static final Map<String, java.lang.ref.SoftReference<OnnxModel>> CACHE = new ConcurrentHashMap<>();

    private ModelCatalog() {}

    public static ModelSource resolve(String spec) {
        if (spec == null || spec.isBlank()) throw new InputException("--model: empty; expected one of " + String.join("|", NAMES) + " or a path");
        String key = spec.strip().toLowerCase(Locale.ROOT);
        for (Builtin b : BUILTINS) {
            if (b.name().equals(key)) {
                synchronized (CACHE) {
                    java.lang.ref.SoftReference<OnnxModel> ref = CACHE.get(key);
                    OnnxModel m = ref == null ? null : ref.get();
                    if (m == null) {
                        m = OnnxModel.fromResource(b.name(), b.onnxResource());
                        CACHE.put(key, new java.lang.ref.SoftReference<>(m));
                    }
                    return m;
                }
            }
        }
        SyntheticModel.Preset p = SyntheticModel.Preset.byName(key);
        if (p != null) return SyntheticModel.of(p);
        Path path = Path.of(spec.strip());
        if (!Files.exists(path)) {
            throw new InputException("--model " + spec + ": no such built-in model or file; expected one of " + String.join("|", NAMES) + " or a path to .onnx, .safetensors or a folder");
        }
        String f = path.getFileName().toString().toLowerCase(Locale.ROOT);
        if (Files.isDirectory(path) || f.endsWith(".safetensors") || f.endsWith(".index.json")) return SafetensorsModel.open(path);
        if (f.endsWith(".onnx")) return OnnxModel.open(path);
        throw new InputException(path + ": unknown model format; expected a .onnx file, a .safetensors file or a folder with model.safetensors.index.json");
    }

    /** The tokenizer of a built-in real model, or of a tokenizer.json beside a model path. */
    public static WordPieceTokenizer tokenizer(String spec) {
        String key = spec.strip().toLowerCase(Locale.ROOT);
        for (Builtin b : BUILTINS) if (b.name().equals(key)) return WordPieceTokenizer.fromResource(b.tokenizerResource());
        Path path = Path.of(spec.strip());
        Path dir = Files.isDirectory(path) ? path : path.toAbsolutePath().getParent();
        Path tj = dir.resolve("tokenizer.json");
        if (Files.isRegularFile(tj)) return WordPieceTokenizer.fromFile(tj);
        throw new InputException(spec + ": no tokenizer; expected a built-in encoder (minilm-l6, bge-small) or tokenizer.json beside the model");
    }
}
