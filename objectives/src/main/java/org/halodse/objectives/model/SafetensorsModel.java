package org.halodse.objectives.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.halodse.hw.liberty.InputException;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A checkpoint in safetensors format: one file or several shards listed by
 * {@code model.safetensors.index.json}. Only the headers are read on open (and checked: offsets,
 * sizes and dtypes against the file); a tensor's bytes are memory-mapped when its layer is loaded.
 * F32, F16 and BF16 weights are supported. Linear layers are found by Llama
 * ({@code model.layers.N.self_attn.q_proj|k_proj|v_proj|o_proj}, {@code mlp.gate_proj|up_proj|down_proj})
 * and OPT ({@code model.decoder.layers.N.self_attn.q_proj|k_proj|v_proj|out_proj}, {@code fc1|fc2}) names.
 * PyTorch stores a Linear's weight as [out, in]; it is transposed to our K x N on load.
 * Shapes are checked against the architecture (hidden and FFN sizes and the k/v width from
 * config.json when present beside the weights, else from block 0).
 */
public final class SafetensorsModel implements ModelSource {
    /** One tensor of one file: data at {@code dataStart + begin .. dataStart + end} of the file. */
    public record Entry(String name, String dtype, long[] shape, Path file, long dataStart, long begin, long end) {
        public long elements() {
            long n = 1;
            for (long d : shape) n *= d;
            return n;
        }
    }

    static final Map<String, Integer> DTYPE_BYTES = Map.ofEntries(Map.entry("F64", 8), Map.entry("F32", 4), Map.entry("F16", 2),
            Map.entry("BF16", 2), Map.entry("I64", 8), Map.entry("I32", 4), Map.entry("I16", 2), Map.entry("I8", 1), Map.entry("U8", 1),
            Map.entry("U16", 2), Map.entry("U32", 4), Map.entry("U64", 8), Map.entry("BOOL", 1), Map.entry("F8_E4M3", 1), Map.entry("F8_E5M2", 1));
    static final Set<String> FLOAT_DTYPES = Set.of("F32", "F16", "BF16");

    private static final Pattern LLAMA = Pattern.compile("^(?:model\\.)?layers\\.(\\d+)\\.(self_attn\\.(?:q_proj|k_proj|v_proj|o_proj)|mlp\\.(?:gate_proj|up_proj|down_proj))\\.weight$");
    private static final Pattern OPT = Pattern.compile("^(?:model\\.)?decoder\\.layers\\.(\\d+)\\.(self_attn\\.(?:q_proj|k_proj|v_proj|out_proj)|fc1|fc2)\\.weight$");
    private static final long MAX_HEADER = 100L << 20;

    private final String name;
    private final Path source;
    private final Map<String, Entry> entries;
    private final List<LinearLayer> layers;
    private final String architecture;

    private SafetensorsModel(String name, Path source, Map<String, Entry> entries, JsonNode config) {
        this.name = name;
        this.source = source;
        this.entries = entries;
        List<Entry> lin = new ArrayList<>();
        String arch = null;
        for (Entry e : entries.values()) {
            if (LLAMA.matcher(e.name()).matches()) { lin.add(e); arch = arch == null ? "llama" : arch; }
            else if (OPT.matcher(e.name()).matches()) { lin.add(e); arch = "opt"; }
        }
        if (lin.isEmpty()) {
            throw new InputException(source + ": no Llama or OPT linear weights found among " + entries.size()
                    + " tensors; expected names like model.layers.0.self_attn.q_proj.weight or model.decoder.layers.0.fc1.weight");
        }
        this.architecture = arch;
        lin.sort(Comparator.comparingInt((Entry e) -> block(e.name())).thenComparingInt(e -> order(e.name())));
        this.layers = List.copyOf(buildLayers(lin, config));
    }

    /** Opens a .safetensors file, a model.safetensors.index.json, or a folder holding either. */
    public static SafetensorsModel open(Path path) {
        Path dir = Files.isDirectory(path) ? path : path.toAbsolutePath().getParent();
        Map<String, Entry> entries = new LinkedHashMap<>();
        Path index = Files.isDirectory(path) ? path.resolve("model.safetensors.index.json") : path.toString().endsWith(".json") ? path : null;
        if (index != null && Files.isRegularFile(index)) {
            JsonNode root = readJson(index);
            JsonNode map = root.path("weight_map");
            if (!map.isObject()) throw new InputException(index + ": no weight_map object; expected a model.safetensors.index.json");
            Map<String, List<String>> byFile = new LinkedHashMap<>();
            for (Map.Entry<String, JsonNode> e : map.properties()) {
                byFile.computeIfAbsent(e.getValue().asText(), k -> new ArrayList<>()).add(e.getKey());
            }
            for (Map.Entry<String, List<String>> f : byFile.entrySet()) {
                Path shard = dir.resolve(f.getKey());
                if (!Files.isRegularFile(shard)) throw new InputException(index + ": shard " + f.getKey() + " (tensor " + f.getValue().get(0) + ") not found in " + dir);
                Map<String, Entry> inShard = readHeader(shard);
                for (String t : f.getValue()) {
                    Entry e = inShard.get(t);
                    if (e == null) throw new InputException(shard + ": tensor " + t + " listed in " + index.getFileName() + " is not in this shard");
                    entries.put(t, e);
                }
            }
        } else if (Files.isDirectory(path)) {
            Path single = path.resolve("model.safetensors");
            if (!Files.isRegularFile(single)) throw new InputException(path + ": no model.safetensors.index.json or model.safetensors; expected a safetensors checkpoint folder");
            entries.putAll(readHeader(single));
        } else {
            entries.putAll(readHeader(path));
        }
        Path cfg = dir.resolve("config.json");
        JsonNode config = Files.isRegularFile(cfg) ? readJson(cfg) : null;
        String nm = Files.isDirectory(path) ? path.getFileName().toString() : path.getFileName().toString().replaceFirst("\\.(safetensors|index\\.json|json)$", "");
        return new SafetensorsModel(nm, path, Map.copyOf(entries), config);
    }

    private static JsonNode readJson(Path p) {
        try {
            return new ObjectMapper().readTree(p.toFile());
        } catch (IOException e) {
            throw new InputException(p + ": not valid JSON (" + e.getMessage().lines().findFirst().orElse("") + ")");
        }
    }

    /** Reads and checks one file's header. */
    static Map<String, Entry> readHeader(Path file) {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = ch.size();
            if (size < 8) throw new InputException(file + ": truncated: " + size + " bytes; expected an 8-byte header length and a JSON header");
            ByteBuffer lenBuf = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
            readFully(ch, lenBuf, 0);
            long n = lenBuf.getLong(0);
            if (n <= 0 || n > MAX_HEADER) throw new InputException(file + ": header length " + n + "; expected 1.." + MAX_HEADER + " bytes (not a safetensors file?)");
            if (8 + n > size) throw new InputException(file + ": truncated: header of " + n + " bytes but the file has only " + (size - 8) + " after the length");
            ByteBuffer hb = ByteBuffer.allocate((int) n);
            readFully(ch, hb, 8);
            JsonNode root;
            try {
                root = new ObjectMapper().readTree(hb.array());
            } catch (IOException e) {
                throw new InputException(file + ": header is not valid JSON (" + e.getMessage().lines().findFirst().orElse("") + ")");
            }
            if (!root.isObject()) throw new InputException(file + ": header is not a JSON object");
            long dataStart = 8 + n, dataLen = size - dataStart;
            Map<String, Entry> out = new LinkedHashMap<>();
            for (Map.Entry<String, JsonNode> f : root.properties()) {
                String t = f.getKey();
                if (t.equals("__metadata__")) continue;
                JsonNode v = f.getValue();
                String dtype = v.path("dtype").asText("");
                Integer bytes = DTYPE_BYTES.get(dtype);
                if (bytes == null) throw new InputException(file + ": tensor " + t + ": unknown dtype '" + dtype + "'; expected one of F32, F16, BF16 (or another safetensors dtype)");
                JsonNode sh = v.path("shape"), off = v.path("data_offsets");
                if (!sh.isArray() || !off.isArray() || off.size() != 2) throw new InputException(file + ": tensor " + t + ": expected shape [..] and data_offsets [begin, end]");
                long[] shape = new long[sh.size()];
                long numel = 1;
                for (int i = 0; i < shape.length; i++) {
                    shape[i] = sh.get(i).asLong(-1);
                    if (shape[i] < 0 || !sh.get(i).canConvertToLong()) throw new InputException(file + ": tensor " + t + ": bad dimension " + sh.get(i) + " in shape");
                    numel = Math.multiplyExact(numel, shape[i]);
                }
                long b = off.get(0).asLong(-1), e = off.get(1).asLong(-1);
                if (b < 0 || e < b) throw new InputException(file + ": tensor " + t + ": data_offsets [" + off.get(0) + ", " + off.get(1) + "]; expected 0 <= begin <= end");
                if (e - b != numel * bytes) {
                    throw new InputException(file + ": tensor " + t + ": data_offsets span " + (e - b) + " bytes; expected " + numel * bytes + " for " + dtype + " shape " + Arrays.toString(shape));
                }
                if (e > dataLen) {
                    throw new InputException(file + ": tensor " + t + ": ends at data byte " + e + " but the file has only " + dataLen + " data bytes (truncated, or the header's offsets are wrong)");
                }
                out.put(t, new Entry(t, dtype, shape, file, dataStart, b, e));
            }
            return out;
        } catch (IOException e) {
            throw new InputException(file + ": cannot read (" + e.getMessage() + ")");
        }
    }

    private static void readFully(FileChannel ch, ByteBuffer b, long pos) throws IOException {
        while (b.hasRemaining()) {
            int r = ch.read(b, pos + b.position());
            if (r < 0) throw new IOException("unexpected end of file");
        }
    }

    private List<LinearLayer> buildLayers(List<Entry> lin, JsonNode cfg) {
        Map<String, Entry> byName = new LinkedHashMap<>();
        for (Entry e : lin) byName.put(e.name(), e);
        for (Entry e : lin) {
            if (e.shape().length != 2) throw new InputException(e.file() + ": tensor " + e.name() + ": shape " + Arrays.toString(e.shape()) + "; expected a 2-D [out, in] weight");
        }
        boolean llama = architecture.equals("llama");
        Entry q0 = lin.get(0);
        long hidden = cfg != null && cfg.has("hidden_size") ? cfg.get("hidden_size").asLong() : q0.shape()[1];
        long ffn = -1, kv = -1;
        if (cfg != null) {
            if (cfg.has("intermediate_size")) ffn = cfg.get("intermediate_size").asLong();
            if (cfg.has("ffn_dim")) ffn = cfg.get("ffn_dim").asLong();
            if (cfg.has("num_key_value_heads") && cfg.has("num_attention_heads")) {
                kv = hidden * cfg.get("num_key_value_heads").asLong() / cfg.get("num_attention_heads").asLong();
            }
        }
        for (Entry e : lin) {
            String role = roleKey(e.name());
            if (ffn < 0 && (role.equals("up_proj") || role.equals("fc1") || role.equals("gate_proj"))) ffn = e.shape()[0];
            if (kv < 0 && role.equals("k_proj")) kv = llama ? e.shape()[0] : hidden;
        }
        if (kv < 0) kv = hidden;
        List<LinearLayer> out = new ArrayList<>();
        for (Entry e : lin) {
            String role = roleKey(e.name());
            long expOut, expIn;
            switch (role) {
                case "q_proj", "o_proj", "out_proj" -> { expOut = hidden; expIn = hidden; }
                case "k_proj", "v_proj" -> { expOut = kv; expIn = hidden; }
                case "gate_proj", "up_proj", "fc1" -> { expOut = ffn; expIn = hidden; }
                case "down_proj", "fc2" -> { expOut = hidden; expIn = ffn; }
                default -> throw new AssertionError(role);
            }
            if (e.shape()[0] != expOut || e.shape()[1] != expIn) {
                throw new InputException(e.file() + ": tensor " + e.name() + ": shape " + Arrays.toString(e.shape()) + "; expected [" + expOut + ", " + expIn
                        + "] ([out, in]) for a " + architecture + " model with hidden " + hidden + ", FFN " + ffn + (llama ? ", k/v " + kv : ""));
            }
            if (!FLOAT_DTYPES.contains(e.dtype())) {
                throw new InputException(e.file() + ": tensor " + e.name() + ": dtype " + e.dtype() + "; expected F32, F16 or BF16 weights");
            }
            String lname = e.name().substring(0, e.name().length() - ".weight".length());
            int K = (int) expIn, N = (int) expOut;
            out.add(new LinearLayer(lname, block(e.name()), roleOf(role), K, N, () -> loadTransposed(e, K, N)));
        }
        return out;
    }

    /** Maps the tensor's bytes and returns its [N, K] values transposed to K x N row-major. */
    static float[] loadTransposed(Entry e, int K, int N) {
        long len = e.end() - e.begin();
        if (len > Integer.MAX_VALUE) throw new InputException(e.file() + ": tensor " + e.name() + ": " + len + " bytes; tensors over 2 GB are not supported");
        ByteBuffer b;
        try (FileChannel ch = FileChannel.open(e.file(), StandardOpenOption.READ)) {
            if (ch.size() < e.dataStart() + e.end()) throw new InputException(e.file() + ": tensor " + e.name() + ": file shrank to " + ch.size() + " bytes since it was opened");
            b = ch.map(FileChannel.MapMode.READ_ONLY, e.dataStart() + e.begin(), len).order(ByteOrder.LITTLE_ENDIAN);
        } catch (IOException ex) {
            throw new InputException(e.file() + ": tensor " + e.name() + ": cannot read (" + ex.getMessage() + ")");
        }
        float[] w = new float[K * N];
        final int T = 64;
        String dt = e.dtype();
        for (int n0 = 0; n0 < N; n0 += T) {
            int n1 = Math.min(N, n0 + T);
            for (int k0 = 0; k0 < K; k0 += T) {
                int k1 = Math.min(K, k0 + T);
                for (int n = n0; n < n1; n++) {
                    long rowOff = (long) n * K;
                    for (int k = k0; k < k1; k++) {
                        int idx = (int) (rowOff + k);
                        float v = switch (dt) {
                            case "F32" -> b.getFloat(idx * 4);
                            case "F16" -> Float.float16ToFloat(b.getShort(idx * 2));
                            case "BF16" -> Float.intBitsToFloat((b.getShort(idx * 2) & 0xffff) << 16);
                            default -> throw new InputException(e.file() + ": tensor " + e.name() + ": dtype " + dt + "; expected F32, F16 or BF16");
                        };
                        w[k * N + n] = v;
                    }
                }
            }
        }
        return w;
    }

    private static int block(String tensor) {
        Matcher m = LLAMA.matcher(tensor);
        if (m.matches()) return Integer.parseInt(m.group(1));
        m = OPT.matcher(tensor);
        if (m.matches()) return Integer.parseInt(m.group(1));
        return -1;
    }

    private static String roleKey(String tensor) {
        String s = tensor.substring(0, tensor.length() - ".weight".length());
        return s.substring(s.lastIndexOf('.') + 1);
    }

    private static final List<String> ORDER = List.of("q_proj", "k_proj", "v_proj", "o_proj", "out_proj", "gate_proj", "up_proj", "fc1", "down_proj", "fc2");

    private static int order(String tensor) { return ORDER.indexOf(roleKey(tensor)); }

    private static LayerRole roleOf(String key) {
        return switch (key) {
            case "q_proj" -> LayerRole.QUERY;
            case "k_proj" -> LayerRole.KEY;
            case "v_proj" -> LayerRole.VALUE;
            case "o_proj", "out_proj" -> LayerRole.ATTENTION_OUTPUT;
            case "gate_proj" -> LayerRole.FFN_GATE;
            case "up_proj", "fc1" -> LayerRole.FFN_UP;
            case "down_proj", "fc2" -> LayerRole.FFN_DOWN;
            default -> LayerRole.OTHER;
        };
    }

    @Override public String name() { return name; }

    public Path source() { return source; }

    /** "llama" or "opt". */
    public String architecture() { return architecture; }

    public Map<String, Entry> tensors() { return entries; }

    @Override public boolean synthetic() { return false; }

    @Override public List<LinearLayer> layers() { return layers; }
}
