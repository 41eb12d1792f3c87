package org.halodse.objectives.encoder;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import org.halodse.objectives.calib.EuroparlText;
import org.halodse.objectives.model.ModelCatalog;
import org.halodse.objectives.model.OnnxModel;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The Java forward pass against ONNX Runtime on the same token ids, on real Europarl sentences. */
class BertEncoderOnnxTest {
    static OrtEnvironment env;
    static OrtSession session;
    static BertEncoder encoder;
    static WordPieceTokenizer tokenizer;

    @BeforeAll
    static void setUp() throws Exception {
        OnnxModel model = (OnnxModel) ModelCatalog.resolve("minilm-l6");
        encoder = BertEncoder.load(model);
        tokenizer = ModelCatalog.tokenizer("minilm-l6");
        env = OrtEnvironment.getEnvironment();
        byte[] bytes;
        try (InputStream in = BertEncoderOnnxTest.class.getClassLoader().getResourceAsStream("all-minilm-l6-v2.onnx")) {
            bytes = in.readAllBytes();
        }
        session = env.createSession(bytes, new OrtSession.SessionOptions());
    }

    @AfterAll
    static void tearDown() throws Exception {
        session.close();
    }

    static float[][] ort(long[][] ids, long[][] mask) throws Exception {
        long[][] types = new long[ids.length][ids[0].length];
        Map<String, OnnxTensor> in = new HashMap<>();
        in.put("input_ids", OnnxTensor.createTensor(env, ids));
        in.put("attention_mask", OnnxTensor.createTensor(env, mask));
        if (session.getInputNames().contains("token_type_ids")) in.put("token_type_ids", OnnxTensor.createTensor(env, types));
        try (OrtSession.Result r = session.run(in)) {
            float[][][] h = (float[][][]) r.get(0).getValue();
            float[][] flat = new float[h.length][];
            for (int b = 0; b < h.length; b++) {
                int L = h[b].length, H = h[b][0].length;
                flat[b] = new float[L * H];
                for (int i = 0; i < L; i++) System.arraycopy(h[b][i], 0, flat[b], i * H, H);
            }
            return flat;
        } finally {
            in.values().forEach(OnnxTensor::close);
        }
    }

    @Test
    void matchesOnnxRuntimeOnRealSentences() throws Exception {
        List<String> sentences = EuroparlText.englishSentences(8);
        assertEquals(8, sentences.size());
        double worst = 0;
        for (String s : sentences) {
            int[] ids = tokenizer.encode(s);
            long[][] lid = {java.util.Arrays.stream(ids).asLongStream().toArray()};
            long[][] mask = {new long[ids.length]};
            java.util.Arrays.fill(mask[0], 1);
            float[] ref = ort(lid, mask)[0];
            BertEncoder.Output out = encoder.forward(ids);
            assertEquals(ref.length, out.lastHidden().length);
            double d = 0;
            for (int i = 0; i < ref.length; i++) d = Math.max(d, Math.abs(ref[i] - out.lastHidden()[i]));
            worst = Math.max(worst, d);
            assertTrue(d < 1e-3, "max |diff| " + d + " on: " + s);
        }
        System.out.printf("ONNX Runtime vs Java last_hidden_state: max |diff| %.3g over %d Europarl sentences%n", worst, sentences.size());
    }

    @Test
    void attentionMaskMatchesOnPaddedBatch() throws Exception {
        List<String> sentences = EuroparlText.englishSentences(2);
        int[] a = tokenizer.encode(sentences.get(0)), b = tokenizer.encode(sentences.get(1));
        int L = Math.max(a.length, b.length);
        int[] shortOne = a.length < b.length ? a : b;
        long[][] ids = new long[2][L], mask = new long[2][L];
        for (int i = 0; i < L; i++) {
            ids[0][i] = i < a.length ? a[i] : 0; mask[0][i] = i < a.length ? 1 : 0;
            ids[1][i] = i < b.length ? b[i] : 0; mask[1][i] = i < b.length ? 1 : 0;
        }
        float[][] ref = ort(ids, mask);
        int row = shortOne == a ? 0 : 1;
        int[] pid = new int[L], pm = new int[L];
        for (int i = 0; i < L; i++) { pid[i] = (int) ids[row][i]; pm[i] = (int) mask[row][i]; }
        BertEncoder.Output out = encoder.forward(pid, pm, null, null);
        double d = 0;
        for (int i = 0; i < shortOne.length * 384; i++) d = Math.max(d, Math.abs(ref[row][i] - out.lastHidden()[i]));
        assertTrue(d < 1e-3, "padded max |diff| " + d);
        // padding does not change the real tokens' result
        BertEncoder.Output unpadded = encoder.forward(shortOne);
        double e = 0;
        for (int i = 0; i < shortOne.length * 384; i++) e = Math.max(e, Math.abs(unpadded.lastHidden()[i] - out.lastHidden()[i]));
        assertTrue(e < 1e-4, "padding changed real tokens by " + e);
        float[] p = out.pooled(), q = unpadded.pooled();
        for (int j = 0; j < p.length; j++) assertEquals(q[j], p[j], 1e-4);
    }

    @Test
    void tokenizerSplitsPunctuationAndSubwords() {
        int[] ids = tokenizer.encode("Hello, World! Unbelievably.");
        assertEquals(101, ids[0]);
        assertEquals(7592, ids[1]); // "hello" in the BERT uncased vocabulary
        assertEquals(1010, ids[2]); // ","
        assertEquals(2088, ids[3]); // "world"
        assertEquals(999, ids[4]);  // "!"
        assertEquals(102, ids[ids.length - 1]);
        assertTrue(ids.length >= 7, java.util.Arrays.toString(ids));
        assertEquals(tokenizer.maxLength(), tokenizer.encode("word ".repeat(500)).length);
    }

    @Test
    void replacingWeightsChangesTheOutput() {
        int[] ids = tokenizer.encode("The Commission has proposed a new directive on this matter.");
        float[] base = encoder.embed(ids);
        BertEncoder same = encoder.withWeights(l -> null);
        assertTrue(java.util.Arrays.equals(base, same.embed(ids)));
        BertEncoder zeroed = encoder.withWeights(l -> l.name().equals("encoder.layer.5.output.dense") ? new float[l.inFeatures() * l.outFeatures()] : null);
        assertTrue(!java.util.Arrays.equals(base, zeroed.embed(ids)));
    }
}
