package io.symoe.accelerators.tornado;

import io.symoe.accelerators.gguf.GGMLType;
import io.symoe.accelerators.tensor.FloatTensor;
import io.symoe.accelerators.tensor.Matrix;
import uk.ac.manchester.tornado.api.types.arrays.ByteArray;
import uk.ac.manchester.tornado.api.types.arrays.FloatArray;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * A weight tensor in TornadoVM's off-heap array types: F32 as a {@link FloatArray}; Q8_0 / Q4_0 split into one F32
 * scale per block ({@code scales}) and the blocks' quantised bytes ({@code quants}: 32 int8 per Q8_0 block, 16 nibble
 * bytes per Q4_0 block, in ggml's order), dequantised in the kernels. The F16 scales are widened on the host because
 * a {@code half} local does not build on devices without cl_khr_fp16 (PoCL's CPU device among them). Built once per
 * tensor; the task graphs that use it move it to the device with {@code DataTransferMode.FIRST_EXECUTION}.
 */
record DeviceWeight(GGMLType type, FloatArray f32, FloatArray scales, ByteArray quants) {

    /**
     * Whether {@code w} can run in a kernel: F32 / Q8_0 / Q4_0, starting on a row (expert slices and whole
     * matrices do), and small enough for TornadoVM's int-indexed arrays (the kernels index bytes with ints).
     */
    static boolean supports(Matrix w) {
        GGMLType t = w.tensor().type();
        boolean typed = t == GGMLType.F32 || t == GGMLType.Q8_0 || t == GGMLType.Q4_0;
        return typed && w.offset() % w.cols() == 0 && (t == GGMLType.F32 || w.cols() % 32 == 0)
                && w.tensor().bytes().byteSize() < Integer.MAX_VALUE;
    }

    static DeviceWeight of(FloatTensor t) {
        return switch (t.type()) {
            case F32 -> {
                // Element by element rather than FloatArray.fromSegment: independent of how a TornadoVM version
                // lays out its array header.
                FloatArray a = new FloatArray(Math.toIntExact(t.size()));
                for (int i = 0; i < a.getSize(); i++) {
                    a.set(i, t.get(i));
                }
                yield new DeviceWeight(t.type(), a, null, null);
            }
            case Q8_0 -> split(t, TornadoKernels.Q8_0_BYTES);
            case Q4_0 -> split(t, TornadoKernels.Q4_0_BYTES);
            default -> throw new IllegalArgumentException("no TornadoVM kernel for " + t.type());
        };
    }

    /** ggml blocks (an F16 scale, then the block's quantised bytes) into scales and quants. */
    private static DeviceWeight split(FloatTensor t, int blockBytes) {
        MemorySegment seg = t.bytes();
        int blocks = Math.toIntExact(t.size() / 32), payload = blockBytes - 2;
        FloatArray scales = new FloatArray(blocks);
        ByteArray quants = new ByteArray(blocks * payload);
        for (int b = 0; b < blocks; b++) {
            long o = (long) b * blockBytes;
            scales.set(b, Float.float16ToFloat(seg.get(ValueLayout.JAVA_SHORT_UNALIGNED, o)));
            for (int j = 0; j < payload; j++) {
                quants.set(b * payload + j, seg.get(ValueLayout.JAVA_BYTE, o + 2 + j));
            }
        }
        return new DeviceWeight(t.type(), null, scales, quants);
    }

    /** The arrays a task graph moves to the device for this weight. */
    Object[] arrays() {
        return f32 != null ? new Object[]{f32} : new Object[]{scales, quants};
    }
}
