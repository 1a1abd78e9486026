package io.symoe.skillrouter.embedding;

import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorSpecies;

/**
 * Four rows at a time: each query chunk is loaded once for four fused multiply-adds, and the four horizontal
 * reductions (the slow part of a SIMD dot product) come once per row rather than once per chunk.
 */
final class SimdSimilarityKernel implements SimilarityKernel {
    private static final VectorSpecies<Float> SPECIES = FloatVector.SPECIES_PREFERRED;

    @Override
    public void dots(float[] matrix, int rows, int dim, float[] query, float[] out) {
        int r = 0;
        for (; r + 3 < rows; r += 4) {
            dot4(matrix, dim, r * dim, (r + 1) * dim, (r + 2) * dim, (r + 3) * dim, query, out, r);
        }
        for (; r < rows; r++) {
            out[r] = dot(matrix, dim, r * dim, query);
        }
    }

    /**
     * {@code out[at .. at + 3]} = the rows starting at b0..b3 · query: each query chunk is loaded once for four
     * fused multiply-adds, one accumulator and lane sum per row (so a row scores the same bits in {@link #dots}
     * and {@link #rowDots}, save that the JIT may order the final lane sum differently from the interpreter).
     * Only arrays and ints cross the call, never a vector.
     */
    private static void dot4(float[] matrix, int dim, int b0, int b1, int b2, int b3, float[] query, float[] out, int at) {
        int upper = SPECIES.loopBound(dim);
        int step = SPECIES.length();
        FloatVector a0 = FloatVector.zero(SPECIES);
        FloatVector a1 = FloatVector.zero(SPECIES);
        FloatVector a2 = FloatVector.zero(SPECIES);
        FloatVector a3 = FloatVector.zero(SPECIES);
        int j = 0;
        for (; j < upper; j += step) {
            FloatVector q = FloatVector.fromArray(SPECIES, query, j);
            a0 = FloatVector.fromArray(SPECIES, matrix, b0 + j).fma(q, a0);
            a1 = FloatVector.fromArray(SPECIES, matrix, b1 + j).fma(q, a1);
            a2 = FloatVector.fromArray(SPECIES, matrix, b2 + j).fma(q, a2);
            a3 = FloatVector.fromArray(SPECIES, matrix, b3 + j).fma(q, a3);
        }
        float s0 = a0.reduceLanes(VectorOperators.ADD);
        float s1 = a1.reduceLanes(VectorOperators.ADD);
        float s2 = a2.reduceLanes(VectorOperators.ADD);
        float s3 = a3.reduceLanes(VectorOperators.ADD);
        for (; j < dim; j++) {
            float q = query[j];
            s0 += matrix[b0 + j] * q;
            s1 += matrix[b1 + j] * q;
            s2 += matrix[b2 + j] * q;
            s3 += matrix[b3 + j] * q;
        }
        out[at] = s0;
        out[at + 1] = s1;
        out[at + 2] = s2;
        out[at + 3] = s3;
    }

    /** One row starting at b · query, with {@link #dot4}'s per-row operations. */
    private static float dot(float[] matrix, int dim, int b, float[] query) {
        int upper = SPECIES.loopBound(dim);
        int step = SPECIES.length();
        FloatVector a = FloatVector.zero(SPECIES);
        int j = 0;
        for (; j < upper; j += step) {
            a = FloatVector.fromArray(SPECIES, matrix, b + j).fma(FloatVector.fromArray(SPECIES, query, j), a);
        }
        float s = a.reduceLanes(VectorOperators.ADD);
        for (; j < dim; j++) {
            s += matrix[b + j] * query[j];
        }
        return s;
    }

    /** Bytes as wide as one float vector has lanes, so one load converts to one float vector. */
    private static final VectorSpecies<Byte> CODES = VectorSpecies.of(byte.class,
            VectorShape.forBitSize(SPECIES.length() * Byte.SIZE));

    /**
     * Four blocks at a time: four independent FMA chains hide the FMA latency that one chain per block waits on
     * (a block is {@code m} dependent FMAs), and each code vector is converted to floats once.
     */
    @Override
    public void blockedDots(byte[] blocks, int blockCount, int m, float[] query, float[] out) {
        int block = ReducedScan.BLOCK;
        int step = SPECIES.length();
        if (step > block || block % step != 0 || CODES.length() != step) {
            new ScalarSimilarityKernel().blockedDots(blocks, blockCount, m, query, out);
            return;
        }
        int stride = m * block;
        int b = 0;
        for (; b + 3 < blockCount; b += 4) {
            for (int lane = 0; lane < block; lane += step) {
                int o = b * stride + lane;
                FloatVector a0 = FloatVector.zero(SPECIES);
                FloatVector a1 = FloatVector.zero(SPECIES);
                FloatVector a2 = FloatVector.zero(SPECIES);
                FloatVector a3 = FloatVector.zero(SPECIES);
                for (int d = 0; d < m; d++) {
                    FloatVector q = FloatVector.broadcast(SPECIES, query[d]);
                    int at = o + d * block;
                    a0 = codes(blocks, at).fma(q, a0);
                    a1 = codes(blocks, at + stride).fma(q, a1);
                    a2 = codes(blocks, at + 2 * stride).fma(q, a2);
                    a3 = codes(blocks, at + 3 * stride).fma(q, a3);
                }
                int to = b * block + lane;
                a0.intoArray(out, to);
                a1.intoArray(out, to + block);
                a2.intoArray(out, to + 2 * block);
                a3.intoArray(out, to + 3 * block);
            }
        }
        for (; b < blockCount; b++) {
            for (int lane = 0; lane < block; lane += step) {
                FloatVector acc = FloatVector.zero(SPECIES);
                for (int d = 0; d < m; d++) {
                    acc = codes(blocks, b * stride + d * block + lane).fma(FloatVector.broadcast(SPECIES, query[d]), acc);
                }
                acc.intoArray(out, b * block + lane);
            }
        }
    }

    private static FloatVector codes(byte[] blocks, int at) {
        return (FloatVector) ByteVector.fromArray(CODES, blocks, at).convertShape(VectorOperators.B2F, SPECIES, 0);
    }

    /** Four scattered rows at a time, for the same reason as {@link #dots}: four chains and four row reads in flight. */
    @Override
    public void rowDots(float[] matrix, int dim, int[] rows, float[] query, float[] out) {
        int i = 0;
        for (; i + 3 < rows.length; i += 4) {
            dot4(matrix, dim, rows[i] * dim, rows[i + 1] * dim, rows[i + 2] * dim, rows[i + 3] * dim, query, out, i);
        }
        for (; i < rows.length; i++) {
            out[i] = dot(matrix, dim, rows[i] * dim, query);
        }
    }

    @Override
    public String name() {
        return "vector-api-" + SPECIES.vectorBitSize();
    }
}
