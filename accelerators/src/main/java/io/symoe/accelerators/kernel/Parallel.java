package io.symoe.accelerators.kernel;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A fixed pool sized to the cores: {@link #forRange} splits [0, n) into chunks that the caller and
 * {@code threads - 1} workers claim from a shared counter, so uneven chunks balance without a fork-join tree.
 *
 * <p>A decode step is ~70 short loops one after another, so what a loop costs to start and to finish matters:
 * handing each to an executor meant waking a parked worker and parking the caller on a latch every time. Here the
 * workers and the caller spin for up to {@link #SPIN_NANOS} before parking: back-to-back loops of one step meet a
 * worker still spinning, while an idle engine parks its workers and burns no core. A volatile job slot and
 * volatile "parked" flags order publication and wake-up (each side writes its own flag before reading the other's),
 * so no wake-up is lost. Loops from several caller threads run one at a time.
 */
public final class Parallel implements AutoCloseable {
    /** A loop body over [from, to). */
    @FunctionalInterface
    public interface RangeBody {
        void run(int from, int to);
    }

    /** Runs every loop on the calling thread. */
    public static final Parallel INLINE = new Parallel(1);

    /** How long a worker waits for the next loop, and the caller for the workers, before parking. */
    static final long SPIN_NANOS = 50_000;

    /** One loop: its chunks, claimed from {@code next} by every thread until none are left. */
    private static final class Job {
        final RangeBody body;
        final int n;
        final int chunk;
        final int chunks;
        final AtomicInteger next = new AtomicInteger();
        final AtomicReference<Throwable> failure = new AtomicReference<>();
        final long seq;

        Job(long seq, RangeBody body, int n, int chunk, int chunks) {
            this.seq = seq;
            this.body = body;
            this.n = n;
            this.chunk = chunk;
            this.chunks = chunks;
        }

        void drain() {
            int c;
            while ((c = next.getAndIncrement()) < chunks && failure.get() == null) {
                try {
                    body.run(c * chunk, Math.min(n, (c + 1) * chunk));
                } catch (Throwable t) {
                    failure.compareAndSet(null, t);
                }
            }
        }
    }

    private final int threads;
    private final Worker[] workers;
    private final ReentrantLock oneLoopAtATime = new ReentrantLock();
    /** The loop workers are to join (null between loops, so no finished loop's arrays are kept reachable). */
    private volatile Job job;
    /** Numbers the loops, so a worker tells a new one from the one it finished. */
    private long loops;
    /** Workers that have not finished the current loop. */
    private final AtomicInteger running = new AtomicInteger();
    private volatile Thread waiting;
    private volatile boolean waiterParked;
    private volatile boolean closed;

    public Parallel(int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be >= 1, got " + threads);
        }
        this.threads = threads;
        this.workers = new Worker[threads - 1];
        for (int i = 0; i < workers.length; i++) {
            workers[i] = new Worker();
            workers[i].thread.start();
        }
    }

    public int threads() {
        return threads;
    }

    public void forRange(int n, RangeBody body) {
        int chunks = Math.min(n, threads * 4);
        if (workers.length == 0 || chunks <= 1) {
            if (n > 0) {
                body.run(0, n);
            }
            return;
        }
        int chunk = (n + chunks - 1) / chunks;
        oneLoopAtATime.lock();
        Job j = new Job(++loops, body, n, chunk, (n + chunk - 1) / chunk);
        try {
            if (closed) {
                throw new IllegalStateException("this kernel pool is closed");
            }
            running.set(workers.length);
            waiting = Thread.currentThread();
            job = j;
            for (Worker w : workers) {
                if (w.parked) {
                    LockSupport.unpark(w.thread);
                }
            }
            j.drain();
            awaitWorkers();
        } finally {
            job = null;
            waiting = null;
            oneLoopAtATime.unlock();
        }
        Throwable t = j.failure.get();
        if (t instanceof RuntimeException re) {
            throw re;
        } else if (t instanceof Error err) {
            throw err;
        } else if (t != null) {
            throw new IllegalStateException(t);
        }
    }

    private void awaitWorkers() {
        long deadline = System.nanoTime() + SPIN_NANOS;
        while (running.get() != 0) {
            if (System.nanoTime() < deadline) {
                Thread.onSpinWait();
                continue;
            }
            waiterParked = true;
            if (running.get() != 0) {
                LockSupport.park(this);
            }
            waiterParked = false;
        }
    }

    private final class Worker implements Runnable {
        final Thread thread = new Thread(this, "symoe-kernel");
        volatile boolean parked;
        /** The number of the last loop this worker finished. */
        private long done;

        Worker() {
            thread.setDaemon(true);
        }

        @Override
        public void run() {
            while (!closed) {
                Job j = next();
                if (j == null) {
                    return;
                }
                j.drain();
                done = j.seq;
                if (running.decrementAndGet() == 0 && waiterParked) {
                    Thread w = waiting;
                    if (w != null) {
                        LockSupport.unpark(w);
                    }
                }
            }
        }

        /** The next loop to join, or null once the pool is closed. */
        private Job next() {
            long deadline = System.nanoTime() + SPIN_NANOS;
            while (true) {
                Job j = job;
                if (j != null && j.seq != done) {
                    return j;
                }
                if (closed) {
                    return null;
                }
                if (System.nanoTime() < deadline) {
                    Thread.onSpinWait();
                    continue;
                }
                parked = true;
                j = job;
                if ((j == null || j.seq == done) && !closed) {
                    LockSupport.park(this);
                }
                parked = false;
                deadline = System.nanoTime() + SPIN_NANOS;
            }
        }
    }

    @Override
    public void close() {
        closed = true;
        for (Worker w : workers) {
            LockSupport.unpark(w.thread);
        }
    }
}
