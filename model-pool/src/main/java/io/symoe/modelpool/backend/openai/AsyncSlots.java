package io.symoe.modelpool.backend.openai;

import java.util.ArrayDeque;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;

/**
 * At most {@code limit} asynchronous calls in flight; further calls queue and start as earlier ones finish. No
 * thread ever blocks, so it is safe on a Vert.x event loop. Keeps a backend's calls within its max concurrency
 * across concurrent batches, so the resilience bulkhead stays a guard that does not fire in normal operation.
 */
public final class AsyncSlots {
    private final int limit;
    private final Queue<Runnable> waiting = new ArrayDeque<>();
    private int inFlight;

    public AsyncSlots(int limit) {
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be >= 1, got " + limit);
        }
        this.limit = limit;
    }

    public <T> CompletableFuture<T> submit(Supplier<CompletionStage<T>> call) {
        CompletableFuture<T> result = new CompletableFuture<>();
        Runnable start = () -> {
            CompletionStage<T> stage;
            try {
                stage = call.get();
            } catch (RuntimeException e) {
                stage = CompletableFuture.failedFuture(e);
            }
            stage.whenComplete((v, e) -> {
                release();
                if (e != null) {
                    result.completeExceptionally(e);
                } else {
                    result.complete(v);
                }
            });
        };
        boolean now;
        synchronized (this) {
            now = inFlight < limit;
            if (now) {
                inFlight++;
            } else {
                waiting.add(start);
            }
        }
        if (now) {
            start.run();
        }
        return result;
    }

    private void release() {
        Runnable next;
        synchronized (this) {
            next = waiting.poll();
            if (next == null) {
                inFlight--;
            }
        }
        if (next != null) {
            next.run();
        }
    }

    synchronized int inFlight() {
        return inFlight;
    }
}
