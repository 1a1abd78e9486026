package io.symoe.accelerators.gguf;

/**
 * One metadata value as read. Scalars are boxed ({@code Long} for every integer type, {@code Float}/{@code Double},
 * {@code Boolean}, {@code String}); arrays are {@code long[]}, {@code float[]}, {@code double[]}, {@code boolean[]},
 * {@code String[]} or, for nested arrays, {@code MetadataValue[]}, with {@code elementType} set.
 */
public record MetadataValue(GGUFValueType type, Object value, GGUFValueType elementType) {
    public static MetadataValue of(GGUFValueType type, Object value) {
        return new MetadataValue(type, value, null);
    }
}
