package io.symoe.accelerators.kernel;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A fixed pool sized to the cores: {@link #forRange} splits [0, n) into chunks that the caller and
 * {@code threads - 1} workers claim from a shared counter, so uneven chunks balance without a fork-join tree.
 */
public final class Parallel implements AutoCloseable {
    /** A loop body over [from, to). */
    @FunctionalInterface
    public interface RangeBody {
        void run(int from, int to);
    }

    /** Runs every loop on the calling thread. */
    public static final Parallel INLINE = new Parallel(1);

    private final int threads;
    private final ExecutorService workers;

    public Parallel(int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be >= 1, got " + threads);
        }
        this.threads = threads;
        this.workers = threads == 1 ? null : Executors.newFixedThreadPool(threads - 1, r -> {
            Thread t = new Thread(r, "symoe-kernel");
            t.setDaemon(true);
            return t;
        });
    }

    public int threads() {
        return threads;
    }

    public void forRange(int n, RangeBody body) {
        int chunks = Math.min(n, threads * 4);
        if (workers == null || chunks <= 1) {
            if (n > 0) {
                body.run(0, n);
            }
            return;
        }
        int chunk = (n + chunks - 1) / chunks;
        int nChunks = (n + chunk - 1) / chunk;
        AtomicInteger next = new AtomicInteger();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        int helpers = Math.min(threads - 1, nChunks - 1);
        CountDownLatch done = new CountDownLatch(helpers);
        Runnable drain = () -> {
            int c;
            while ((c = next.getAndIncrement()) < nChunks && failure.get() == null) {
                try {
                    body.run(c * chunk, Math.min(n, (c + 1) * chunk));
                } catch (Throwable t) {
                    failure.compareAndSet(null, t);
                }
            }
        };
        for (int i = 0; i < helpers; i++) {
            workers.execute(() -> {
                try {
                    drain.run();
                } finally {
                    done.countDown();
                }
            });
        }
        drain.run();
        try {
            done.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for kernel workers", e);
        }
        Throwable t = failure.get();
        if (t instanceof RuntimeException re) {
            throw re;
        } else if (t instanceof Error err) {
            throw err;
        } else if (t != null) {
            throw new IllegalStateException(t);
        }
    }

    @Override
    public void close() {
        if (workers != null) {
            workers.shutdownNow();
        }
    }
}
