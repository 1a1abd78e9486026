package io.symoe.skillrouter.embedding;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Four rows at a time: each query chunk is loaded once for four fused multiply-adds, and the four horizontal
 * reductions (the slow part of a SIMD dot product) come once per row rather than once per chunk.
 */
final class SimdSimilarityKernel implements SimilarityKernel {
    private static final VectorSpecies<Float> SPECIES = FloatVector.SPECIES_PREFERRED;

    @Override
    public void dots(float[] matrix, int rows, int dim, float[] query, float[] out) {
        int upper = SPECIES.loopBound(dim);
        int step = SPECIES.length();
        int r = 0;
        for (; r + 3 < rows; r += 4) {
            int b0 = r * dim;
            int b1 = b0 + dim;
            int b2 = b1 + dim;
            int b3 = b2 + dim;
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
            out[r] = s0;
            out[r + 1] = s1;
            out[r + 2] = s2;
            out[r + 3] = s3;
        }
        for (; r < rows; r++) {
            int b = r * dim;
            FloatVector a = FloatVector.zero(SPECIES);
            int j = 0;
            for (; j < upper; j += step) {
                a = FloatVector.fromArray(SPECIES, matrix, b + j).fma(FloatVector.fromArray(SPECIES, query, j), a);
            }
            float s = a.reduceLanes(VectorOperators.ADD);
            for (; j < dim; j++) {
                s += matrix[b + j] * query[j];
            }
            out[r] = s;
        }
    }

    @Override
    public void blockedDots(float[] blocks, int blockCount, int m, float[] query, float[] out) {
        int block = ReducedScan.BLOCK;
        int step = SPECIES.length();
        if (step > block || block % step != 0) {
            new ScalarSimilarityKernel().blockedDots(blocks, blockCount, m, query, out);
            return;
        }
        for (int b = 0; b < blockCount; b++) {
            int base = b * m * block;
            for (int lane = 0; lane < block; lane += step) {
                FloatVector acc = FloatVector.zero(SPECIES);
                for (int d = 0; d < m; d++) {
                    acc = FloatVector.fromArray(SPECIES, blocks, base + d * block + lane).fma(FloatVector.broadcast(SPECIES, query[d]), acc);
                }
                acc.intoArray(out, b * block + lane);
            }
        }
    }

    @Override
    public void rowDots(float[] matrix, int dim, int[] rows, float[] query, float[] out) {
        int upper = SPECIES.loopBound(dim);
        int step = SPECIES.length();
        for (int i = 0; i < rows.length; i++) {
            int b = rows[i] * dim;
            // One accumulator, as in dots(), so both passes score a question alike (to the last bit, save that the
            // JIT may order the final lane sum differently from the interpreter).
            FloatVector a = FloatVector.zero(SPECIES);
            int j = 0;
            for (; j < upper; j += step) {
                a = FloatVector.fromArray(SPECIES, matrix, b + j).fma(FloatVector.fromArray(SPECIES, query, j), a);
            }
            float s = a.reduceLanes(VectorOperators.ADD);
            for (; j < dim; j++) {
                s += matrix[b + j] * query[j];
            }
            out[i] = s;
        }
    }

    @Override
    public String name() {
        return "vector-api-" + SPECIES.vectorBitSize();
    }
}
