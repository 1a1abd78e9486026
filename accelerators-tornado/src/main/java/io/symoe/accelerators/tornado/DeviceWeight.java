package io.symoe.accelerators.tornado;

import io.symoe.accelerators.gguf.GGMLType;
import io.symoe.accelerators.tensor.FloatTensor;
import io.symoe.accelerators.tensor.Matrix;
import uk.ac.manchester.tornado.api.types.arrays.ByteArray;
import uk.ac.manchester.tornado.api.types.arrays.FloatArray;

/**
 * A weight tensor in TornadoVM's off-heap array types, in its ggml layout: F32 as a {@link FloatArray}, Q8_0 / Q4_0
 * blocks as a {@link ByteArray} (dequantised in the kernels). Built once per tensor; the task graphs that use it
 * move it to the device with {@code DataTransferMode.FIRST_EXECUTION}.
 */
record DeviceWeight(GGMLType type, FloatArray f32, ByteArray blocks) {

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
                yield new DeviceWeight(t.type(), a, null);
            }
            // fromSegment copies the mapped GGUF bytes into a TornadoVM array (as GPULlama3.java loads Q8_0).
            case Q8_0, Q4_0 -> new DeviceWeight(t.type(), null, ByteArray.fromSegment(t.bytes()));
            default -> throw new IllegalArgumentException("no TornadoVM kernel for " + t.type());
        };
    }

    /** The transfer argument: the array itself. */
    Object array() {
        return f32 != null ? f32 : blocks;
    }
}
