package io.symoe.skillrouter.jmh;

import java.util.PriorityQueue;

/**
 * The nearest-neighbour search as it was before issue 17 (dimension-major columns, a heap of boxed entries), kept
 * only so that {@link NeighbourBenchmark} measures the old and the new path in the same run.
 */
final class ColumnScanBaseline {
    private final float[][] columns;
    private final int size;

    ColumnScanBaseline(float[][] vectors) {
        size = vectors.length;
        columns = new float[vectors[0].length][size];
        for (int i = 0; i < size; i++) {
            for (int d = 0; d < columns.length; d++) {
                columns[d][i] = vectors[i][d];
            }
        }
    }

    /** Rows of the {@code k} most similar, most similar first. */
    int[] nearest(float[] query, int k) {
        float[] sims = new float[size];
        for (int d = 0; d < columns.length; d++) {
            float q = query[d];
            float[] col = columns[d];
            for (int i = 0; i < size; i++) {
                sims[i] += q * col[i];
            }
        }
        PriorityQueue<long[]> heap = new PriorityQueue<>(k + 1, (a, b) -> {
            int c = Float.compare(Float.intBitsToFloat((int) a[0]), Float.intBitsToFloat((int) b[0]));
            return c != 0 ? c : Long.compare(b[1], a[1]);
        });
        float floor = Float.NEGATIVE_INFINITY;
        for (int i = 0; i < size; i++) {
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
        int[] out = new int[heap.size()];
        for (int j = out.length - 1; j >= 0; j--) {
            out[j] = (int) heap.poll()[1];
        }
        return out;
    }
}
