package io.symoe.skillrouter.embedding;

import java.util.Arrays;
import java.util.HashSet;
import java.util.List;

/**
 * Nearest-neighbour search over the embedded profile questions, in two passes for large indexes: a first pass
 * scores every question in a {@value #REDUCED_DIMENSIONS}-dimensional principal subspace as int8 codes
 * ({@link ReducedScan}: 1.2 MB, which stays in one core's L2, against 14 MB for the full vectors, whose scan is
 * memory-bound), and the best {@link #candidates} of those are re-scored
 * exactly over one contiguous row-major {@code float[]} with SIMD dot products ({@link SimilarityKernel}); the
 * returned similarities are always exact, only membership at the edge of the {@code n} can differ from a full
 * scan (recall@400 over the 9 195 MMLU-Pro questions in the skill-router README and {@code QuestionIndexTest}).
 * A graph index (e.g. jvector) is the wrong tool here: the profiler asks for 400 neighbours, 4 % of the index, so
 * a graph walk would visit a large part of it. Small indexes (keyword vocabularies) are scanned exactly.
 * Immutable and thread-safe.
 */
public final class QuestionIndex {
    private static final SimilarityKernel KERNEL = SimilarityKernel.best();
    static final int REDUCED_DIMENSIONS = 128;
    /** Below this many rows one exact scan is cheap enough and the subspace is not worth fitting. */
    static final int MIN_ROWS_FOR_TWO_PASSES = 2048;

    /** The first pass, fitted eagerly so that the first routed request does not pay the eigendecomposition. */
    private final ReducedScan reduced;

    private final String modelId;
    private final List<String> ids;
    /** Row-major: question {@code r}'s vector is {@code matrix[r·dimension, (r+1)·dimension)}. */
    private final float[] matrix;
    private final int size;
    private final int dimension;

    /** One neighbour: row in the index, its id, and its cosine similarity to the query. */
    public record Neighbour(int row, String id, float similarity) {
    }

    public QuestionIndex(String modelId, List<String> ids, float[][] vectors) {
        if (ids.size() != vectors.length) {
            throw new IllegalArgumentException(ids.size() + " ids but " + vectors.length + " vectors");
        }
        if (ids.isEmpty()) {
            throw new IllegalArgumentException("a question index needs at least one question");
        }
        if (new HashSet<>(ids).size() != ids.size()) {
            throw new IllegalArgumentException("question ids in an index must be unique");
        }
        this.modelId = modelId;
        this.ids = List.copyOf(ids);
        this.size = vectors.length;
        this.dimension = vectors[0].length;
        if ((long) size * dimension > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException(size + " × " + dimension + " floats do not fit one array");
        }
        this.matrix = new float[size * dimension];
        for (int i = 0; i < size; i++) {
            if (vectors[i].length != dimension) {
                throw new IllegalArgumentException("vector " + i + " has dimension " + vectors[i].length
                        + ", expected " + dimension);
            }
            System.arraycopy(vectors[i], 0, matrix, i * dimension, dimension);
        }
        this.reduced = size < MIN_ROWS_FOR_TWO_PASSES || dimension < 2 * REDUCED_DIMENSIONS ? null
                : new ReducedScan(PrincipalSubspace.fit(matrix, size, dimension, REDUCED_DIMENSIONS), matrix, size);
    }

    /** Cosine similarity of the query to every stored question (vectors are unit length). */
    public float[] similarities(float[] query) {
        checkQuery(query);
        float[] sims = new float[size];
        KERNEL.dots(matrix, size, dimension, query, sims);
        return sims;
    }

    /** Which dot-product kernel this JVM runs (the benchmarks report it). */
    public static String kernel() {
        return KERNEL.name();
    }

    public String modelId() {
        return modelId;
    }

    public List<String> ids() {
        return ids;
    }

    public int size() {
        return size;
    }

    public int dimension() {
        return dimension;
    }

    /** A copy of one stored vector. */
    public float[] vector(int row) {
        return Arrays.copyOfRange(matrix, row * dimension, (row + 1) * dimension);
    }

    /**
     * How many first-pass candidates are re-scored exactly for {@code n} neighbours: four times {@code n}, at
     * least 256 more. On the 9 195 MMLU-Pro questions with 128 dimensions (79 % of the energy) this keeps
     * recall@400 at 0.9993 on average with float codes and 0.9989 with the int8 ones (300 of the questions as
     * queries; 0.9969 at 3n, 0.9874 at 2n), so the int8 codes lose less recall than a smaller candidate set
     * would (skill-router README; {@code QuestionIndexTest} holds the mean to 0.99).
     */
    static int candidates(int n) {
        return Math.max(4 * n, n + 256);
    }

    /**
     * The {@code n} most similar questions, most similar first (ties: lower row first), with exact similarities.
     * Large indexes search in two passes (see the class comment); {@link #nearestExact} always scans everything.
     */
    public List<Neighbour> nearest(float[] query, int n) {
        checkN(n);
        int c = candidates(n);
        if (reduced == null || c >= size / 2) {
            return nearestExact(query, n);
        }
        checkQuery(query);
        ReducedScan scan = reduced;
        float[] coarse = new float[ReducedScan.paddedRows(size)];
        scan.scores(KERNEL, query, coarse);
        int[] rows = TopK.rowsOfLargest(coarse, size, c);
        float[] exact = new float[rows.length];
        KERNEL.rowDots(matrix, dimension, rows, query, exact);
        int[] best = TopK.select(exact, n); // positions in rows, which is in row order, so ties stay lower-row-first
        Neighbour[] out = new Neighbour[best.length];
        for (int j = 0; j < best.length; j++) {
            int row = rows[best[j]];
            out[j] = new Neighbour(row, ids.get(row), exact[best[j]]);
        }
        return Arrays.asList(out);
    }

    /** The {@code n} most similar questions by a full exact scan (the reference the two-pass search is held to). */
    public List<Neighbour> nearestExact(float[] query, int n) {
        checkN(n);
        float[] sims = similarities(query);
        int[] rows = TopK.select(sims, n);
        Neighbour[] out = new Neighbour[rows.length];
        for (int j = 0; j < rows.length; j++) {
            out[j] = new Neighbour(rows[j], ids.get(rows[j]), sims[rows[j]]);
        }
        return Arrays.asList(out);
    }

    /** The share of the index's squared norm its first-pass subspace keeps (1 for an exactly scanned index). */
    public double subspaceEnergy() {
        return reduced == null ? 1.0 : reduced.subspace().energy();
    }

    private static void checkN(int n) {
        if (n < 0) {
            throw new IllegalArgumentException("n must be >= 0, got " + n);
        }
    }

    private void checkQuery(float[] query) {
        if (query.length != dimension) {
            throw new IllegalArgumentException("query dimension " + query.length + " != index dimension " + dimension);
        }
        for (int j = 0; j < query.length; j++) {
            if (!Float.isFinite(query[j])) {
                throw new IllegalArgumentException("query component " + j + " is " + query[j]);
            }
        }
    }
}
