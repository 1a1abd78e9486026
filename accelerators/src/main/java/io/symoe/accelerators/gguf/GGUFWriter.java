package io.symoe.accelerators.gguf;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes GGUF v3 files (test fixtures, synthetic benchmark models). Values are typed explicitly so the file says
 * exactly what llama.cpp's gguf-py would write; tensor data is aligned to {@code general.alignment} (32).
 */
public final class GGUFWriter {
    private final Map<String, MetadataValue> metadata = new LinkedHashMap<>();
    private final List<Tensor> tensors = new ArrayList<>();
    private final int alignment = GGUFReader.DEFAULT_ALIGNMENT;

    private record Tensor(String name, GGMLType type, long[] dims, byte[] data) {
    }

    public GGUFWriter put(String key, MetadataValue value) {
        metadata.put(key, value);
        return this;
    }

    public GGUFWriter putString(String key, String v) {
        return put(key, MetadataValue.of(GGUFValueType.STRING, v));
    }

    public GGUFWriter putUInt32(String key, long v) {
        return put(key, MetadataValue.of(GGUFValueType.UINT32, v));
    }

    public GGUFWriter putInt32(String key, int v) {
        return put(key, MetadataValue.of(GGUFValueType.INT32, (long) v));
    }

    public GGUFWriter putFloat32(String key, float v) {
        return put(key, MetadataValue.of(GGUFValueType.FLOAT32, v));
    }

    public GGUFWriter putBool(String key, boolean v) {
        return put(key, MetadataValue.of(GGUFValueType.BOOL, v));
    }

    public GGUFWriter putStringArray(String key, String[] v) {
        return put(key, new MetadataValue(GGUFValueType.ARRAY, v.clone(), GGUFValueType.STRING));
    }

    public GGUFWriter putFloatArray(String key, float[] v) {
        return put(key, new MetadataValue(GGUFValueType.ARRAY, v.clone(), GGUFValueType.FLOAT32));
    }

    public GGUFWriter putIntArray(String key, GGUFValueType elementType, long[] v) {
        return put(key, new MetadataValue(GGUFValueType.ARRAY, v.clone(), elementType));
    }

    /** Adds a tensor whose bytes are already in {@code type}'s layout; {@code dims} in ggml order. */
    public GGUFWriter addTensor(String name, GGMLType type, long[] dims, byte[] data) {
        long n = 1;
        for (long d : dims) {
            n = Math.multiplyExact(n, d);
        }
        if (type.bytesFor(n) != data.length) {
            throw new IllegalArgumentException(name + ": " + data.length + " bytes for " + n + " " + type + " elements");
        }
        tensors.add(new Tensor(name, type, dims.clone(), data));
        return this;
    }

    public byte[] toBytes() {
        Sink out = header();
        for (int i = 0; i < tensors.size(); i++) {
            out.bytes(tensors.get(i).data);
            out.pad(alignment);
        }
        return out.toByteArray();
    }

    /** Header, metadata and tensor infos, padded to the start of the data section. */
    private Sink header() {
        Sink out = new Sink();
        out.i32(GGUFReader.MAGIC);
        out.i32(3);
        out.i64(tensors.size());
        out.i64(metadata.size());
        for (var e : metadata.entrySet()) {
            out.string(e.getKey());
            out.i32(e.getValue().type().ordinal());
            writeValue(out, e.getValue());
        }
        long offset = 0;
        for (Tensor t : tensors) {
            out.string(t.name);
            out.i32(t.dims.length);
            for (long d : t.dims) {
                out.i64(d);
            }
            out.i32(t.type.id());
            out.i64(offset);
            offset = GGUFReader.alignUp(offset + t.data.length, alignment);
        }
        out.pad(alignment);
        return out;
    }

    /** Streams the file: tensor data is written straight from the added arrays, not gathered in one buffer. */
    public void write(Path path) throws IOException {
        try (OutputStream os = new java.io.BufferedOutputStream(Files.newOutputStream(path), 1 << 20)) {
            os.write(header().toByteArray());
            for (Tensor t : tensors) {
                os.write(t.data);
                int pad = (int) (GGUFReader.alignUp(t.data.length, alignment) - t.data.length);
                os.write(new byte[pad]);
            }
        }
    }

    private static void writeValue(Sink out, MetadataValue v) {
        switch (v.type()) {
            case UINT8, INT8, BOOL -> out.u8(v.value() instanceof Boolean b ? (b ? 1 : 0) : (int) (long) (Long) v.value());
            case UINT16, INT16 -> { long x = (Long) v.value(); out.u8((int) x); out.u8((int) (x >> 8)); }
            case UINT32, INT32 -> out.i32((int) (long) (Long) v.value());
            case UINT64, INT64 -> out.i64((Long) v.value());
            case FLOAT32 -> out.i32(Float.floatToRawIntBits((Float) v.value()));
            case FLOAT64 -> out.i64(Double.doubleToRawLongBits((Double) v.value()));
            case STRING -> out.string((String) v.value());
            case ARRAY -> writeArray(out, v);
        }
    }

    private static void writeArray(Sink out, MetadataValue v) {
        GGUFValueType et = v.elementType();
        out.i32(et.ordinal());
        switch (v.value()) {
            case long[] a -> { out.i64(a.length); for (long x : a) writeValue(out, MetadataValue.of(et, x)); }
            case float[] a -> { out.i64(a.length); for (float x : a) out.i32(Float.floatToRawIntBits(x)); }
            case double[] a -> { out.i64(a.length); for (double x : a) out.i64(Double.doubleToRawLongBits(x)); }
            case boolean[] a -> { out.i64(a.length); for (boolean x : a) out.u8(x ? 1 : 0); }
            case String[] a -> { out.i64(a.length); for (String x : a) out.string(x); }
            case MetadataValue[] a -> { out.i64(a.length); for (MetadataValue x : a) writeArray(out, x); }
            default -> throw new IllegalArgumentException("unsupported array value " + v.value().getClass());
        }
    }

    /** A growable little-endian byte sink. */
    private static final class Sink {
        private ByteBuffer buf = ByteBuffer.allocate(1 << 16).order(ByteOrder.LITTLE_ENDIAN);

        private void ensure(int n) {
            if (buf.remaining() < n) {
                ByteBuffer b = ByteBuffer.allocate(Math.max(buf.capacity() * 2, buf.position() + n)).order(ByteOrder.LITTLE_ENDIAN);
                buf.flip();
                b.put(buf);
                buf = b;
            }
        }

        void u8(int v) { ensure(1); buf.put((byte) v); }
        void i32(int v) { ensure(4); buf.putInt(v); }
        void i64(long v) { ensure(8); buf.putLong(v); }
        void bytes(byte[] b) { ensure(b.length); buf.put(b); }

        void string(String s) {
            byte[] b = s.getBytes(StandardCharsets.UTF_8);
            i64(b.length);
            bytes(b);
        }

        void pad(int alignment) {
            while (buf.position() % alignment != 0) {
                u8(0);
            }
        }

        byte[] toByteArray() {
            byte[] out = new byte[buf.position()];
            buf.flip();
            buf.get(out);
            return out;
        }
    }
}
