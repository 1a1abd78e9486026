package io.symoe.skillrouter.embedding;

/** Plain loops for a JVM without the incubator Vector API module (correct, several times slower). */
final class ScalarSimilarityKernel implements SimilarityKernel {
    @Override
    public void dots(float[] matrix, int rows, int dim, float[] query, float[] out) {
        for (int r = 0; r < rows; r++) {
            int b = r * dim;
            float s = 0;
            for (int j = 0; j < dim; j++) {
                s += matrix[b + j] * query[j];
            }
            out[r] = s;
        }
    }

    @Override
    public void blockedDots(byte[] blocks, int blockCount, int m, float[] query, float[] out) {
        int block = ReducedScan.BLOCK;
        for (int b = 0; b < blockCount; b++) {
            for (int lane = 0; lane < block; lane++) {
                float s = 0;
                for (int d = 0; d < m; d++) {
                    s += blocks[(b * m + d) * block + lane] * query[d];
                }
                out[b * block + lane] = s;
            }
        }
    }

    @Override
    public void rowDots(float[] matrix, int dim, int[] rows, float[] query, float[] out) {
        for (int i = 0; i < rows.length; i++) {
            int base = rows[i] * dim;
            float s = 0;
            for (int j = 0; j < dim; j++) {
                s += matrix[base + j] * query[j];
            }
            out[i] = s;
        }
    }

    @Override
    public String name() {
        return "scalar";
    }
}
