package io.symoe.skillrouter.embedding;

import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.PriorityQueue;

/**
 * Exact nearest-neighbour search over the embedded validation questions (brute force: a few thousand 384-d dot
 * products per query is microseconds' work and needs no approximate index). Immutable and thread-safe.
 */
public final class QuestionIndex {
    private final String modelId;
    private final List<String> ids;
    private final float[][] vectors;
    /** Dimension-major copy: {@code columns[d][row]}; see {@link #similarities}. */
    private final float[][] columns;
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
        this.dimension = vectors[0].length;
        this.vectors = new float[vectors.length][];
        for (int i = 0; i < vectors.length; i++) {
            if (vectors[i].length != dimension) {
                throw new IllegalArgumentException("vector " + i + " has dimension " + vectors[i].length
                        + ", expected " + dimension);
            }
            this.vectors[i] = vectors[i].clone();
        }
        this.columns = new float[dimension][vectors.length];
        for (int i = 0; i < vectors.length; i++) {
            for (int d = 0; d < dimension; d++) {
                columns[d][i] = vectors[i][d];
            }
        }
    }

    /**
     * Cosine similarity of the query to every stored question. Computed dimension by dimension as
     * {@code sims += q[d] · column[d]}: an element-wise multiply-add that the JIT turns into SIMD code, where a
     * per-row dot product is a floating-point reduction it must keep scalar (measured ~10× slower).
     */
    public float[] similarities(float[] query) {
        if (query.length != dimension) {
            throw new IllegalArgumentException("query dimension " + query.length + " != index dimension " + dimension);
        }
        float[] sims = new float[vectors.length];
        for (int d = 0; d < dimension; d++) {
            float q = query[d];
            float[] col = columns[d];
            for (int i = 0; i < sims.length; i++) {
                sims[i] += q * col[i];
            }
        }
        return sims;
    }

    public String modelId() {
        return modelId;
    }

    public List<String> ids() {
        return ids;
    }

    public int size() {
        return ids.size();
    }

    public int dimension() {
        return dimension;
    }

    /** A copy of one stored vector. */
    public float[] vector(int row) {
        return vectors[row].clone();
    }

    /** The {@code n} most similar questions, most similar first (ties: lower row first). */
    public List<Neighbour> nearest(float[] query, int n) {
        float[] sims = similarities(query);
        int k = Math.min(n, vectors.length);
        // Min-heap of the best k so far, ordered worst-first.
        PriorityQueue<long[]> heap = new PriorityQueue<>(k + 1, (a, b) -> {
            int c = Float.compare(Float.intBitsToFloat((int) a[0]), Float.intBitsToFloat((int) b[0]));
            return c != 0 ? c : Long.compare(b[1], a[1]);
        });
        float floor = Float.NEGATIVE_INFINITY;
        for (int i = 0; i < vectors.length; i++) {
            float s = sims[i];
            if (heap.size() < k) {
                heap.add(new long[]{Float.floatToIntBits(s), i});
                if (heap.size() == k) {
                    floor = Float.intBitsToFloat((int) heap.peek()[0]);
                }
            } else if (s > floor) {
                heap.poll();
                heap.add(new long[]{Float.floatToIntBits(s), i});
                floor = Float.intBitsToFloat((int) heap.peek()[0]);
            }
        }
        Neighbour[] out = new Neighbour[heap.size()];
        for (int j = out.length - 1; j >= 0; j--) {
            long[] e = heap.poll();
            int row = (int) e[1];
            out[j] = new Neighbour(row, ids.get(row), Float.intBitsToFloat((int) e[0]));
        }
        return Arrays.asList(out);
    }
}
