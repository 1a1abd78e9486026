package io.symoe.accelerators.gguf;

/** GGUF metadata value types with their on-disk ids (gguf spec, "gguf_metadata_value_type"). */
public enum GGUFValueType {
    UINT8(1), INT8(1), UINT16(2), INT16(2), UINT32(4), INT32(4), FLOAT32(4), BOOL(1), STRING(8), ARRAY(12),
    UINT64(8), INT64(8), FLOAT64(8);

    /** Smallest encoded size of one value: bounds array counts before anything is allocated. */
    final int minBytes;

    GGUFValueType(int minBytes) {
        this.minBytes = minBytes;
    }

    static GGUFValueType byId(int id) {
        GGUFValueType[] all = values();
        return id >= 0 && id < all.length ? all[id] : null;
    }
}
