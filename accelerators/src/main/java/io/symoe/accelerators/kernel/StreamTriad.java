package io.symoe.accelerators.kernel;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The machine's memory bandwidth as the STREAM benchmark's triad measures it: {@code a[i] = b[i] + s·c[i]} over
 * three float arrays far larger than the caches, split over the given threads; bytes counted as STREAM does
 * (three arrays per pass, write-allocate traffic not counted); best of several passes after a warm-up.
 */
public final class StreamTriad {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;

    private StreamTriad() {
    }

    /** Bytes per second of the triad over three arrays of {@code 32 M} floats (128 MiB each). */
    public static double measure(int threads) {
        return measure(threads, 32 << 20, 6);
    }

    public static double measure(int threads, int n, int passes) {
        float[] a = new float[n], b = new float[n], c = new float[n];
        java.util.Arrays.fill(b, 1f);
        java.util.Arrays.fill(c, 2f);
        float scalar = 3f;
        long best = Long.MAX_VALUE;
        try (Parallel pool = new Parallel(threads)) {
            // chunks of 1 Mi floats keep every thread streaming sequentially through its share
            int chunk = 1 << 20, chunks = (n + chunk - 1) / chunk;
            for (int pass = 0; pass <= passes; pass++) {
                long t0 = System.nanoTime();
                pool.forRange(chunks, (from, to) -> {
                    for (int k = from; k < to; k++) {
                        int lo = k * chunk, hi = Math.min(n, lo + chunk), i = lo;
                        for (int up = lo + S.loopBound(hi - lo); i < up; i += S.length()) {
                            FloatVector.fromArray(S, c, i).mul(scalar).add(FloatVector.fromArray(S, b, i)).intoArray(a, i);
                        }
                        for (; i < hi; i++) {
                            a[i] = b[i] + scalar * c[i];
                        }
                    }
                });
                long t = System.nanoTime() - t0;
                if (pass > 0) {
                    best = Math.min(best, t);
                }
            }
        }
        if (a[n - 1] != 7f) {
            throw new IllegalStateException("triad computed " + a[n - 1] + ", expected 7");
        }
        return 3.0 * 4 * n * 1e9 / best;
    }
}
