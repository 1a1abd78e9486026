package io.symoe.accelerators.jmh;

import io.symoe.accelerators.gguf.GGMLType;
import io.symoe.accelerators.tensor.FloatTensor;
import io.symoe.accelerators.tensor.Matrix;
import io.symoe.accelerators.tensor.Quantizer;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.SplittableRandom;

/**
 * Copies of one ROWS × COLS weight matrix of a type, off-heap, totalling at least 8× the L3 cache, used in turn
 * so every multiply streams its weights from memory (as a decode step does), not from a cache warmed by the
 * previous invocation. Q6_K, which the project only reads, gets random blocks with a sane f16 scale.
 */
final class WeightRing implements AutoCloseable {
    static final int ROWS = 4096;
    static final int COLS = 4096;
    /** 8 × a 32 MiB L3 (this machine's); larger caches make the small types partly cache-resident. */
    private static final long RING_BYTES = 256L << 20;

    private final Arena arena = Arena.ofShared();
    final GGMLType type;
    final Matrix[] matrices;
    final MemorySegment[] segments;
    private int next;

    WeightRing(GGMLType type) {
        this.type = type;
        byte[] bytes = bytes(type, new SplittableRandom(1));
        int copies = (int) Math.max(1, (RING_BYTES + bytes.length - 1) / bytes.length);
        matrices = new Matrix[copies];
        segments = new MemorySegment[copies];
        for (int i = 0; i < copies; i++) {
            segments[i] = arena.allocate(bytes.length, 64);
            segments[i].copyFrom(MemorySegment.ofArray(bytes));
            matrices[i] = new Matrix(FloatTensor.of(type, segments[i], (long) ROWS * COLS), 0, ROWS, COLS);
        }
    }

    /** The index of the copy the next multiply reads. */
    int advance() {
        int i = next;
        next = (next + 1) % matrices.length;
        return i;
    }

    static long weightBytes(GGMLType type) {
        return type.bytesFor((long) ROWS * COLS);
    }

    static float[] gaussian(SplittableRandom r, int n) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = (float) r.nextGaussian();
        }
        return v;
    }

    private static byte[] bytes(GGMLType type, SplittableRandom r) {
        if (type != GGMLType.Q6_K) {
            return Quantizer.quantize(type, gaussian(r, ROWS * COLS));
        }
        return randomQ6K(r, ROWS * COLS);
    }

    /** Random Q6_K blocks of {@code n} elements, each with the f16 scale 0.01. */
    static byte[] randomQ6K(SplittableRandom r, int n) {
        byte[] b = new byte[(int) GGMLType.Q6_K.bytesFor(n)];
        for (int i = 0; i < b.length; i++) {
            b[i] = (byte) r.nextInt(256);
        }
        short d = Float.floatToFloat16(0.01f); // random bytes there could be an f16 NaN or infinity
        for (int block = 0; block < b.length / 210; block++) {
            b[block * 210 + 208] = (byte) d;
            b[block * 210 + 209] = (byte) (d >> 8);
        }
        return b;
    }

    @Override
    public void close() {
        arena.close();
    }
}
