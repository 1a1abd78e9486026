package io.symoe.orchestrator.reliability;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.PoolOptions;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;

import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;

/**
 * Drives HTTP POSTs at a server over loopback with a Vert.x client and tallies what came back: every request
 * ends as a status code, a transport error, or — if it never ends within the bound — "lost".
 */
final class LoadDriver implements AutoCloseable {
    /** What a run saw. {@code statuses} counts HTTP statuses; -1 counts client-side errors (connection, timeout). */
    record Result(int sent, Map<Integer, Integer> statuses, int lost, long[] latenciesNanos, double seconds,
                  int[] codes, String[] bodies) {
        int ok() {
            return statuses.getOrDefault(200, 0);
        }

        int errors() {
            return sent - ok() - lost;
        }

        double percentileMs(double p) {
            if (latenciesNanos.length == 0) {
                return Double.NaN;
            }
            long[] sorted = latenciesNanos.clone();
            Arrays.sort(sorted);
            int i = (int) Math.min(sorted.length - 1, Math.max(0, Math.ceil(p / 100.0 * sorted.length) - 1));
            return sorted[i] / 1e6;
        }

        String summary() {
            return String.format("sent=%d ok=%d errors=%d lost=%d statuses=%s p50=%.1fms p99=%.1fms in %.1fs (%.0f req/s)",
                    sent, ok(), errors(), lost, statuses, percentileMs(50), percentileMs(99), seconds, sent / seconds);
        }
    }

    private final Vertx vertx;
    private final WebClient client;

    LoadDriver(int connections) {
        this.vertx = Vertx.vertx();
        this.client = WebClient.create(vertx, new WebClientOptions(new HttpClientOptions()
                        .setDefaultHost("127.0.0.1").setKeepAlive(true).setConnectTimeout(10_000))
                        .setIdleTimeout(0),
                new PoolOptions().setHttp1MaxSize(connections).setMaxWaitQueueSize(-1));
    }

    /** Sends {@code count} requests all at once (as many concurrently as the connection pool allows). */
    Result burst(int port, String path, int count, IntFunction<String> body, long timeoutMs) throws Exception {
        return run(port, i -> path, count, i -> Buffer.buffer(body.apply(i)), timeoutMs, 0);
    }

    /** Like {@link #burst} with raw bytes and a path per request (for fuzzing). */
    Result burstBytes(int port, IntFunction<String> path, int count, IntFunction<Buffer> body, long timeoutMs)
            throws Exception {
        return run(port, path, count, body, timeoutMs, 0);
    }

    /** Sends {@code count} requests at a fixed rate (requests per second), each independent of the others' answers. */
    Result paced(int port, String path, int count, IntFunction<String> body, long timeoutMs, double perSecond)
            throws Exception {
        return run(port, i -> path, count, i -> Buffer.buffer(body.apply(i)), timeoutMs, perSecond);
    }

    private Result run(int port, IntFunction<String> path, int count, IntFunction<Buffer> body, long timeoutMs,
                       double perSecond)
            throws Exception {
        Map<Integer, Integer> statuses = new ConcurrentHashMap<>();
        long[] latencies = new long[count];
        int[] codes = new int[count];
        String[] bodies = new String[count];
        AtomicInteger done = new AtomicInteger();
        AtomicInteger okCount = new AtomicInteger();
        Promise<Void> all = Promise.promise();
        long t0 = System.nanoTime();
        IntFunction<Future<Void>> send = i -> {
            long start = System.nanoTime();
            return client.post(port, "127.0.0.1", path.apply(i)).putHeader("Content-Type", "application/json")
                    .timeout(timeoutMs).sendBuffer(body.apply(i))
                    .transform(ar -> {
                        long took = System.nanoTime() - start;
                        int code = ar.succeeded() ? ar.result().statusCode() : -1;
                        statuses.merge(code, 1, Integer::sum);
                        codes[i] = code;
                        bodies[i] = ar.succeeded() ? ar.result().bodyAsString() : String.valueOf(ar.cause());
                        if (code == 200) {
                            latencies[i] = took;
                            okCount.incrementAndGet();
                        }
                        if (done.incrementAndGet() == count) {
                            all.tryComplete();
                        }
                        return Future.<Void>succeededFuture();
                    });
        };
        if (perSecond <= 0) {
            vertx.runOnContext(v -> {
                for (int i = 0; i < count; i++) {
                    send.apply(i);
                }
            });
        } else {
            // Open-loop pacing: request i is due at t0 + i/rate, whatever happened to earlier ones.
            AtomicInteger next = new AtomicInteger();
            vertx.setPeriodic(1, id -> {
                long due = (long) ((System.nanoTime() - t0) / 1e9 * perSecond) + 1;
                while (next.get() < Math.min(count, due)) {
                    send.apply(next.getAndIncrement());
                }
                if (next.get() >= count) {
                    vertx.cancelTimer(id);
                }
            });
        }
        long bound = timeoutMs + (perSecond > 0 ? (long) (count / perSecond * 1000) : 0) + 10_000;
        try {
            all.future().toCompletionStage().toCompletableFuture().get(bound, java.util.concurrent.TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.TimeoutException e) {
            // whatever has not ended by now is lost
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        int finished = done.get();
        // Written on the driver's event loop; the completion above (or the bound) orders these reads after them.
        long[] ok = Arrays.stream(latencies).filter(l -> l > 0).toArray();
        return new Result(count, new TreeMap<>(statuses), count - finished, ok, seconds, codes, bodies);
    }

    @Override
    public void close() {
        client.close();
        vertx.close();
    }
}
