package io.symoe.skillrouter.embedding;

/**
 * Dot products of one query against every row of a row-major matrix: the hot loop of the nearest-neighbour
 * search. The Vector API version is used when the JVM was started with {@code --add-modules jdk.incubator.vector}
 * (./symoe, the tests and the Docker image are); a JVM without it (a bare {@code java -cp} run) falls back to plain
 * loops rather than failing on a missing incubator class.
 */
sealed interface SimilarityKernel permits SimdSimilarityKernel, ScalarSimilarityKernel {

    /** {@code out[r] = Σ_j matrix[r·dim + j] · query[j]} for every row {@code r < rows}. */
    void dots(float[] matrix, int rows, int dim, float[] query, float[] out);

    /**
     * Dot products over the {@link ReducedScan} block layout of int8 codes: for each block of 16 rows,
     * {@code out[block·16 + lane] = Σ_d blocks[(block·m + d)·16 + lane] · query[d]} (the codes' per-dimension
     * scales are folded into {@code query}).
     */
    void blockedDots(byte[] blocks, int blockCount, int m, float[] query, float[] out);

    /** {@code out[i] = matrix row rows[i] · query}, for a scattered set of rows. */
    void rowDots(float[] matrix, int dim, int[] rows, float[] query, float[] out);

    String name();

    /** The fastest kernel this JVM can run. */
    static SimilarityKernel best() {
        return ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent()
                ? new SimdSimilarityKernel() : new ScalarSimilarityKernel();
    }
}
