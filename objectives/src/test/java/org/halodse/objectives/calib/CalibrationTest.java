package org.halodse.objectives.calib;

import org.halodse.hw.liberty.InputException;
import org.halodse.objectives.encoder.BertEncoder;
import org.halodse.objectives.encoder.WordPieceTokenizer;
import org.halodse.objectives.model.LinearLayer;
import org.halodse.objectives.model.ModelCatalog;
import org.halodse.objectives.model.ModelSource;
import org.halodse.objectives.model.OnnxModel;
import org.halodse.objectives.model.SyntheticModel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.*;

class CalibrationTest {
    @TempDir Path dir;

    @Test
    void europarlGivesEnglishSentences() {
        List<String> s = EuroparlText.englishSentences(256);
        assertEquals(256, s.size());
        assertEquals(s, EuroparlText.englishSentences(256));
        assertTrue(EuroparlText.isEnglish("The Commission has adopted a proposal on the protection of workers."));
        assertFalse(EuroparlText.isEnglish("Die Kommission hat einen Vorschlag zum Schutz der Arbeitnehmer angenommen."));
        assertFalse(EuroparlText.isEnglish("La Commission a adopté une proposition sur la protection des travailleurs."));
    }

    @Test
    void forwardPassStatisticsOverRealText() {
        OnnxModel model = (OnnxModel) ModelCatalog.resolve("minilm-l6");
        BertEncoder enc = BertEncoder.load(model);
        WordPieceTokenizer tok = ModelCatalog.tokenizer("minilm-l6");
        List<String> text = EuroparlText.englishSentences(256);
        Calibrator.forwardPass(enc, tok, text.subList(0, 16), "warm-up", 0); // JIT warm-up
        long t0 = System.nanoTime();
        Calibration c = Calibrator.forwardPass(enc, tok, text, "europarl", 0);
        double s = (System.nanoTime() - t0) / 1e9;
        System.out.printf("calibration forward pass: %d sentences, %d tokens in %.2f s (%.0f sentences/s, %.0f tokens/s, %d threads)%n",
                c.sentences(), c.tokens(), s, c.sentences() / s, c.tokens() / s, Runtime.getRuntime().availableProcessors());
        java.lang.management.ThreadMXBean mx = java.lang.management.ManagementFactory.getThreadMXBean();
        long c0 = mx.getCurrentThreadCpuTime();
        Calibration single = Calibrator.forwardPass(enc, tok, text.subList(0, 64), "europarl", 1);
        double cpu = (mx.getCurrentThreadCpuTime() - c0) / 1e9;
        System.out.printf("forward pass, one thread: %d tokens in %.2f s CPU = %.0f tokens per CPU-second (%.1f GFLOP/s in the linear layers)%n",
                single.tokens(), cpu, single.tokens() / cpu, single.tokens() * 6 * 2.0 * (4 * 384 * 384 + 2 * 384 * 1536) / cpu / 1e9);
        assertEquals(256, c.sentences());
        assertEquals(36, c.layerNames().size());
        c.requireCovers(model);
        for (LinearLayer l : model.layers()) {
            double[] m = c.meanSquare(l.name());
            assertEquals(l.inFeatures(), m.length);
            for (double v : m) assertTrue(v >= 0 && Double.isFinite(v));
        }
        // LayerNorm outputs feeding the query layer: typical E[x^2] of order 0.1..10, with a few larger channels
        double[] q0 = c.meanSquare("encoder.layer.0.attention.self.query");
        double mean = java.util.Arrays.stream(q0).average().orElseThrow();
        double max = java.util.Arrays.stream(q0).max().orElseThrow();
        System.out.printf("layer 0 query input E[x^2]: mean %.3f, max %.3f%n", mean, max);
        assertTrue(mean > 0.01 && mean < 100);
        // the statistics equal a direct single-threaded computation
        Calibration one = Calibrator.forwardPass(enc, tok, text.subList(0, 4), "x", 1);
        Calibration par = Calibrator.forwardPass(enc, tok, text.subList(0, 4), "x", 2);
        assertArrayEquals(one.meanSquare("encoder.layer.2.output.dense"), par.meanSquare("encoder.layer.2.output.dense"), 1e-9);
        // sensitivity
        LinearLayer l = model.layers().get(0);
        float[] w = l.load();
        float[] sens = c.weightSensitivity(l.name(), w, l.outFeatures());
        assertEquals(q0[1] * w[l.outFeatures() + 2] * w[l.outFeatures() + 2], sens[l.outFeatures() + 2], 1e-6);
        assertEquals(2 * q0[5], c.hessianDiagonal(l.name())[5], 1e-12);
    }

    @Test
    void hookSeesEveryLinearInputOnce() {
        OnnxModel model = (OnnxModel) ModelCatalog.resolve("minilm-l6");
        BertEncoder enc = BertEncoder.load(model);
        AtomicInteger calls = new AtomicInteger();
        int[] ids = ModelCatalog.tokenizer("minilm-l6").encode("We have to vote on this report today.");
        enc.forward(ids, (layer, rows) -> {
            calls.incrementAndGet();
            assertEquals(ids.length, rows.length);
            assertEquals(layer.inFeatures(), rows[0].length);
        });
        assertEquals(36, calls.get());
    }

    @Test
    void fileRoundTripCacheAndUniform() throws Exception {
        ModelSource m = ModelCatalog.resolve("llama2-7b");
        Calibration syn = Calibrator.synthetic((SyntheticModel) m);
        assertEquals(Calibration.Kind.SYNTHETIC, syn.kind());
        assertTrue(syn.source().contains("synthetic"));
        int[] outl = ((SyntheticModel) m).outlierChannels(4096);
        double[] q = syn.meanSquare("model.layers.0.self_attn.q_proj");
        assertTrue(q[outl[0]] > 50 * q[(outl[0] + 1) % 4096] || q[outl[0]] > 50);
        Calibration u = Calibration.uniform(m);
        assertEquals(1.0, u.meanSquare("model.layers.31.mlp.down_proj")[11007]);
        assertEquals(224, u.layerNames().size());

        Calibration small = new Calibration("tiny", Calibration.Kind.FORWARD_PASS, "test", 3, 17,
                java.util.Map.of("a", new double[]{1, 2.5, 0}, "b", new double[]{0.125}));
        Path f = dir.resolve("c.json");
        CalibrationFiles.write(small, f);
        Calibration back = CalibrationFiles.read(f);
        assertArrayEquals(small.meanSquare("a"), back.meanSquare("a"));
        assertEquals(3, back.sentences());
        assertEquals(17, back.tokens());
        assertEquals(Calibration.Kind.FORWARD_PASS, back.kind());

        AtomicInteger computed = new AtomicInteger();
        Calibration c1 = CalibrationFiles.cached(dir.resolve("cache"), "key", () -> { computed.incrementAndGet(); return small; });
        Calibration c2 = CalibrationFiles.cached(dir.resolve("cache"), "key", () -> { computed.incrementAndGet(); return small; });
        assertEquals(1, computed.get());
        assertArrayEquals(c1.meanSquare("a"), c2.meanSquare("a"));
        try (var files = Files.list(dir.resolve("cache"))) {
            assertEquals(1, files.count(), "no temp files left");
        }

        Path bad = dir.resolve("bad.json");
        Files.writeString(bad, "{\"layers\": {\"a\": {\"meanSquare\": [1, -2]}}}");
        InputException e = assertThrows(InputException.class, () -> CalibrationFiles.read(bad));
        assertTrue(e.getMessage().contains("bad.json") && e.getMessage().contains("layers.a.meanSquare[1]"), e.getMessage());
    }
}
