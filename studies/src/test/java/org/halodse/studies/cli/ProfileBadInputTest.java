package org.halodse.studies.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The bad-input list through {@code halo profile --model FILE}: a truncated safetensors
 * file, a header whose offsets or sizes lie, an unknown dtype, a tensor shape that does not match
 * the architecture, an ONNX file without inline data. Each must give exit code 2 and one line on
 * stderr naming the file, the tensor and what was expected, no stack trace, and leave nothing in
 * the output folder or its cache. The files are built byte by byte here.
 */
class ProfileBadInputTest {
    @TempDir Path tmp;

    // ---- safetensors ----

    /** One tensor in PyTorch layout [out, in], F32 unless {@code dtype} says otherwise. */
    record T(String name, String dtype, int out, int in) {
    }

    static List<T> llama(int blocks, int h, int f) {
        List<T> ts = new ArrayList<>();
        for (int b = 0; b < blocks; b++) {
            String p = "model.layers." + b + ".";
            for (String x : new String[] {"self_attn.q_proj", "self_attn.k_proj", "self_attn.v_proj", "self_attn.o_proj"}) ts.add(new T(p + x + ".weight", "F32", h, h));
            ts.add(new T(p + "mlp.gate_proj.weight", "F32", f, h));
            ts.add(new T(p + "mlp.up_proj.weight", "F32", f, h));
            ts.add(new T(p + "mlp.down_proj.weight", "F32", h, f));
        }
        return ts;
    }

    /** 8-byte little-endian header length, the JSON header (after {@code edit}), the data. */
    static Path safetensors(Path file, List<T> ts, UnaryOperator<String> edit) throws IOException {
        ByteArrayOutputStream data = new ByteArrayOutputStream();
        StringBuilder h = new StringBuilder("{\"__metadata__\":{\"format\":\"pt\"}");
        for (T t : ts) {
            long begin = data.size();
            ByteBuffer b = ByteBuffer.allocate(4 * t.out() * t.in()).order(ByteOrder.LITTLE_ENDIAN);
            for (int i = 0; i < t.out() * t.in(); i++) b.putFloat((i % 7 - 3) * 0.01f);
            data.writeBytes(b.array());
            h.append(",\"").append(t.name()).append("\":{\"dtype\":\"").append(t.dtype()).append("\",\"shape\":[").append(t.out()).append(',')
                .append(t.in()).append("],\"data_offsets\":[").append(begin).append(',').append(data.size()).append("]}");
        }
        byte[] header = edit.apply(h.append('}').toString()).getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        all.writeBytes(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(header.length).array());
        all.writeBytes(header);
        all.writeBytes(data.toByteArray());
        Files.write(file, all.toByteArray());
        return file;
    }

    // ---- ONNX (protobuf by hand: ModelProto.graph = 7; GraphProto.node = 1, initializer = 5) ----

    static void varint(ByteArrayOutputStream o, long v) {
        while ((v & ~0x7fL) != 0) {
            o.write((int) ((v & 0x7f) | 0x80));
            v >>>= 7;
        }
        o.write((int) v);
    }

    static void field(ByteArrayOutputStream o, int f, byte[] b) {
        varint(o, ((long) f << 3) | 2);
        varint(o, b.length);
        o.writeBytes(b);
    }

    static void field(ByteArrayOutputStream o, int f, String s) {
        field(o, f, s.getBytes(StandardCharsets.UTF_8));
    }

    static void field(ByteArrayOutputStream o, int f, long v) {
        varint(o, (long) f << 3);
        varint(o, v);
    }

    /** A 2-matrix encoder graph whose second weight lives in an external file (TensorProto.external_data = 13, data_location = 14). */
    static Path onnxWithExternalData(Path file) throws IOException {
        ByteArrayOutputStream g = new ByteArrayOutputStream();
        for (String[] nd : new String[][] {{"/encoder/layer.0/attention/self/query/MatMul", "onnx::MatMul_1"},
            {"/encoder/layer.0/output/dense/MatMul", "onnx::MatMul_2"}}) {
            ByteArrayOutputStream n = new ByteArrayOutputStream();
            field(n, 1, "x");
            field(n, 1, nd[1]);
            field(n, 2, nd[0] + "_output_0");
            field(n, 3, nd[0]);
            field(n, 4, "MatMul");
            field(g, 1, n.toByteArray());
        }
        field(g, 2, "tiny");
        for (int i = 1; i <= 2; i++) {
            ByteArrayOutputStream t = new ByteArrayOutputStream();
            field(t, 1, 4);
            field(t, 1, 4);
            field(t, 2, 1); // FLOAT
            field(t, 8, "onnx::MatMul_" + i);
            if (i == 1) field(t, 9, new byte[64]);
            else {
                ByteArrayOutputStream kv = new ByteArrayOutputStream();
                field(kv, 1, "location");
                field(kv, 2, "weights.bin");
                field(t, 13, kv.toByteArray());
                field(t, 14, 1);
            }
            field(g, 5, t.toByteArray());
        }
        ByteArrayOutputStream m = new ByteArrayOutputStream();
        field(m, 1, 8); // ir_version
        field(m, 7, g.toByteArray());
        Files.write(file, m.toByteArray());
        return file;
    }

    /**
     * Runs {@code halo profile} on the file and checks the contract; returns the error line.
     * {@code mentions}: what the line must contain besides the file name.
     */
    String rejects(Path file, String... mentions) throws IOException {
        Path out = tmp.resolve("out-" + file.getFileName());
        ProfileCommandTest.Run r = ProfileCommandTest.halo("profile", "--model", file.toString(), "--out", out.toString());
        assertEquals(2, r.code(), "exit code; stderr: " + r.err());
        String line = r.err().strip();
        assertFalse(line.contains("\n"), "one line: " + r.err());
        assertFalse(r.err().contains("\tat ") || r.err().contains("Exception"), "no stack trace: " + r.err());
        assertTrue(line.startsWith("halo: "), line);
        assertTrue(line.contains(file.getFileName().toString()), "names the file: " + line);
        for (String m : mentions) assertTrue(line.contains(m), "mentions '" + m + "': " + line);
        assertEquals("", r.out(), "nothing on stdout");
        if (Files.exists(out)) {
            try (Stream<Path> s = Files.walk(out)) {
                List<Path> files = s.filter(Files::isRegularFile).toList();
                assertTrue(files.isEmpty(), "nothing written under --out or its cache: " + files);
            }
        }
        System.out.println(line);
        return line;
    }

    @Test
    void truncatedSafetensors() throws IOException {
        Path p = safetensors(tmp.resolve("cut.safetensors"), llama(1, 8, 12), s -> s);
        byte[] all = Files.readAllBytes(p);
        Files.write(p, java.util.Arrays.copyOf(all, all.length - 10)); // the last tensor loses 10 bytes
        rejects(p, "model.layers.0.mlp.down_proj.weight", "truncated");
    }

    @Test
    void headerWhoseSizeLies() throws IOException {
        // q_proj's span is 4 bytes shorter than its shape [8, 8] F32 needs (256 bytes)
        Path p = safetensors(tmp.resolve("size.safetensors"), llama(1, 8, 12), s -> s.replaceFirst("\"data_offsets\":\\[0,256\\]", "\"data_offsets\":[0,252]"));
        rejects(p, "model.layers.0.self_attn.q_proj.weight", "expected 256");
    }

    @Test
    void headerWhoseOffsetsLie() throws IOException {
        // q_proj's span points beyond the data section
        Path p = safetensors(tmp.resolve("offset.safetensors"), llama(1, 8, 12), s -> s.replaceFirst("\"data_offsets\":\\[0,256\\]", "\"data_offsets\":[100000,100256]"));
        rejects(p, "model.layers.0.self_attn.q_proj.weight");
    }

    @Test
    void unknownDtype() throws IOException {
        Path p = safetensors(tmp.resolve("dtype.safetensors"), llama(1, 8, 12), s -> s.replaceFirst("\"dtype\":\"F32\"", "\"dtype\":\"F12\""));
        rejects(p, "model.layers.0.self_attn.q_proj.weight", "unknown dtype 'F12'");
    }

    @Test
    void shapeThatDoesNotMatchTheArchitecture() throws IOException {
        List<T> ts = llama(2, 8, 12);
        int up1 = ts.indexOf(new T("model.layers.1.mlp.up_proj.weight", "F32", 12, 8));
        ts.set(up1, new T("model.layers.1.mlp.up_proj.weight", "F32", 10, 8)); // block 1's FFN 10 wide where block 0's is 12
        rejects(safetensors(tmp.resolve("shape.safetensors"), ts, s -> s), "model.layers.1.mlp.up_proj.weight", "expected [12, 8]");
    }

    @Test
    void onnxWithoutInlineData() throws IOException {
        rejects(onnxWithExternalData(tmp.resolve("external.onnx")), "onnx::MatMul_2", "external", "expected inline raw_data");
    }
}
