package org.halodse.objectives.encoder;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import org.halodse.objectives.calib.EuroparlText;
import org.halodse.objectives.model.ModelCatalog;
import org.halodse.objectives.model.OnnxModel;
import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** bge-small-en-v1.5 (12 layers): the same Java forward pass against ONNX Runtime. */
class BgeSmallOnnxTest {
    @Test
    void matchesOnnxRuntime() throws Exception {
        OnnxModel model = (OnnxModel) ModelCatalog.resolve("bge-small");
        assertEquals(72, model.layers().size());
        BertEncoder enc = BertEncoder.load(model);
        assertEquals(12, enc.config().layers());
        WordPieceTokenizer tok = ModelCatalog.tokenizer("bge-small");
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        byte[] bytes;
        try (InputStream in = getClass().getClassLoader().getResourceAsStream("bge-small-en-v1.5.onnx")) {
            bytes = in.readAllBytes();
        }
        double worst = 0;
        try (OrtSession session = env.createSession(bytes, new OrtSession.SessionOptions())) {
            for (String s : EuroparlText.englishSentences(3)) {
                int[] ids = tok.encode(s);
                long[][] lid = {java.util.Arrays.stream(ids).asLongStream().toArray()};
                long[][] mask = {new long[ids.length]};
                java.util.Arrays.fill(mask[0], 1);
                Map<String, OnnxTensor> in = new HashMap<>();
                in.put("input_ids", OnnxTensor.createTensor(env, lid));
                in.put("attention_mask", OnnxTensor.createTensor(env, mask));
                if (session.getInputNames().contains("token_type_ids")) in.put("token_type_ids", OnnxTensor.createTensor(env, new long[1][ids.length]));
                float[][] ref;
                try (OrtSession.Result r = session.run(in)) {
                    ref = ((float[][][]) r.get(0).getValue())[0];
                }
                in.values().forEach(OnnxTensor::close);
                float[] out = enc.forward(ids).lastHidden();
                int H = ref[0].length;
                for (int i = 0; i < ref.length; i++)
                    for (int j = 0; j < H; j++) worst = Math.max(worst, Math.abs(ref[i][j] - out[i * H + j]));
            }
        }
        System.out.printf("bge-small: ONNX Runtime vs Java last_hidden_state max |diff| %.3g%n", worst);
        assertTrue(worst < 1e-3, "max |diff| " + worst);
    }
}
