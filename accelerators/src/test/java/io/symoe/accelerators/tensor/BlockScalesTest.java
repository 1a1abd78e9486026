package io.symoe.accelerators.tensor;

import org.junit.jupiter.api.Test;

import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The vector f16 conversion of the block scales gives, for every one of the 65 536 halves, Float.float16ToFloat's bits. */
class BlockScalesTest {
    @Test
    void everyHalfConvertsExactly() {
        int blocks = 1 << 16, blockBytes = 6; // scales 6 bytes apart, as in a block, with garbage between them
        ByteBuffer b = ByteBuffer.allocate(blocks * blockBytes).order(ByteOrder.LITTLE_ENDIAN);
        for (int h = 0; h < blocks; h++) {
            b.putShort(h * blockBytes, (short) h);
            b.putShort(h * blockBytes + 2, (short) 0x7E00);
            b.putShort(h * blockBytes + 4, (short) -1);
        }
        float[] xs = new float[blocks];
        for (int k = 0; k < blocks; k++) {
            xs[k] = k % 7 == 0 ? 1f : 0.37f * (k % 13 - 6);
        }
        BlockScales s = BlockScales.local(blocks + 3);
        s.prepare(MemorySegment.ofArray(b.array()), 0, blockBytes, blocks, xs, 3);
        for (int h = 0; h < blocks; h++) {
            float expect = Float.float16ToFloat((short) h) * xs[h];
            assertEquals(Float.floatToRawIntBits(expect), Float.floatToRawIntBits(s.scales[3 + h]),
                    "half 0x" + Integer.toHexString(h));
        }
    }
}
