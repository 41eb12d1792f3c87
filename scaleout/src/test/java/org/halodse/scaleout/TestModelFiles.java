package org.halodse.scaleout;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Small synthetic LLaMA-shaped checkpoints written as real safetensors files (F32, [out, in] as
 * PyTorch stores them), so executors open them from a path as they would a real model.
 * Heavy-tailed weights (Student-t, 4 degrees of freedom), deterministic from a seed. SYNTHETIC.
 */
final class TestModelFiles {
    private TestModelFiles() {
    }

    static Path llama(Path file, int blocks, int hidden, int ffn, long seed) throws IOException {
        Map<String, int[]> shapes = new LinkedHashMap<>();
        for (int b = 0; b < blocks; b++) {
            String p = "model.layers." + b + ".";
            shapes.put(p + "self_attn.q_proj.weight", new int[] {hidden, hidden});
            shapes.put(p + "self_attn.k_proj.weight", new int[] {hidden, hidden});
            shapes.put(p + "self_attn.v_proj.weight", new int[] {hidden, hidden});
            shapes.put(p + "self_attn.o_proj.weight", new int[] {hidden, hidden});
            shapes.put(p + "mlp.gate_proj.weight", new int[] {ffn, hidden});
            shapes.put(p + "mlp.up_proj.weight", new int[] {ffn, hidden});
            shapes.put(p + "mlp.down_proj.weight", new int[] {hidden, ffn});
        }
        StringBuilder h = new StringBuilder("{");
        long off = 0;
        for (var e : shapes.entrySet()) {
            long bytes = 4L * e.getValue()[0] * e.getValue()[1];
            if (h.length() > 1) h.append(',');
            h.append('"').append(e.getKey()).append("\":{\"dtype\":\"F32\",\"shape\":[").append(e.getValue()[0]).append(',').append(e.getValue()[1])
                .append("],\"data_offsets\":[").append(off).append(',').append(off + bytes).append("]}");
            off += bytes;
        }
        h.append('}');
        while ((8 + h.length()) % 8 != 0) h.append(' ');
        byte[] header = h.toString().getBytes(StandardCharsets.UTF_8);
        ByteBuffer buf = ByteBuffer.allocate((int) (8 + header.length + off)).order(ByteOrder.LITTLE_ENDIAN);
        buf.putLong(header.length).put(header);
        SplittableRandom r = new SplittableRandom(seed);
        for (int[] s : shapes.values()) {
            for (long i = 0; i < (long) s[0] * s[1]; i++) {
                double chi = 0;
                for (int j = 0; j < 4; j++) {
                    double g = gauss(r);
                    chi += g * g;
                }
                buf.putFloat((float) (0.02 * gauss(r) / Math.sqrt(chi / 4)));
            }
        }
        Files.createDirectories(file.toAbsolutePath().getParent());
        Files.write(file, buf.array());
        return file;
    }

    private static double gauss(SplittableRandom r) {
        double u = r.nextDouble(), v = r.nextDouble();
        return Math.sqrt(-2 * Math.log(1 - u)) * Math.cos(2 * Math.PI * v);
    }
}
