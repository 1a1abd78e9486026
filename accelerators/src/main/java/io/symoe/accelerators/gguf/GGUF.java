package io.symoe.accelerators.gguf;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Collections;
import java.util.Map;
import java.util.Optional;

/**
 * A parsed GGUF file: metadata, tensor infos and the memory-mapped file. Tensor bytes are slices of the mapping,
 * never copies. {@link #close()} unmaps the file; slices must not be used afterwards.
 */
public final class GGUF implements AutoCloseable {
    private final int version;
    private final Map<String, MetadataValue> metadata;
    private final Map<String, TensorInfo> tensors;
    private final long dataOffset;
    private final MemorySegment file;
    private final Arena arena;

    GGUF(int version, Map<String, MetadataValue> metadata, Map<String, TensorInfo> tensors, long dataOffset,
         MemorySegment file, Arena arena) {
        this.version = version;
        this.metadata = Collections.unmodifiableMap(metadata);
        this.tensors = Collections.unmodifiableMap(tensors);
        this.dataOffset = dataOffset;
        this.file = file;
        this.arena = arena;
    }

    /** Maps {@code path} read-only and parses it; a malformed file raises {@link GGUFFormatException}. */
    public static GGUF open(Path path) throws IOException {
        Arena arena = Arena.ofShared();
        try (FileChannel ch = FileChannel.open(path, StandardOpenOption.READ)) {
            MemorySegment seg = ch.map(FileChannel.MapMode.READ_ONLY, 0, ch.size(), arena);
            return GGUFReader.parse(seg, arena);
        } catch (IOException | RuntimeException e) {
            arena.close();
            throw e;
        }
    }

    /** Parses an in-memory image (tests, fuzzing); the segment stays owned by the caller. */
    public static GGUF parse(MemorySegment image) {
        return GGUFReader.parse(image, null);
    }

    public int version() {
        return version;
    }

    public Map<String, MetadataValue> metadata() {
        return metadata;
    }

    public Map<String, TensorInfo> tensors() {
        return tensors;
    }

    public long dataOffset() {
        return dataOffset;
    }

    public Optional<TensorInfo> tensor(String name) {
        return Optional.ofNullable(tensors.get(name));
    }

    /** The bytes of a tensor, a slice of the mapping (bounds were checked when the file was parsed). */
    public MemorySegment data(TensorInfo t) {
        return file.asSlice(dataOffset + t.offset(), t.byteSize());
    }

    public Optional<MetadataValue> value(String key) {
        return Optional.ofNullable(metadata.get(key));
    }

    public boolean has(String key) {
        return metadata.containsKey(key);
    }

    public String getString(String key) {
        return scalar(key, String.class);
    }

    public Optional<String> findString(String key) {
        return has(key) ? Optional.of(getString(key)) : Optional.empty();
    }

    /** An integer-typed value that fits in an int; a float or an out-of-range value is a format error. */
    public int getInt(String key) {
        Long v = scalar(key, Long.class);
        if (v < Integer.MIN_VALUE || v > Integer.MAX_VALUE) {
            throw new GGUFFormatException("metadata '" + key + "' = " + v + " is out of int range");
        }
        return (int) (long) v;
    }

    public int getInt(String key, int fallback) {
        return has(key) ? getInt(key) : fallback;
    }

    public float getFloat(String key) {
        MetadataValue v = require(key);
        return switch (v.value()) {
            case Float f -> f;
            case Double d -> (float) (double) d;
            case Long l -> l;
            default -> throw new GGUFFormatException("metadata '" + key + "' is " + v.type() + ", expected a number");
        };
    }

    public float getFloat(String key, float fallback) {
        return has(key) ? getFloat(key) : fallback;
    }

    public boolean getBoolean(String key, boolean fallback) {
        return has(key) ? scalar(key, Boolean.class) : fallback;
    }

    public String[] getStringArray(String key) {
        return array(key, String[].class);
    }

    public float[] getFloatArray(String key) {
        return array(key, float[].class);
    }

    public long[] getIntArray(String key) {
        return array(key, long[].class);
    }

    private MetadataValue require(String key) {
        MetadataValue v = metadata.get(key);
        if (v == null) {
            throw new GGUFFormatException("missing metadata key '" + key + "'");
        }
        return v;
    }

    private <T> T scalar(String key, Class<T> type) {
        MetadataValue v = require(key);
        if (!type.isInstance(v.value())) {
            throw new GGUFFormatException("metadata '" + key + "' is " + v.type() + ", expected " + type.getSimpleName());
        }
        return type.cast(v.value());
    }

    private <T> T array(String key, Class<T> type) {
        MetadataValue v = require(key);
        if (!type.isInstance(v.value())) {
            throw new GGUFFormatException("metadata '" + key + "' is " + v.type()
                    + (v.elementType() == null ? "" : " of " + v.elementType()) + ", expected " + type.getSimpleName());
        }
        return type.cast(v.value());
    }

    @Override
    public void close() {
        if (arena != null) {
            arena.close();
        }
    }
}
