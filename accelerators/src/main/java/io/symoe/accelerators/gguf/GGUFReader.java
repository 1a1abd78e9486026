package io.symoe.accelerators.gguf;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Parses a GGUF v2/v3 image. The file is untrusted: every count, length, offset, dimension and type is checked
 * against what the file can actually hold before anything is allocated, so a corrupt file fails with a
 * {@link GGUFFormatException} naming the field, never with an exception from deep inside or an OOM.
 */
final class GGUFReader {
    static final int MAGIC = 0x46554747; // "GGUF" little-endian
    static final int DEFAULT_ALIGNMENT = 32;
    /** ggml's GGML_MAX_DIMS. */
    static final int MAX_DIMS = 4;
    private static final int MAX_ARRAY_NESTING = 4;
    private static final ValueLayout.OfInt I32 = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfLong I64 = ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

    private final MemorySegment seg;
    private final long size;
    private long pos;

    private GGUFReader(MemorySegment seg) {
        this.seg = seg;
        this.size = seg.byteSize();
    }

    static GGUF parse(MemorySegment seg, Arena arena) {
        return new GGUFReader(seg).read(arena);
    }

    private GGUF read(Arena arena) {
        need(4, "magic");
        int magic = seg.get(I32, 0);
        pos = 4;
        if (magic != MAGIC) {
            throw new GGUFFormatException(String.format("not a GGUF file: magic is 0x%08x, expected 0x%08x (\"GGUF\")", magic, MAGIC));
        }
        int version = readI32("version");
        if (version != 2 && version != 3) {
            throw new GGUFFormatException("unsupported GGUF version " + version + " (supported: 2, 3)");
        }
        long nTensors = readCount("tensor count", 8 + 4 + 4 + 8);
        long nKv = readCount("metadata key/value count", 8 + 4 + 1);

        Map<String, MetadataValue> metadata = new LinkedHashMap<>();
        for (long i = 0; i < nKv; i++) {
            String key = readString("key of metadata entry " + i);
            int typeId = readI32("type of metadata '" + key + "'");
            GGUFValueType type = valueType(typeId, "metadata '" + key + "'");
            MetadataValue v = readValue(type, key, 0);
            if (metadata.put(key, v) != null) {
                throw new GGUFFormatException("duplicate metadata key '" + key + "'");
            }
        }

        int alignment = DEFAULT_ALIGNMENT;
        MetadataValue al = metadata.get("general.alignment");
        if (al != null) {
            if (!(al.value() instanceof Long a) || a <= 0 || a > (1 << 20) || Long.bitCount(a) != 1) {
                throw new GGUFFormatException("general.alignment must be a power of two up to 1 MiB, got " + al.value());
            }
            alignment = (int) (long) a;
        }

        Map<String, TensorInfo> tensors = new LinkedHashMap<>();
        for (long i = 0; i < nTensors; i++) {
            String name = readString("name of tensor " + i);
            int nDims = readI32("dimension count of tensor '" + name + "'");
            if (nDims < 1 || nDims > MAX_DIMS) {
                throw new GGUFFormatException("tensor '" + name + "' has " + nDims + " dimensions (1.." + MAX_DIMS + " allowed)");
            }
            long[] dims = new long[nDims];
            long elements = 1;
            for (int d = 0; d < nDims; d++) {
                dims[d] = readI64("dimension " + d + " of tensor '" + name + "'");
                if (dims[d] < 1) {
                    throw new GGUFFormatException("tensor '" + name + "' dimension " + d + " is " + Long.toUnsignedString(dims[d]));
                }
                try {
                    elements = Math.multiplyExact(elements, dims[d]);
                } catch (ArithmeticException e) {
                    throw new GGUFFormatException("tensor '" + name + "' element count overflows");
                }
            }
            int typeId = readI32("type of tensor '" + name + "'");
            GGMLType type = GGMLType.byId(typeId);
            if (type == null) {
                throw new GGUFFormatException("tensor '" + name + "' has unsupported ggml type " + typeId);
            }
            if (dims[0] % type.blockSize() != 0) {
                throw new GGUFFormatException("tensor '" + name + "' row length " + dims[0] + " is not a multiple of the "
                        + type + " block size " + type.blockSize());
            }
            long offset = readI64("data offset of tensor '" + name + "'");
            if (offset < 0 || offset % alignment != 0) {
                throw new GGUFFormatException("tensor '" + name + "' offset " + Long.toUnsignedString(offset)
                        + " is negative or not aligned to " + alignment);
            }
            TensorInfo info = new TensorInfo(name, type, dims, offset);
            if (tensors.put(name, info) != null) {
                throw new GGUFFormatException("duplicate tensor '" + name + "'");
            }
            if (elements > size) { // every supported type needs at least half a byte per element
                throw new GGUFFormatException("tensor '" + name + "' has " + elements + " elements, more than the file can hold");
            }
        }

        long dataOffset = alignUp(pos, alignment);
        if (dataOffset > size) {
            throw new GGUFFormatException("tensor data section starts at " + dataOffset + ", past the end of the file (" + size + " bytes)");
        }
        long dataSize = size - dataOffset;
        for (TensorInfo t : tensors.values()) {
            long bytes = t.byteSize();
            if (t.offset() > dataSize || bytes > dataSize - t.offset()) {
                throw new GGUFFormatException("tensor '" + t.name() + "' data [" + t.offset() + ", +" + bytes
                        + ") runs past the end of the data section (" + dataSize + " bytes)");
            }
        }
        return new GGUF(version, metadata, tensors, dataOffset, seg, arena);
    }

    private MetadataValue readValue(GGUFValueType type, String key, int depth) {
        String what = "metadata '" + key + "'";
        return switch (type) {
            case UINT8 -> MetadataValue.of(type, (long) (readBytes(1, what)[0] & 0xFF));
            case INT8 -> MetadataValue.of(type, (long) readBytes(1, what)[0]);
            case UINT16 -> { byte[] b = readBytes(2, what); yield MetadataValue.of(type, (long) ((b[0] & 0xFF) | (b[1] & 0xFF) << 8)); }
            case INT16 -> { byte[] b = readBytes(2, what); yield MetadataValue.of(type, (long) (short) ((b[0] & 0xFF) | (b[1] & 0xFF) << 8)); }
            case UINT32 -> MetadataValue.of(type, Integer.toUnsignedLong(readI32(what)));
            case INT32 -> MetadataValue.of(type, (long) readI32(what));
            case UINT64, INT64 -> MetadataValue.of(type, readI64(what));
            case FLOAT32 -> MetadataValue.of(type, Float.intBitsToFloat(readI32(what)));
            case FLOAT64 -> MetadataValue.of(type, Double.longBitsToDouble(readI64(what)));
            case BOOL -> {
                int b = readBytes(1, what)[0];
                if (b != 0 && b != 1) {
                    throw new GGUFFormatException(what + " is a bool with value " + b);
                }
                yield MetadataValue.of(type, b == 1);
            }
            case STRING -> MetadataValue.of(type, readString(what));
            case ARRAY -> readArray(key, depth);
        };
    }

    private MetadataValue readArray(String key, int depth) {
        String what = "array metadata '" + key + "'";
        if (depth >= MAX_ARRAY_NESTING) {
            throw new GGUFFormatException(what + " nests arrays deeper than " + MAX_ARRAY_NESTING);
        }
        GGUFValueType et = valueType(readI32("element type of " + what), what);
        long n = readI64("length of " + what);
        if (n < 0 || n > (size - pos) / et.minBytes) {
            throw new GGUFFormatException(what + " claims " + Long.toUnsignedString(n) + " " + et
                    + " elements, more than the remaining " + (size - pos) + " bytes can hold");
        }
        int count = (int) n; // bounded by the file size over minBytes; files over 2^31 elements per array are not supported
        if (n > Integer.MAX_VALUE - 8) {
            throw new GGUFFormatException(what + " is too long (" + n + ")");
        }
        Object value = switch (et) {
            case UINT8, INT8, UINT16, INT16, UINT32, INT32, UINT64, INT64 -> {
                long[] a = new long[count];
                for (int i = 0; i < count; i++) {
                    a[i] = (Long) readValue(et, key, depth + 1).value();
                }
                yield a;
            }
            case FLOAT32 -> {
                need(4L * count, what);
                float[] a = new float[count];
                MemorySegment.copy(seg, ValueLayout.JAVA_FLOAT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN), pos, a, 0, count);
                pos += 4L * count;
                yield a;
            }
            case FLOAT64 -> {
                double[] a = new double[count];
                for (int i = 0; i < count; i++) {
                    a[i] = (Double) readValue(et, key, depth + 1).value();
                }
                yield a;
            }
            case BOOL -> {
                boolean[] a = new boolean[count];
                for (int i = 0; i < count; i++) {
                    a[i] = (Boolean) readValue(et, key, depth + 1).value();
                }
                yield a;
            }
            case STRING -> {
                String[] a = new String[count];
                for (int i = 0; i < count; i++) {
                    a[i] = readString("element " + i + " of " + what);
                }
                yield a;
            }
            case ARRAY -> {
                MetadataValue[] a = new MetadataValue[count];
                for (int i = 0; i < count; i++) {
                    a[i] = readArray(key, depth + 1);
                }
                yield a;
            }
        };
        return new MetadataValue(GGUFValueType.ARRAY, value, et);
    }

    private GGUFValueType valueType(int id, String what) {
        GGUFValueType t = GGUFValueType.byId(id);
        if (t == null) {
            throw new GGUFFormatException(what + " has unknown value type " + id + " at offset " + (pos - 4));
        }
        return t;
    }

    private long readCount(String what, int minBytesEach) {
        long n = readI64(what);
        if (n < 0 || n > (size - pos) / minBytesEach) {
            throw new GGUFFormatException(what + " " + Long.toUnsignedString(n) + " is more than a " + size + "-byte file can hold");
        }
        return n;
    }

    private String readString(String what) {
        long len = readI64("length of " + what);
        if (len < 0 || len > size - pos) {
            throw new GGUFFormatException(what + " has length " + Long.toUnsignedString(len) + " at offset " + (pos - 8)
                    + ", past the end of the file (" + size + " bytes)");
        }
        if (len > Integer.MAX_VALUE - 8) {
            throw new GGUFFormatException(what + " is too long (" + len + " bytes)");
        }
        return new String(readBytes((int) len, what), StandardCharsets.UTF_8);
    }

    private byte[] readBytes(int n, String what) {
        need(n, what);
        byte[] b = new byte[n];
        MemorySegment.copy(seg, ValueLayout.JAVA_BYTE, pos, b, 0, n);
        pos += n;
        return b;
    }

    private int readI32(String what) {
        need(4, what);
        int v = seg.get(I32, pos);
        pos += 4;
        return v;
    }

    private long readI64(String what) {
        need(8, what);
        long v = seg.get(I64, pos);
        pos += 8;
        return v;
    }

    private void need(long n, String what) {
        if (n > size - pos) {
            throw new GGUFFormatException("truncated file: " + what + " needs " + n + " bytes at offset " + pos
                    + " but the file has " + size + " bytes");
        }
    }

    static long alignUp(long x, long alignment) {
        return (x + alignment - 1) / alignment * alignment;
    }
}
