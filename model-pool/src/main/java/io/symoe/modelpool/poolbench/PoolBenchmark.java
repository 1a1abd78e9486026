package io.symoe.modelpool.poolbench;

import io.symoe.core.Assignment;
import io.symoe.core.generation.Generation;
import io.symoe.core.generation.GenerationParams;
import io.symoe.core.generation.Prompt;
import io.symoe.modelpool.pool.BatchOutcome;
import io.symoe.modelpool.pool.ModelPool;
import io.symoe.modelpool.pool.OnlineDispatcher;
import io.symoe.modelpool.schedule.GroupedScheduler;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Sends the same routed instances through a real pool three ways and measures each from a cold pool (nothing
 * resident). Every instance arrives at t = 0, so its latency is the time until the last of its experts answered.
 * <ul>
 *   <li>FIFO: instances in arrival order, each instance's experts one after another, as a naive gateway would;</li>
 *   <li>online: every draw handed at once to the {@link OnlineDispatcher} with the {@link GroupedScheduler};</li>
 *   <li>offline: {@link ModelPool#runBatch}, each model once with all its prompts; the batch answers as a whole, so
 *       every instance's latency is the batch's wall time.</li>
 * </ul>
 */
public final class PoolBenchmark {
    private PoolBenchmark() {}

    /** One way's measurements. */
    public record Way(int loads, double wallS, double p50S, double p95S, long tokens, int answered, int unanswered) {}

    /** The contract's fields plus what explains them. */
    public record Result(int instances, int lowerBoundLoads, Way fifo, Way online, Way offline) {
        public double onlineOverFifoWall() {
            return online.wallS() / fifo.wallS();
        }
    }

    public static Result run(ModelPool pool, List<Assignment> assignments, Map<String, Prompt> prompts,
                             GenerationParams params, GroupedScheduler.Settings online) {
        Set<String> distinct = new HashSet<>();
        assignments.forEach(a -> a.experts().forEach(e -> distinct.add(e.modelId())));
        Way fifo = measure(pool, () -> fifo(pool, assignments, prompts, params));
        Way grouped = measure(pool, () -> online(pool, assignments, prompts, params, online));
        Way offline = measure(pool, () -> offline(pool, assignments, prompts, params));
        return new Result(assignments.size(), distinct.size(), fifo, grouped, offline);
    }

    /** What one way returns: each instance's completion time since the start, and the generations. */
    private record Run(Map<String, Double> doneAtS, List<Generation> generations, int unanswered) {}

    private interface Way0 {
        Run run() throws Exception;
    }

    private static Way measure(ModelPool pool, Way0 way) {
        coldStart(pool);
        int loadsBefore = pool.residency().loads();
        long t0 = System.nanoTime();
        Run r;
        try {
            r = way.run();
        } catch (Exception e) {
            throw new IllegalStateException("bench pool: a run failed: " + e.getMessage(), e);
        }
        double wall = (System.nanoTime() - t0) / 1e9;
        double[] lat = r.doneAtS().values().stream().mapToDouble(Double::doubleValue).sorted().toArray();
        long tokens = r.generations().stream().mapToLong(g -> g.tokens() == null ? 0 : g.tokens().completion()).sum();
        return new Way(pool.residency().loads() - loadsBefore, wall, quantile(lat, 0.5), quantile(lat, 0.95), tokens,
                r.doneAtS().size(), r.unanswered());
    }

    /** Unloads everything, so each way pays its own loads from nothing. */
    private static void coldStart(ModelPool pool) {
        for (String id : pool.residency().resident()) {
            pool.residency().unload(id).toCompletableFuture().orTimeout(60, TimeUnit.SECONDS).join();
        }
    }

    private static Run fifo(ModelPool pool, List<Assignment> as, Map<String, Prompt> prompts, GenerationParams params) {
        long t0 = System.nanoTime();
        Map<String, Double> done = new LinkedHashMap<>();
        List<Generation> out = new ArrayList<>();
        for (Assignment a : as) {
            for (var expert : a.experts()) {
                out.addAll(pool.generate(expert.modelId(), List.of(prompts.get(a.instanceId())), params).toCompletableFuture().join());
            }
            done.put(a.instanceId(), (System.nanoTime() - t0) / 1e9);
        }
        return new Run(done, out, 0);
    }

    private static Run online(ModelPool pool, List<Assignment> as, Map<String, Prompt> prompts, GenerationParams params,
                              GroupedScheduler.Settings settings) throws Exception {
        long t0 = System.nanoTime();
        Map<String, Double> done = new java.util.concurrent.ConcurrentHashMap<>();
        List<Generation> out = java.util.Collections.synchronizedList(new ArrayList<>());
        try (OnlineDispatcher dispatcher = OnlineDispatcher.grouped(pool, settings, 1.0)) {
            List<CompletableFuture<Void>> instances = new ArrayList<>();
            for (Assignment a : as) {
                List<CompletableFuture<List<Generation>>> draws = a.experts().stream()
                        .map(e -> dispatcher.generate(e.modelId(), List.of(prompts.get(a.instanceId())), params).toCompletableFuture())
                        .toList();
                instances.add(CompletableFuture.allOf(draws.toArray(CompletableFuture[]::new)).thenRun(() -> {
                    done.put(a.instanceId(), (System.nanoTime() - t0) / 1e9);
                    draws.forEach(d -> out.addAll(d.join()));
                }));
            }
            CompletableFuture.allOf(instances.toArray(CompletableFuture[]::new)).get(30, TimeUnit.MINUTES);
        }
        return new Run(done, out, 0);
    }

    private static Run offline(ModelPool pool, List<Assignment> as, Map<String, Prompt> prompts, GenerationParams params)
            throws Exception {
        long t0 = System.nanoTime();
        BatchOutcome outcome = pool.runBatch(as, prompts, params).toCompletableFuture().get(30, TimeUnit.MINUTES);
        double wall = (System.nanoTime() - t0) / 1e9;
        Map<String, Double> done = new LinkedHashMap<>();
        outcome.generations().keySet().forEach(id -> done.put(id, wall));
        List<Generation> out = outcome.generations().values().stream().flatMap(List::stream).toList();
        return new Run(done, out, outcome.unserved().size());
    }

    static double quantile(double[] sorted, double q) {
        if (sorted.length == 0) {
            return 0;
        }
        int i = (int) Math.ceil(q * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, i))];
    }

    /** The contract's JSON: {@code {"lower_bound_loads","fifo":{"loads","wall_s","p95_s",...},"online":{…},"offline":{…}}}. */
    public static String json(Result r) {
        return "{\"instances\":" + r.instances() + ",\"lower_bound_loads\":" + r.lowerBoundLoads()
                + ",\"fifo\":" + json(r.fifo()) + ",\"online\":" + json(r.online()) + ",\"offline\":" + json(r.offline())
                + ",\"online_over_fifo_wall\":" + round(r.onlineOverFifoWall()) + "}";
    }

    private static String json(Way w) {
        return "{\"loads\":" + w.loads() + ",\"wall_s\":" + round(w.wallS()) + ",\"p50_s\":" + round(w.p50S())
                + ",\"p95_s\":" + round(w.p95S()) + ",\"tokens\":" + w.tokens() + ",\"answered\":" + w.answered()
                + ",\"unanswered\":" + w.unanswered() + "}";
    }

    private static double round(double v) {
        return Math.round(v * 1000) / 1000.0;
    }

    /** A Markdown table of the three ways. */
    public static String table(Result r) {
        StringBuilder sb = new StringBuilder("| way | loads | wall s | p50 s | p95 s | tokens | answered |\n|---|---|---|---|---|---|---|\n");
        for (var e : List.of(Map.entry("FIFO", r.fifo()), Map.entry("online", r.online()), Map.entry("offline", r.offline()))) {
            Way w = e.getValue();
            sb.append(String.format(java.util.Locale.ROOT, "| %s | %d | %.1f | %.1f | %.1f | %d | %d/%d |%n", e.getKey(),
                    w.loads(), w.wallS(), w.p50S(), w.p95S(), w.tokens(), w.answered(), r.instances()));
        }
        sb.append(String.format(java.util.Locale.ROOT, "%nlower bound: %d loads (distinct recruited experts); "
                + "online/FIFO loads %.2f, wall %.2f%n", r.lowerBoundLoads(),
                r.online().loads() / (double) Math.max(1, r.fifo().loads()), r.onlineOverFifoWall()));
        return sb.toString();
    }
}
