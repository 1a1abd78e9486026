package io.symoe.accelerators.gguf;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class GGUFRoundTripTest {
    private static GGUFWriter sample() {
        GGUFWriter w = new GGUFWriter();
        w.putString("general.architecture", "llama");
        w.putUInt32("u32", 4_000_000_000L);
        w.putInt32("i32", -5);
        w.putFloat32("f32", 1.5f);
        w.putBool("flag", true);
        w.put("u8", MetadataValue.of(GGUFValueType.UINT8, 200L));
        w.put("i16", MetadataValue.of(GGUFValueType.INT16, -300L));
        w.put("u64", MetadataValue.of(GGUFValueType.UINT64, 1L << 40));
        w.put("f64", MetadataValue.of(GGUFValueType.FLOAT64, 2.25));
        w.putStringArray("strings", new String[]{"a", "▁b", ""});
        w.putFloatArray("floats", new float[]{1, 2, 3});
        w.putIntArray("ints", GGUFValueType.INT32, new long[]{-1, 0, 7});
        w.put("nested", new MetadataValue(GGUFValueType.ARRAY, new MetadataValue[]{
                new MetadataValue(GGUFValueType.ARRAY, new long[]{1, 2}, GGUFValueType.UINT8)}, GGUFValueType.ARRAY));
        byte[] f32 = new byte[4 * 8];
        ByteBuffer.wrap(f32).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().put(new float[]{1, 2, 3, 4, 5, 6, 7, 8});
        w.addTensor("t.f32", GGMLType.F32, new long[]{4, 2}, f32);
        byte[] q8 = new byte[34];
        q8[0] = 0x00; q8[1] = 0x3C; // f16 1.0
        for (int i = 0; i < 32; i++) {
            q8[2 + i] = (byte) (i - 16);
        }
        w.addTensor("t.q8", GGMLType.Q8_0, new long[]{32}, q8);
        return w;
    }

    @Test
    void writerOutputReadsBackExactly(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("m.gguf");
        sample().write(file);
        assertArrayEquals(sample().toBytes(), java.nio.file.Files.readAllBytes(file), "streamed and in-memory writes agree");
        try (GGUF g = GGUF.open(file)) {
            assertEquals(3, g.version());
            assertEquals("llama", g.getString("general.architecture"));
            assertEquals(4_000_000_000L, g.value("u32").orElseThrow().value());
            assertEquals(-5, g.getInt("i32"));
            assertEquals(1.5f, g.getFloat("f32"));
            assertTrue(g.getBoolean("flag", false));
            assertEquals(200L, g.value("u8").orElseThrow().value());
            assertEquals(-300L, g.value("i16").orElseThrow().value());
            assertEquals(1L << 40, g.value("u64").orElseThrow().value());
            assertEquals(2.25, g.value("f64").orElseThrow().value());
            assertArrayEquals(new String[]{"a", "▁b", ""}, g.getStringArray("strings"));
            assertArrayEquals(new float[]{1, 2, 3}, g.getFloatArray("floats"));
            assertArrayEquals(new long[]{-1, 0, 7}, g.getIntArray("ints"));
            MetadataValue[] nested = (MetadataValue[]) g.value("nested").orElseThrow().value();
            assertArrayEquals(new long[]{1, 2}, (long[]) nested[0].value());
            TensorInfo t = g.tensor("t.f32").orElseThrow();
            assertArrayEquals(new long[]{4, 2}, t.dims());
            assertEquals(0, (g.dataOffset() + t.offset()) % 32);
            MemorySegment data = g.data(t);
            assertEquals(32, data.byteSize());
            assertEquals(7f, data.get(java.lang.foreign.ValueLayout.JAVA_FLOAT_UNALIGNED, 24));
            assertEquals(34, g.data(g.tensor("t.q8").orElseThrow()).byteSize());
            GGUFFormatException e = assertThrows(GGUFFormatException.class, () -> g.getInt("f32"));
            assertTrue(e.getMessage().contains("f32"), e.getMessage());
            assertThrows(GGUFFormatException.class, () -> g.getString("missing"));
        }
    }

    private static GGUFFormatException parseFails(byte[] image) {
        return assertThrows(GGUFFormatException.class, () -> GGUF.parse(MemorySegment.ofArray(image)));
    }

    private static int indexOf(byte[] hay, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= hay.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (hay[i + j] != needle[j]) continue outer;
            }
            return i;
        }
        return -1;
    }

    @Test
    void malformedFilesFailWithClearMessages() {
        byte[] good = sample().toBytes();
        assertTrue(parseFails(Arrays.copyOf(good, 3)).getMessage().contains("truncated"));
        byte[] magic = good.clone();
        magic[0] = 'X';
        assertTrue(parseFails(magic).getMessage().contains("not a GGUF file"));
        byte[] version = good.clone();
        version[4] = 9;
        assertTrue(parseFails(version).getMessage().contains("version 9"));
        byte[] count = good.clone();
        count[8 + 7] = 0x7F; // tensor count ~ 2^63
        assertTrue(parseFails(count).getMessage().contains("tensor count"));
        // a string length pointing far past the end
        byte[] str = good.clone();
        int at = indexOf(str, "general.architecture".getBytes()) - 8;
        str[at + 6] = 0x10;
        assertTrue(parseFails(str).getMessage().contains("past the end"), () -> parseFails(str).getMessage());
        // cut into the tensor data
        GGUFFormatException cut = parseFails(Arrays.copyOf(good, good.length - 40));
        assertTrue(cut.getMessage().contains("t.q8") || cut.getMessage().contains("t.f32"), cut.getMessage());
        // unsupported tensor type
        byte[] type = good.clone();
        int name = indexOf(type, "t.q8".getBytes());
        int typeAt = name + 4 + 4 + 8; // name, n_dims, one dim
        type[typeAt] = 99;
        assertTrue(parseFails(type).getMessage().contains("unsupported ggml type 99"));
        // misaligned offset
        byte[] off = good.clone();
        off[typeAt + 4] = 3;
        assertTrue(parseFails(off).getMessage().contains("not aligned"));
        // row not a multiple of the block size
        byte[] dims = good.clone();
        dims[name + 4 + 4] = 31;
        assertTrue(parseFails(dims).getMessage().contains("block size"));
    }
}
