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
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

class SafetensorsModelTest {
    @TempDir Path dir;

    /** A tensor to write: PyTorch layout [out, in], values f(o, i). */
    record T(String name, String dtype, int out, int in) {
        float value(int o, int i) { return (float) ((o * 0.25 - i * 0.125 + name.length()) / 8); }
    }

    static byte[] encode(String dtype, float v) {
        ByteBuffer b = ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN);
        switch (dtype) {
            case "F32" -> { b.putFloat(v); return b.array(); }
            case "F16" -> { b.putShort(Float.floatToFloat16(v)); return java.util.Arrays.copyOf(b.array(), 2); }
            case "BF16" -> { b.putShort((short) (Float.floatToIntBits(v) >>> 16)); return java.util.Arrays.copyOf(b.array(), 2); }
            default -> { return new byte[]{0, 0, 0, 0}; }
        }
    }

    /** Writes a safetensors file; {@code headerEdit} may rewrite the header JSON to make it lie. */
    static Path write(Path file, List<T> tensors, java.util.function.UnaryOperator<String> headerEdit) throws IOException {
        ByteArrayOutputStream data = new ByteArrayOutputStream();
        StringBuilder h = new StringBuilder("{\"__metadata__\":{\"format\":\"pt\"}");
        for (T t : tensors) {
            long begin = data.size();
            for (int o = 0; o < t.out(); o++) for (int i = 0; i < t.in(); i++) data.write(encode(t.dtype(), t.value(o, i)));
            h.append(",\"").append(t.name()).append("\":{\"dtype\":\"").append(t.dtype()).append("\",\"shape\":[").append(t.out()).append(',').append(t.in())
                    .append("],\"data_offsets\":[").append(begin).append(',').append(data.size()).append("]}");
        }
        h.append('}');
        byte[] header = headerEdit.apply(h.toString()).getBytes(StandardCharsets.UTF_8);
        ByteBuffer len = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(header.length);
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        all.write(len.array());
        all.write(header);
        all.write(data.toByteArray());
        Files.write(file, all.toByteArray());
        return file;
    }

    static List<T> llama(int blocks, int H, int F, int KV, String dtype) {
        List<T> ts = new ArrayList<>();
        for (int b = 0; b < blocks; b++) {
            String p = "model.layers." + b + ".";
            ts.add(new T(p + "self_attn.q_proj.weight", dtype, H, H));
            ts.add(new T(p + "self_attn.k_proj.weight", dtype, KV, H));
            ts.add(new T(p + "self_attn.v_proj.weight", dtype, KV, H));
            ts.add(new T(p + "self_attn.o_proj.weight", dtype, H, H));
            ts.add(new T(p + "mlp.gate_proj.weight", dtype, F, H));
            ts.add(new T(p + "mlp.up_proj.weight", dtype, F, H));
            ts.add(new T(p + "mlp.down_proj.weight", dtype, H, F));
            ts.add(new T(p + "input_layernorm.weight", dtype, 1, H));
        }
        return ts;
    }

    static void checkTransposed(LinearLayer l, T t, double tol) {
        float[] w = l.load();
        assertEquals(t.in(), l.inFeatures());
        assertEquals(t.out(), l.outFeatures());
        for (int k = 0; k < l.inFeatures(); k++)
            for (int n = 0; n < l.outFeatures(); n++)
                assertEquals(t.value(n, k), w[k * l.outFeatures() + n], tol, l.name() + " (" + k + "," + n + ")");
    }

    @Test
    void llamaSingleFileAllDtypesTransposed() throws IOException {
        for (String dt : List.of("F32", "F16", "BF16")) {
            List<T> ts = llama(2, 8, 12, 4, dt);
            SafetensorsModel m = SafetensorsModel.open(write(dir.resolve("m-" + dt + ".safetensors"), ts, s -> s));
            assertEquals("llama", m.architecture());
            assertEquals(14, m.layers().size());
            assertFalse(m.synthetic());
            LinearLayer k = m.layers().get(1);
            assertEquals("model.layers.0.self_attn.k_proj", k.name());
            assertEquals(LayerRole.KEY, k.role());
            assertEquals(0, k.block());
            double tol = dt.equals("F32") ? 0 : dt.equals("F16") ? 2e-3 : 2e-2;
            checkTransposed(k, ts.get(1), tol);
            checkTransposed(m.layers().get(13), ts.get(14), tol); // block 1 down_proj
            assertEquals(LayerRole.FFN_DOWN, m.layers().get(13).role());
            assertEquals(LayerRole.FFN_GATE, m.layers().get(4).role());
        }
    }

    @Test
    void shardedWithIndexAndOptNaming() throws IOException {
        List<T> ts = new ArrayList<>();
        for (int b = 0; b < 2; b++) {
            String p = "model.decoder.layers." + b + ".";
            for (String r : List.of("q_proj", "k_proj", "v_proj", "out_proj")) ts.add(new T(p + "self_attn." + r + ".weight", "F16", 8, 8));
            ts.add(new T(p + "fc1.weight", "F16", 32, 8));
            ts.add(new T(p + "fc2.weight", "F16", 8, 32));
        }
        Path folder = Files.createDirectory(dir.resolve("opt"));
        write(folder.resolve("model-00001-of-00002.safetensors"), ts.subList(0, 6), s -> s);
        write(folder.resolve("model-00002-of-00002.safetensors"), ts.subList(6, 12), s -> s);
        StringBuilder idx = new StringBuilder("{\"metadata\":{},\"weight_map\":{");
        for (int i = 0; i < ts.size(); i++) {
            if (i > 0) idx.append(',');
            idx.append('"').append(ts.get(i).name()).append("\":\"model-0000").append(i < 6 ? 1 : 2).append("-of-00002.safetensors\"");
        }
        Files.writeString(folder.resolve("model.safetensors.index.json"), idx.append("}}"));
        ModelSource m = ModelCatalog.resolve(folder.toString());
        assertEquals(12, m.layers().size());
        assertEquals("opt", ((SafetensorsModel) m).architecture());
        LinearLayer fc2 = m.layers().get(11);
        assertEquals("model.decoder.layers.1.fc2", fc2.name());
        assertEquals(LayerRole.FFN_DOWN, fc2.role());
        checkTransposed(fc2, ts.get(11), 2e-3);
        assertEquals(LayerRole.ATTENTION_OUTPUT, m.layers().get(3).role());
    }

    static InputException expectError(Path p) {
        InputException e = assertThrows(InputException.class, () -> SafetensorsModel.open(p));
        assertFalse(e.getMessage().contains("\n"), "one line: " + e.getMessage());
        assertTrue(e.getMessage().contains(p.getFileName().toString()), "names the file: " + e.getMessage());
        return e;
    }

    @Test
    void truncatedFile() throws IOException {
        Path p = write(dir.resolve("t.safetensors"), llama(1, 8, 12, 8, "F32"), s -> s);
        byte[] all = Files.readAllBytes(p);
        Files.write(p, java.util.Arrays.copyOf(all, all.length - 10));
        InputException e = expectError(p);
        assertTrue(e.getMessage().contains("model.layers.0.input_layernorm.weight") && e.getMessage().contains("truncated"), e.getMessage());
        Files.write(p, java.util.Arrays.copyOf(all, 30)); // cut inside the header
        assertTrue(expectError(p).getMessage().contains("truncated"));
        Files.write(p, java.util.Arrays.copyOf(all, 5));
        assertTrue(expectError(p).getMessage().contains("truncated"));
    }

    @Test
    void headerOffsetsOrSizesThatLie() throws IOException {
        // the span of q_proj says 4 bytes fewer than its shape needs
        Path p = write(dir.resolve("lie.safetensors"), llama(1, 8, 12, 8, "F32"), s -> s.replaceFirst("\"data_offsets\":\\[0,256\\]", "\"data_offsets\":[0,252]"));
        InputException e = expectError(p);
        assertTrue(e.getMessage().contains("model.layers.0.self_attn.q_proj.weight") && e.getMessage().contains("expected 256"), e.getMessage());
        // offsets beyond the data section
        Path q = write(dir.resolve("lie2.safetensors"), llama(1, 8, 12, 8, "F32"), s -> s.replaceFirst("\"data_offsets\":\\[0,256\\]", "\"data_offsets\":[100000,100256]"));
        assertTrue(expectError(q).getMessage().contains("q_proj"));
        // header length larger than the file
        Path r = write(dir.resolve("lie3.safetensors"), llama(1, 8, 12, 8, "F32"), s -> s);
        byte[] all = Files.readAllBytes(r);
        ByteBuffer.wrap(all).order(ByteOrder.LITTLE_ENDIAN).putLong(0, all.length * 2L);
        Files.write(r, all);
        expectError(r);
    }

    @Test
    void unknownDtype() throws IOException {
        Path p = write(dir.resolve("dt.safetensors"), llama(1, 8, 12, 8, "F32"), s -> s.replaceFirst("\"dtype\":\"F32\"", "\"dtype\":\"F12\""));
        InputException e = expectError(p);
        assertTrue(e.getMessage().contains("unknown dtype 'F12'") && e.getMessage().contains("q_proj"), e.getMessage());
    }

    @Test
    void shapeThatDoesNotMatchTheArchitecture() throws IOException {
        List<T> ts = llama(2, 8, 12, 4, "F32");
        ts.set(13, new T("model.layers.1.mlp.up_proj.weight", "F32", 10, 8)); // FFN 10 where block 0 has 12
        InputException e = expectError(write(dir.resolve("shape.safetensors"), ts, s -> s));
        assertTrue(e.getMessage().contains("model.layers.1.mlp.up_proj.weight") && e.getMessage().contains("expected [12, 8]"), e.getMessage());
        // config.json says hidden 16: every tensor disagrees, the first is named
        Path folder = Files.createDirectory(dir.resolve("cfg"));
        write(folder.resolve("model.safetensors"), llama(1, 8, 12, 8, "F32"), s -> s);
        Files.writeString(folder.resolve("config.json"), "{\"hidden_size\": 16, \"intermediate_size\": 12, \"num_attention_heads\": 2, \"num_key_value_heads\": 2}");
        InputException f = assertThrows(InputException.class, () -> ModelCatalog.resolve(folder.toString()));
        assertTrue(f.getMessage().contains("q_proj") && f.getMessage().contains("expected [16, 16]"), f.getMessage());
    }
}
