package io.symoe.skillrouter.embedding;

import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The sampled pre-filter must not change any answer: the k-th largest, the selected rows and their order equal a
 * full sort's, on smooth scores, on heavy ties (few distinct values, where the sample's bound is a tied value),
 * and on sorted input (the strided sample is then maximally skewed).
 */
class TopKTest {

    @Test
    void selectionEqualsAFullSort() {
        SplittableRandom rng = new SplittableRandom(11);
        for (int trial = 0; trial < 300; trial++) {
            int n = 1 + rng.nextInt(12000);
            float[] s = new float[n];
            int kind = trial % 3;
            for (int i = 0; i < n; i++) {
                s[i] = switch (kind) {
                    case 0 -> (float) rng.nextGaussian();
                    case 1 -> rng.nextInt(7);
                    default -> i; // ascending
                };
            }
            int k = 1 + rng.nextInt(Math.max(1, n / (1 + rng.nextInt(8))));
            k = Math.min(k, n);
            float[] sorted = s.clone();
            Arrays.sort(sorted);
            assertEquals(sorted[n - k], TopK.kthLargest(s, n, k), "n " + n + " k " + k + " kind " + kind);
            assertArrayEquals(bySort(s, k), TopK.select(s, k), "n " + n + " k " + k + " kind " + kind);
            int[] rows = TopK.rowsOfLargest(s, n, k);
            int[] expected = bySort(s, k);
            Arrays.sort(expected);
            assertArrayEquals(expected, rows, "candidate rows, n " + n + " k " + k + " kind " + kind);
        }
    }

    /** Rows by score descending, ties to the lower row. */
    private static int[] bySort(float[] s, int k) {
        Integer[] rows = new Integer[s.length];
        for (int i = 0; i < rows.length; i++) {
            rows[i] = i;
        }
        Arrays.sort(rows, (a, b) -> s[a] != s[b] ? Float.compare(s[b], s[a]) : Integer.compare(a, b));
        int[] out = new int[k];
        for (int i = 0; i < k; i++) {
            out[i] = rows[i];
        }
        return out;
    }
}
