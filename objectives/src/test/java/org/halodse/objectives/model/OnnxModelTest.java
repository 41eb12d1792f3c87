package org.halodse.objectives.model;

import org.halodse.hw.liberty.InputException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

class OnnxModelTest {
    @TempDir Path dir;

    @Test
    void readsRealMiniLmQuickly() {
        java.lang.management.ThreadMXBean mx = java.lang.management.ManagementFactory.getThreadMXBean();
        long t0 = System.nanoTime();
        OnnxModel m = OnnxModel.fromResource("minilm-l6", "all-minilm-l6-v2.onnx");
        double ms = (System.nanoTime() - t0) / 1e6;
        long t1 = System.nanoTime(), c1 = mx.getCurrentThreadCpuTime();
        OnnxModel.fromResource("minilm-l6", "all-minilm-l6-v2.onnx");
        double ms2 = (System.nanoTime() - t1) / 1e6, cpu2 = (mx.getCurrentThreadCpuTime() - c1) / 1e6;
        System.out.printf("MiniLM-L6 ONNX read from the jar (inflate 83 MB + parse): %.0f ms first (cold), %.0f ms second, %.0f ms CPU%n", ms, ms2, cpu2);
        // the read is single-threaded: its CPU time is the figure that does not depend on other load on the machine
        assertTrue(cpu2 < 1000, "read took " + cpu2 + " ms CPU");
        assertEquals(36, m.layers().size());
        assertEquals(102, m.tensors().size()); // 101 fp32 + position_ids (int64)
        long params = m.tensors().values().stream().filter(t -> t.dataType() == OnnxModel.FLOAT).mapToLong(OnnxModel.Tensor::elements).sum();
        assertEquals(22_565_760, params, 100_000); // 22.57 M parameters
        Map<LayerRole, Integer> roles = new EnumMap<>(LayerRole.class);
        for (LinearLayer l : m.layers()) roles.merge(l.role(), 1, Integer::sum);
        for (LayerRole r : new LayerRole[]{LayerRole.QUERY, LayerRole.KEY, LayerRole.VALUE, LayerRole.ATTENTION_OUTPUT, LayerRole.FFN_UP, LayerRole.FFN_DOWN})
            assertEquals(6, roles.get(r), r.name());
        LinearLayer up = m.layers().stream().filter(l -> l.name().equals("encoder.layer.3.intermediate.dense")).findFirst().orElseThrow();
        assertEquals(3, up.block());
        assertEquals(384, up.inFeatures());
        assertEquals(1536, up.outFeatures());
        float[] w = up.load();
        double ss = 0;
        for (float v : w) ss += v * v;
        double rms = Math.sqrt(ss / w.length);
        assertTrue(rms > 0.01 && rms < 0.2, "rms " + rms);
    }

    // --- a tiny ONNX writer, enough for hand-made models
    static void varint(ByteArrayOutputStream o, long v) {
        while ((v & ~0x7fL) != 0) { o.write((int) ((v & 0x7f) | 0x80)); v >>>= 7; }
        o.write((int) v);
    }
    static void tag(ByteArrayOutputStream o, int field, int wt) { varint(o, ((long) field << 3) | wt); }
    static void bytes(ByteArrayOutputStream o, int field, byte[] b) { tag(o, field, 2); varint(o, b.length); o.writeBytes(b); }
    static void str(ByteArrayOutputStream o, int field, String s) { bytes(o, field, s.getBytes(StandardCharsets.UTF_8)); }
    static void vint(ByteArrayOutputStream o, int field, long v) { tag(o, field, 0); varint(o, v); }

    static byte[] tensor(String name, int k, int n, boolean external) {
        ByteArrayOutputStream t = new ByteArrayOutputStream();
        vint(t, 1, k);
        vint(t, 1, n);
        vint(t, 2, 1);
        str(t, 8, name);
        if (external) {
            ByteArrayOutputStream kv = new ByteArrayOutputStream();
            str(kv, 1, "location");
            str(kv, 2, "weights.bin");
            bytes(t, 13, kv.toByteArray());
            vint(t, 14, 1);
        } else {
            ByteBuffer b = ByteBuffer.allocate(4 * k * n).order(ByteOrder.LITTLE_ENDIAN);
            for (int i = 0; i < k * n; i++) b.putFloat(i * 0.5f);
            bytes(t, 9, b.array());
        }
        return t.toByteArray();
    }

    static byte[] node(String name, String op, String... inputs) {
        ByteArrayOutputStream n = new ByteArrayOutputStream();
        for (String in : inputs) str(n, 1, in);
        str(n, 2, name + "_output_0");
        str(n, 3, name);
        str(n, 4, op);
        return n.toByteArray();
    }

    static Path model(Path file, boolean external) throws IOException {
        ByteArrayOutputStream g = new ByteArrayOutputStream();
        bytes(g, 1, node("/encoder/layer.0/attention/self/query/MatMul", "MatMul", "x", "onnx::MatMul_1"));
        bytes(g, 1, node("/encoder/layer.0/output/dense/MatMul", "MatMul", "y", "onnx::MatMul_2"));
        str(g, 2, "tiny");
        bytes(g, 5, tensor("onnx::MatMul_1", 2, 3, false));
        bytes(g, 5, tensor("onnx::MatMul_2", 3, 2, external));
        ByteArrayOutputStream m = new ByteArrayOutputStream();
        vint(m, 1, 8); // ir_version
        bytes(m, 7, g.toByteArray());
        Files.write(file, m.toByteArray());
        return file;
    }

    @Test
    void mapsRolesFromNodeNames() throws IOException {
        ModelSource m = ModelCatalog.resolve(model(dir.resolve("tiny.onnx"), false).toString());
        assertEquals(2, m.layers().size());
        LinearLayer q = m.layers().get(0), d = m.layers().get(1);
        assertEquals("encoder.layer.0.attention.self.query", q.name());
        assertEquals(LayerRole.QUERY, q.role());
        assertEquals(LayerRole.FFN_DOWN, d.role());
        assertEquals(3, d.inFeatures());
        assertArrayEquals(new float[]{0, 0.5f, 1, 1.5f, 2, 2.5f}, q.load());
    }

    @Test
    void rejectsExternalData() throws IOException {
        Path p = model(dir.resolve("ext.onnx"), true);
        InputException e = assertThrows(InputException.class, () -> ModelCatalog.resolve(p.toString()));
        assertFalse(e.getMessage().contains("\n"));
        assertTrue(e.getMessage().contains("ext.onnx") && e.getMessage().contains("onnx::MatMul_2") && e.getMessage().contains("external"), e.getMessage());
    }

    @Test
    void encoderNamesWhatIsMissingInANonBertModel() throws IOException {
        OnnxModel m = OnnxModel.open(model(dir.resolve("notbert.onnx"), false));
        InputException e = assertThrows(InputException.class, () -> org.halodse.objectives.encoder.BertEncoder.load(m));
        assertTrue(e.getMessage().contains("notbert.onnx") && e.getMessage().contains("embeddings.word_embeddings.weight"), e.getMessage());
    }

    @Test
    void rejectsGarbage() throws IOException {
        Path p = dir.resolve("bad.onnx");
        Files.write(p, new byte[]{0x3a, (byte) 0xff, (byte) 0xff, (byte) 0xff, 0x0f, 1, 2});
        InputException e = assertThrows(InputException.class, () -> OnnxModel.open(p));
        assertTrue(e.getMessage().contains("bad.onnx"), e.getMessage());
    }
}
