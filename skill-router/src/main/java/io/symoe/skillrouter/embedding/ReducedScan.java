package io.symoe.skillrouter.embedding;

/**
 * The index projected onto its {@link PrincipalSubspace} and stored as int8 codes, one scale per dimension, in
 * blocks of {@value #BLOCK} rows laid out dimension by dimension ({@code codes[(block·m + d)·16 + lane]}): the
 * first-pass scores of 16 rows accumulate in one SIMD register over all {@code m} dimensions, with no horizontal
 * sums and one sequential read of {@code rows × m} bytes. At 9 195 × 128 that is 1.2 MB, which stays in one core's
 * L2 (2 MB here), where the float layout's 4.7 MB streamed from L3 on every query. The codes only choose the
 * candidates; {@link QuestionIndex} re-scores those exactly, so quantising costs recall at the edge, never accuracy
 * of a returned similarity.
 */
final class ReducedScan {
    static final int BLOCK = 16;

    private final PrincipalSubspace subspace;
    private final byte[] codes;
    /** Per dimension: the projected value one code step stands for. */
    private final float[] scales;
    private final int rows;

    ReducedScan(PrincipalSubspace subspace, float[] matrix, int rows) {
        this.subspace = subspace;
        this.rows = rows;
        int m = subspace.m();
        int dim = subspace.dim();
        float[] projected = new float[rows * m];
        float[] row = new float[dim];
        float[] one = new float[m];
        SimilarityKernel kernel = SimilarityKernel.best();
        for (int r = 0; r < rows; r++) {
            System.arraycopy(matrix, r * dim, row, 0, dim);
            kernel.dots(subspace.basis(), m, dim, row, one);
            System.arraycopy(one, 0, projected, r * m, m);
        }
        // Symmetric per-dimension scales: principal directions differ in spread by an order of magnitude, so one
        // scale for all would leave the low-variance dimensions a few codes each.
        this.scales = new float[m];
        for (int d = 0; d < m; d++) {
            float max = 0;
            for (int r = 0; r < rows; r++) {
                max = Math.max(max, Math.abs(projected[r * m + d]));
            }
            scales[d] = max == 0 ? 1 : max / 127f;
        }
        this.codes = new byte[paddedRows(rows) * m];
        for (int r = 0; r < rows; r++) {
            int base = (r / BLOCK) * m * BLOCK + r % BLOCK;
            for (int d = 0; d < m; d++) {
                codes[base + d * BLOCK] = (byte) Math.round(projected[r * m + d] / scales[d]);
            }
        }
    }

    static int paddedRows(int rows) {
        return (rows + BLOCK - 1) / BLOCK * BLOCK;
    }

    PrincipalSubspace subspace() {
        return subspace;
    }

    /** Approximate similarities of every row; {@code out} has {@link #paddedRows} entries (the padding scores 0). */
    void scores(SimilarityKernel kernel, float[] query, float[] out) {
        int m = subspace.m();
        float[] q = new float[m];
        kernel.dots(subspace.basis(), m, subspace.dim(), query, q);
        for (int d = 0; d < m; d++) {
            q[d] *= scales[d];
        }
        kernel.blockedDots(codes, paddedRows(rows) / BLOCK, m, q, out);
    }
}
