package io.symoe.accelerators.kernel;

import org.junit.jupiter.api.Test;

import java.util.concurrent.atomic.AtomicIntegerArray;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * The spinning pool's hand-offs: every index of every loop runs exactly once, back to back (workers still
 * spinning) and after idle gaps (workers parked), from two caller threads at once; a failing body reaches its
 * caller and leaves the pool usable; a closed pool refuses work.
 */
class ParallelTest {

    @Test
    void everyIndexOnceAcrossBackToBackAndParkedLoopsFromTwoCallers() throws Exception {
        try (Parallel pool = new Parallel(3)) {
            Thread other = new Thread(() -> loops(pool, 3000, 7));
            other.start();
            loops(pool, 3000, 11);
            other.join(60_000);
            assertEquals(false, other.isAlive(), "the second caller finished");
            for (int gap = 0; gap < 3; gap++) {
                Thread.sleep(2); // longer than the spin: the workers park and must be woken
                loops(pool, 5, 13);
            }
        }
    }

    private static void loops(Parallel pool, int count, int seed) {
        java.util.SplittableRandom r = new java.util.SplittableRandom(seed);
        for (int i = 0; i < count; i++) {
            int n = r.nextInt(1, 400);
            AtomicIntegerArray hits = new AtomicIntegerArray(n);
            pool.forRange(n, (from, to) -> {
                for (int k = from; k < to; k++) {
                    hits.incrementAndGet(k);
                }
            });
            for (int k = 0; k < n; k++) {
                assertEquals(1, hits.get(k), "loop " + i + " of n = " + n + ", index " + k);
            }
        }
    }

    @Test
    void aFailingBodyReachesTheCallerAndThePoolStaysUsable() {
        try (Parallel pool = new Parallel(2)) {
            var e = assertThrows(IllegalArgumentException.class, () -> pool.forRange(100, (from, to) -> {
                if (from >= 50) {
                    throw new IllegalArgumentException("chunk " + from);
                }
            }));
            assertEquals(true, e.getMessage().startsWith("chunk "), e.getMessage());
            AtomicIntegerArray hits = new AtomicIntegerArray(100);
            pool.forRange(100, (from, to) -> {
                for (int k = from; k < to; k++) {
                    hits.incrementAndGet(k);
                }
            });
            for (int k = 0; k < 100; k++) {
                assertEquals(1, hits.get(k));
            }
        }
    }

    @Test
    void aClosedPoolRefusesWork() {
        Parallel pool = new Parallel(2);
        pool.close();
        assertThrows(IllegalStateException.class, () -> pool.forRange(100, (from, to) -> { }));
    }
}
