package io.symoe.accelerators.gguf;

/**
 * The ggml tensor types this engine knows, with ggml's ids and block layouts (ggml-common.h): a block of
 * {@link #blockSize()} elements occupies {@link #blockBytes()} bytes.
 */
public enum GGMLType {
    F32(0, 1, 4),
    F16(1, 1, 2),
    /** f16 scale d, then 16 bytes: element j is (low nibble of byte j) - 8, element j+16 the high nibble. */
    Q4_0(2, 32, 2 + 16),
    /** f16 scale d, then 32 signed bytes. */
    Q8_0(8, 32, 2 + 32),
    /** ql[128] low 4 bits, qh[64] high 2 bits, int8 scales[16], f16 super-block scale d (last). */
    Q6_K(14, 256, 128 + 64 + 16 + 2),
    BF16(30, 1, 2);

    private final int id;
    private final int blockSize;
    private final int blockBytes;

    GGMLType(int id, int blockSize, int blockBytes) {
        this.id = id;
        this.blockSize = blockSize;
        this.blockBytes = blockBytes;
    }

    public int id() {
        return id;
    }

    public int blockSize() {
        return blockSize;
    }

    public int blockBytes() {
        return blockBytes;
    }

    /** Bytes of {@code elements} elements, which must be a whole number of blocks. */
    public long bytesFor(long elements) {
        if (elements % blockSize != 0) {
            throw new IllegalArgumentException(name() + " needs a multiple of " + blockSize + " elements, got " + elements);
        }
        return Math.multiplyExact(elements / blockSize, (long) blockBytes);
    }

    /** The type with ggml id {@code id}, or null when this engine does not support it. */
    public static GGMLType byId(int id) {
        for (GGMLType t : values()) {
            if (t.id == id) {
                return t;
            }
        }
        return null;
    }
}
