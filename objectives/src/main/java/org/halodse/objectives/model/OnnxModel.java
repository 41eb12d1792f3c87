package org.halodse.objectives.model;

import org.halodse.hw.liberty.InputException;

import java.io.IOException;
import java.io.InputStream;
import java.net.JarURLConnection;
import java.net.URL;
import java.net.URLConnection;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The initializers and nodes of an ONNX model, read with a small protobuf reader of our own. A file
 * is memory-mapped; a model inside a jar is inflated once into one array of its exact size. Only
 * positions are kept: a tensor's values are decoded when asked for. Only inline data is supported
 * (raw_data or float_data); a model whose weights live in external files is rejected.
 *
 * <p>Each MatMul whose second input is a 2-D floating-point initializer is a linear layer; its name
 * and {@link LayerRole} come from the node's name (e.g. {@code /encoder/layer.0/attention/self/query/MatMul}
 * gives {@code encoder.layer.0.attention.self.query}, {@link LayerRole#QUERY}, block 0). ONNX MatMul
 * weights are stored input x output, which is already our K x N layout.
 */
public final class OnnxModel implements ModelSource {
    /** ONNX TensorProto.DataType codes used here. */
    public static final int FLOAT = 1, UINT8 = 2, INT8 = 3, INT32 = 6, INT64 = 7, FLOAT16 = 10, DOUBLE = 11, BFLOAT16 = 16;

    /** An initializer: where its data is in the buffer. {@code packedFloats} marks float_data rather than raw_data. */
    public record Tensor(String name, long[] dims, int dataType, int dataStart, int dataLength, boolean packedFloats) {
        public long elements() {
            long n = 1;
            for (long d : dims) n *= d;
            return n;
        }
    }

    /** A graph node. */
    public record Node(String name, String opType, List<String> inputs, List<String> outputs) {}

    private final String name;
    private final String source;
    private final ByteBuffer buf;
    private final Map<String, Tensor> tensors;
    private final List<Node> nodes;
    private final List<LinearLayer> layers;

    private OnnxModel(String name, String source, ByteBuffer buf) {
        this.name = name;
        this.source = source;
        this.buf = buf.order(ByteOrder.LITTLE_ENDIAN);
        Map<String, Tensor> ts = new LinkedHashMap<>();
        List<Node> ns = new ArrayList<>();
        try {
            parse(ts, ns);
        } catch (IllegalArgumentException e) {
            throw new InputException(source + ": not a readable ONNX model (" + e.getMessage() + ")");
        }
        if (ts.isEmpty()) throw new InputException(source + ": no initializers found; expected an ONNX model with inline weights");
        this.tensors = Collections.unmodifiableMap(ts);
        this.nodes = List.copyOf(ns);
        this.layers = List.copyOf(findLayers());
    }

    /** Memory-maps an ONNX file. */
    public static OnnxModel open(Path file) {
        String src = file.toString();
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = ch.size();
            if (size > Integer.MAX_VALUE) throw new InputException(src + ": " + size + " bytes; expected an ONNX file under 2 GB (larger models use external data, which is not supported)");
            ByteBuffer mapped = ch.map(FileChannel.MapMode.READ_ONLY, 0, size);
            return new OnnxModel(stripExt(file.getFileName().toString()), src, mapped);
        } catch (IOException e) {
            throw new InputException(src + ": cannot read (" + e.getMessage() + ")");
        }
    }

    /** Reads an ONNX model from a classpath resource (e.g. inside a jar), inflating it once. */
    public static OnnxModel fromResource(String modelName, String resource) {
        return new OnnxModel(modelName, "classpath:" + resource, readResource(resource));
    }

    static ByteBuffer readResource(String resource) {
        URL url = OnnxModel.class.getClassLoader().getResource(resource);
        if (url == null) throw new InputException("classpath:" + resource + ": not found; expected the model's jar on the classpath");
        try {
            URLConnection c = url.openConnection();
            long size = c instanceof JarURLConnection j ? j.getJarEntry().getSize() : c.getContentLengthLong();
            try (InputStream in = c.getInputStream()) {
                if (size < 0 || size > Integer.MAX_VALUE - 16) return ByteBuffer.wrap(in.readAllBytes());
                byte[] b = new byte[(int) size];
                int n = in.readNBytes(b, 0, b.length);
                if (n != b.length) throw new InputException("classpath:" + resource + ": truncated, " + n + " of " + size + " bytes");
                return ByteBuffer.wrap(b);
            }
        } catch (IOException e) {
            throw new InputException("classpath:" + resource + ": cannot read (" + e.getMessage() + ")");
        }
    }

    @Override public String name() { return name; }

    /** The file or resource read. */
    public String source() { return source; }

    @Override public String identity() {
        String s = source;
        try {
            java.nio.file.Path f = java.nio.file.Path.of(source);
            if (java.nio.file.Files.isRegularFile(f)) s += "|" + java.nio.file.Files.size(f) + "|" + java.nio.file.Files.getLastModifiedTime(f).toMillis();
        } catch (RuntimeException | java.io.IOException e) {
            // a resource inside a jar: its name and version are in the source string
        }
        return s;
    }

    @Override public boolean synthetic() { return false; }

    @Override public List<LinearLayer> layers() { return layers; }

    public Map<String, Tensor> tensors() { return tensors; }

    public List<Node> nodes() { return nodes; }

    public Optional<Tensor> tensor(String name) { return Optional.ofNullable(tensors.get(name)); }

    /** A floating-point initializer's values as float (FLOAT, FLOAT16, BFLOAT16, DOUBLE). */
    public float[] floats(String tensorName) {
        Tensor t = tensors.get(tensorName);
        if (t == null) throw new InputException(source + ": no initializer named " + tensorName);
        return floats(t);
    }

    public float[] floats(Tensor t) {
        long n = t.elements();
        if (n > Integer.MAX_VALUE) throw new InputException(source + ": tensor " + t.name() + " has " + n + " elements; too large");
        int count = (int) n;
        float[] out = new float[count];
        ByteBuffer b = buf.duplicate().order(ByteOrder.LITTLE_ENDIAN);
        if (t.packedFloats()) {
            if (t.dataType() != FLOAT || t.dataLength() != 4L * count) throw new InputException(source + ": tensor " + t.name() + ": float_data holds " + t.dataLength() / 4 + " values, expected " + count);
            b.position(t.dataStart()).limit(t.dataStart() + t.dataLength());
            b.slice().order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(out);
            return out;
        }
        int size = switch (t.dataType()) {
            case FLOAT -> 4;
            case FLOAT16, BFLOAT16 -> 2;
            case DOUBLE -> 8;
            default -> throw new InputException(source + ": tensor " + t.name() + ": data type " + t.dataType() + "; expected a floating-point tensor (FLOAT, FLOAT16, BFLOAT16, DOUBLE)");
        };
        if (t.dataLength() != (long) size * count) {
            throw new InputException(source + ": tensor " + t.name() + ": raw_data has " + t.dataLength() + " bytes, expected " + (long) size * count + " for shape " + java.util.Arrays.toString(t.dims()));
        }
        b.position(t.dataStart()).limit(t.dataStart() + t.dataLength());
        ByteBuffer s = b.slice().order(ByteOrder.LITTLE_ENDIAN);
        switch (t.dataType()) {
            case FLOAT -> s.asFloatBuffer().get(out);
            case FLOAT16 -> { for (int i = 0; i < count; i++) out[i] = Float.float16ToFloat(s.getShort(2 * i)); }
            case BFLOAT16 -> { for (int i = 0; i < count; i++) out[i] = Float.intBitsToFloat((s.getShort(2 * i) & 0xffff) << 16); }
            case DOUBLE -> { for (int i = 0; i < count; i++) out[i] = (float) s.getDouble(8 * i); }
            default -> throw new AssertionError();
        }
        return out;
    }

    // ---------------------------------------------------------------- parsing

    private void parse(Map<String, Tensor> ts, List<Node> ns) {
        ProtoReader model = new ProtoReader(buf, 0, buf.limit());
        boolean sawGraph = false;
        while (model.next()) {
            if (model.field() == 7 && model.wireType() == ProtoReader.LEN) { // ModelProto.graph
                sawGraph = true;
                ProtoReader g = model.subMessage();
                while (g.next()) {
                    if (g.field() == 1 && g.wireType() == ProtoReader.LEN) ns.add(parseNode(g.subMessage()));
                    else if (g.field() == 5 && g.wireType() == ProtoReader.LEN) {
                        Tensor t = parseTensor(g.subMessage());
                        ts.put(t.name(), t);
                    } else g.skip();
                }
            } else model.skip();
        }
        if (!sawGraph) throw new IllegalArgumentException("no graph (ModelProto field 7)");
    }

    private static Node parseNode(ProtoReader r) {
        String name = "", op = "";
        List<String> in = new ArrayList<>(), out = new ArrayList<>();
        while (r.next()) {
            switch (r.field()) {
                case 1 -> in.add(r.readString());
                case 2 -> out.add(r.readString());
                case 3 -> name = r.readString();
                case 4 -> op = r.readString();
                default -> r.skip();
            }
        }
        return new Node(name, op, List.copyOf(in), List.copyOf(out));
    }

    private Tensor parseTensor(ProtoReader r) {
        List<Long> dims = new ArrayList<>();
        int type = 0, start = -1, length = 0;
        boolean packed = false, external = false;
        String tname = "";
        while (r.next()) {
            switch (r.field()) {
                case 1 -> r.readInt64s(dims);
                case 2 -> type = (int) r.readVarint();
                case 4 -> {
                    if (r.wireType() == ProtoReader.LEN) { start = r.bytesStart(); length = r.bytesLength(); packed = true; }
                    else r.skip();
                }
                case 8 -> tname = r.readString();
                case 9 -> { start = r.bytesStart(); length = r.bytesLength(); packed = false; }
                case 13 -> { external = true; r.skip(); }
                case 14 -> { if (r.readVarint() == 1) external = true; }
                default -> r.skip();
            }
        }
        if (external) {
            throw new InputException(source + ": tensor " + tname + ": data is in an external file (external_data); expected inline raw_data (re-export the model without external data)");
        }
        long[] d = dims.stream().mapToLong(Long::longValue).toArray();
        for (long x : d) if (x < 0) throw new InputException(source + ": tensor " + tname + ": negative dimension " + x);
        if (start < 0) { start = 0; length = 0; }
        return new Tensor(tname, d, type, start, length, packed);
    }

    // ---------------------------------------------------------------- linear layers

    private static final Pattern BLOCK = Pattern.compile("(?:layer|layers|h|block|blocks)[._/](\\d+)(?:[._/]|$)");

    private List<LinearLayer> findLayers() {
        List<LinearLayer> out = new ArrayList<>();
        Map<String, Integer> seen = new HashMap<>();
        for (Node n : nodes) {
            if (!n.opType().equals("MatMul") && !n.opType().equals("Gemm")) continue;
            if (n.inputs().size() < 2) continue;
            Tensor w = tensors.get(n.inputs().get(1));
            if (w == null || w.dims().length != 2) continue;
            if (w.dataType() != FLOAT && w.dataType() != FLOAT16 && w.dataType() != BFLOAT16 && w.dataType() != DOUBLE) continue;
            if (n.opType().equals("Gemm")) continue; // transB attributes not read: Gemm weights are not mapped (BERT exports use MatMul)
            String lname = layerName(n, w);
            if (seen.merge(lname, 1, Integer::sum) > 1) lname = lname + "#" + seen.get(lname);
            int k = (int) w.dims()[0], nOut = (int) w.dims()[1];
            final Tensor tw = w;
            out.add(new LinearLayer(lname, block(lname), role(lname), k, nOut, () -> floats(tw)));
        }
        return out;
    }

    /** The MatMul node that reads a layer's weight (for graph tracing, e.g. its bias Add). */
    public Optional<Node> nodeOf(LinearLayer layer) {
        for (Node n : nodes) {
            if (n.opType().equals("MatMul") && n.inputs().size() >= 2 && tensors.containsKey(n.inputs().get(1))
                    && layerName(n, tensors.get(n.inputs().get(1))).equals(layer.name())) return Optional.of(n);
        }
        return Optional.empty();
    }

    static String layerName(Node n, Tensor w) {
        String s = n.name();
        if (s.isEmpty()) {
            s = w.name();
            if (s.endsWith(".weight")) s = s.substring(0, s.length() - 7);
            return s;
        }
        if (s.startsWith("/")) s = s.substring(1);
        if (s.endsWith("/MatMul")) s = s.substring(0, s.length() - 7);
        return s.replace('/', '.');
    }

    static int block(String layerName) {
        Matcher m = BLOCK.matcher(layerName);
        return m.find() ? Integer.parseInt(m.group(1)) : -1;
    }

    static LayerRole role(String layerName) {
        String s = layerName.toLowerCase(java.util.Locale.ROOT);
        if (s.endsWith("query") || s.endsWith("q_proj")) return LayerRole.QUERY;
        if (s.endsWith("key") || s.endsWith("k_proj")) return LayerRole.KEY;
        if (s.endsWith("value") || s.endsWith("v_proj")) return LayerRole.VALUE;
        if (s.endsWith("attention.output.dense") || s.endsWith("o_proj") || s.endsWith("out_proj")) return LayerRole.ATTENTION_OUTPUT;
        if (s.endsWith("intermediate.dense") || s.endsWith("up_proj") || s.endsWith("fc1")) return LayerRole.FFN_UP;
        if (s.endsWith("gate_proj")) return LayerRole.FFN_GATE;
        if (s.endsWith("output.dense") || s.endsWith("down_proj") || s.endsWith("fc2")) return LayerRole.FFN_DOWN;
        return LayerRole.OTHER;
    }

    private static String stripExt(String f) {
        int i = f.lastIndexOf('.');
        return i > 0 ? f.substring(0, i) : f;
    }

    @Override public String toString() { return "OnnxModel[" + name + ", " + source + ", " + layers.size() + " linear layers]"; }
}
