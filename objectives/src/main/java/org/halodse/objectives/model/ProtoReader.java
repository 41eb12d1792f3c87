package org.halodse.objectives.model;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * A minimal reader of the protobuf wire format over a region of a {@link ByteBuffer} (usually a
 * memory-mapped file): enough for ONNX's ModelProto, GraphProto, NodeProto and TensorProto. It never
 * copies a length-delimited field: {@link #subMessage()} and {@link #bytesStart()} give positions.
 * Malformed input raises {@link IllegalArgumentException}, which callers turn into an input error.
 */
final class ProtoReader {
    static final int VARINT = 0, I64 = 1, LEN = 2, I32 = 5;

    private final ByteBuffer buf;
    private int pos;
    private final int end;
    private int tag;
    private int lenStart, lenLength;

    ProtoReader(ByteBuffer buf, int start, int end) {
        if (start < 0 || end > buf.limit() || start > end) throw new IllegalArgumentException("message region out of range");
        this.buf = buf;
        this.pos = start;
        this.end = end;
    }

    /** Advances to the next field; false at the end of the message. */
    boolean next() {
        if (pos >= end) return false;
        long t = varint();
        tag = (int) t;
        if ((tag >>> 3) == 0) throw new IllegalArgumentException("field number 0 at byte " + pos);
        if (wireType() == LEN) {
            long n = varint();
            if (n < 0 || n > end - pos) throw new IllegalArgumentException("length " + n + " runs past the end of the message at byte " + pos);
            lenStart = pos;
            lenLength = (int) n;
        }
        return true;
    }

    int field() { return tag >>> 3; }

    int wireType() { return tag & 7; }

    long readVarint() {
        if (wireType() != VARINT) throw new IllegalArgumentException("field " + field() + ": expected a varint, wire type " + wireType());
        return varint();
    }

    /** Start (absolute position in the buffer) of the current length-delimited field. */
    int bytesStart() { requireLen(); pos = lenStart + lenLength; return lenStart; }

    int bytesLength() { return lenLength; }

    String readString() {
        int s = bytesStart();
        byte[] b = new byte[lenLength];
        buf.get(s, b);
        return new String(b, StandardCharsets.UTF_8);
    }

    ProtoReader subMessage() {
        int s = bytesStart();
        return new ProtoReader(buf, s, s + lenLength);
    }

    /** Reads packed (LEN) or single (VARINT) int64 values of a repeated field into {@code out}. */
    void readInt64s(java.util.List<Long> out) {
        if (wireType() == VARINT) {
            out.add(varint());
            return;
        }
        int s = bytesStart();
        int save = pos;
        pos = s;
        int e = s + lenLength;
        while (pos < e) out.add(varint());
        if (pos != e) throw new IllegalArgumentException("packed varints overrun");
        pos = save;
    }

    void skip() {
        switch (wireType()) {
            case VARINT -> varint();
            case I64 -> advance(8);
            case I32 -> advance(4);
            case LEN -> pos = lenStart + lenLength;
            default -> throw new IllegalArgumentException("unsupported wire type " + wireType() + " at byte " + pos);
        }
    }

    private void requireLen() {
        if (wireType() != LEN) throw new IllegalArgumentException("field " + field() + ": expected length-delimited, wire type " + wireType());
    }

    private void advance(int n) {
        if (n > end - pos) throw new IllegalArgumentException("truncated field at byte " + pos);
        pos += n;
    }

    private long varint() {
        long result = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            if (pos >= end) throw new IllegalArgumentException("truncated varint at byte " + pos);
            byte b = buf.get(pos++);
            result |= (long) (b & 0x7f) << shift;
            if ((b & 0x80) == 0) return result;
        }
        throw new IllegalArgumentException("malformed varint at byte " + pos);
    }
}
