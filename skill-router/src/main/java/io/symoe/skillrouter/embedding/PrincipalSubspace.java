package io.symoe.skillrouter.embedding;

import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.EigenDecomposition;

import java.util.Arrays;
import java.util.Comparator;
import java.util.stream.IntStream;

/**
 * The {@code m} directions that hold most of the energy of a set of vectors: the top eigenvectors of their
 * (uncentred) second-moment matrix, so that {@code (Pq)·(Px)} approximates the dot product {@code q·x} itself.
 * MiniLM's sentence vectors keep most of their energy in a few dozen directions, which is what makes a
 * low-dimensional first pass over the index a good filter.
 *
 * @param basis   {@code m × dim}, row-major, orthonormal rows
 * @param energy  the share of the vectors' total squared norm the {@code m} directions hold, in [0, 1]
 */
record PrincipalSubspace(float[] basis, int m, int dim, double energy) {
    /**
     * At most this many rows enter the moment matrix: a filter's directions need not be exact, and the fit runs when
     * the service builds its index (~1–2 s at 2 048 rows on the loaded 2-core box, twice that at 4 096).
     */
    private static final int MAX_SAMPLE = 2048;

    PrincipalSubspace {
        if (m < 1 || m > dim || basis.length != m * dim) {
            throw new IllegalArgumentException("basis must be m × dim with 1 <= m <= dim, got m=" + m + ", dim=" + dim
                    + ", " + basis.length + " values");
        }
    }

    static PrincipalSubspace fit(float[] matrix, int rows, int dim, int m) {
        if (rows < 1 || matrix.length < rows * dim) {
            throw new IllegalArgumentException("need rows × dim values, got " + matrix.length + " for " + rows + " rows");
        }
        // An even stride over the rows: deterministic, and it covers every part of an index built in category order.
        int sample = Math.min(rows, MAX_SAMPLE);
        double[][] moment = new double[dim][dim];
        double[] x = new double[dim];
        for (int s = 0; s < sample; s++) {
            int r = (int) ((long) s * rows / sample);
            for (int j = 0; j < dim; j++) {
                x[j] = matrix[r * dim + j];
            }
            for (int a = 0; a < dim; a++) {
                double xa = x[a];
                double[] row = moment[a];
                for (int b = a; b < dim; b++) {
                    row[b] += xa * x[b];
                }
            }
        }
        for (int a = 0; a < dim; a++) {
            for (int b = 0; b < a; b++) {
                moment[a][b] = moment[b][a];
            }
        }
        EigenDecomposition eigen = new EigenDecomposition(new Array2DRowRealMatrix(moment, false));
        double[] values = eigen.getRealEigenvalues();
        Integer[] order = IntStream.range(0, dim).boxed().toArray(Integer[]::new);
        Arrays.sort(order, Comparator.comparingDouble((Integer i) -> values[i]).reversed());
        double total = 0;
        for (double v : values) {
            total += Math.max(0, v);
        }
        float[] basis = new float[m * dim];
        double kept = 0;
        for (int i = 0; i < m; i++) {
            var v = eigen.getEigenvector(order[i]);
            kept += Math.max(0, values[order[i]]);
            for (int j = 0; j < dim; j++) {
                basis[i * dim + j] = (float) v.getEntry(j);
            }
        }
        return new PrincipalSubspace(basis, m, dim, total > 0 ? kept / total : 1.0);
    }
}
