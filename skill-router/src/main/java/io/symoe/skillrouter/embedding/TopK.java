package io.symoe.skillrouter.embedding;

import java.util.Arrays;

/**
 * The rows of the {@code k} largest scores, largest first, ties to the lower row: a quickselect for the k-th
 * largest score (linear time) and a sort of only the k survivors, instead of a heap updated row by row.
 */
final class TopK {
    private TopK() {
    }

    static int[] select(float[] scores, int k) {
        int n = scores.length;
        if (k < 0) {
            throw new IllegalArgumentException("k must be >= 0, got " + k);
        }
        k = Math.min(k, n);
        if (k == 0) {
            return new int[0];
        }
        float threshold = kthLargest(scores, n, k);
        long[] keys = new long[k];
        int taken = 0;
        for (int r = 0; r < n && taken < k; r++) {
            if (scores[r] > threshold) {
                keys[taken++] = key(scores[r], r);
            }
        }
        // Rows tied at the threshold fill the remaining places in row order.
        for (int r = 0; r < n && taken < k; r++) {
            if (scores[r] == threshold) {
                keys[taken++] = key(scores[r], r);
            }
        }
        Arrays.sort(keys);
        int[] rows = new int[k];
        for (int i = 0; i < k; i++) {
            rows[i] = (int) keys[i];
        }
        return rows;
    }

    /**
     * The rows of the {@code k} largest of the first {@code n} scores, in row order (unsorted by score): the
     * candidate set of a first pass, whose order does not matter.
     */
    static int[] rowsOfLargest(float[] scores, int n, int k) {
        k = Math.min(k, n);
        if (k <= 0) {
            return new int[0];
        }
        float threshold = kthLargest(scores, n, k);
        int[] rows = new int[k];
        int taken = 0;
        for (int r = 0; r < n && taken < k; r++) {
            if (scores[r] > threshold) {
                rows[taken++] = r;
            }
        }
        int above = taken;
        for (int r = 0; r < n && taken < k; r++) {
            if (scores[r] == threshold) {
                rows[taken++] = r;
            }
        }
        if (above > 0 && above < k) {
            Arrays.sort(rows, 0, k); // the tied rows were appended after the larger ones
        }
        return rows;
    }

    /** Sorts ascending by (score descending, row ascending): the high word is the score's order, inverted. */
    private static long key(float score, int row) {
        int bits = Float.floatToIntBits(score);
        int ordered = bits ^ ((bits >> 31) & 0x7fffffff);
        return ((long) ~ordered << 32) | row;
    }

    /** Scores sampled to bound the k-th largest from below before selecting exactly. */
    private static final int SAMPLE = 256;

    /**
     * The k-th largest of the first {@code n} scores, exactly. A quickselect over all of them is mostly branch
     * mispredictions (about half its comparisons go either way), so a strided sample first gives a bound that
     * about 1.5·k scores clear; those are gathered without branches and only they are quickselected. When
     * fewer than k clear the bound (a skewed sample), everything is selected as before.
     */
    static float kthLargest(float[] scores, int n, int k) {
        if (n >= 4 * SAMPLE && k <= n / 2) {
            float[] sample = new float[SAMPLE];
            int stride = n / SAMPLE;
            for (int i = 0; i < SAMPLE; i++) {
                sample[i] = scores[i * stride];
            }
            Arrays.sort(sample);
            int above = (int) Math.min(SAMPLE - 1, Math.ceil(1.5 * k * SAMPLE / n) + 4);
            float bound = sample[SAMPLE - 1 - above];
            float[] kept = new float[n];
            int m = 0;
            for (int r = 0; r < n; r++) {
                float x = scores[r];
                kept[m] = x;
                m += x >= bound ? 1 : 0;
            }
            if (m >= k) {
                return quickselect(kept, m, k);
            }
        }
        return quickselect(Arrays.copyOf(scores, n), n, k);
    }

    /** Hoare-style quickselect with a median-of-three pivot over {@code a[0, n)}; reorders it. */
    private static float quickselect(float[] a, int n, int k) {
        int lo = 0;
        int hi = n - 1;
        int target = k - 1; // index in descending order
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            float pivot = median(a[lo], a[mid], a[hi]);
            int i = lo;
            int j = hi;
            while (i <= j) {
                while (a[i] > pivot) {
                    i++;
                }
                while (a[j] < pivot) {
                    j--;
                }
                if (i <= j) {
                    float t = a[i];
                    a[i] = a[j];
                    a[j] = t;
                    i++;
                    j--;
                }
            }
            if (target <= j) {
                hi = j;
            } else if (target >= i) {
                lo = i;
            } else {
                return a[target];
            }
        }
        return a[target];
    }

    private static float median(float x, float y, float z) {
        return Math.max(Math.min(x, y), Math.min(Math.max(x, y), z));
    }
}
