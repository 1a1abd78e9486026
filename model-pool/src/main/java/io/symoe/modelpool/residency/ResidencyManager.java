package io.symoe.modelpool.residency;

import io.symoe.core.generation.GenerationException;
import io.symoe.modelpool.schedule.EvictionDecision;
import io.symoe.modelpool.schedule.EvictionPolicy;
import io.symoe.modelpool.schedule.FurthestNextUseEviction;
import io.symoe.modelpool.schedule.Residency;
import io.symoe.modelpool.schedule.Resident;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import java.util.stream.Collectors;

/**
 * Keeps models resident under a memory budget. {@link #acquire} makes a model resident — unloading the victims an
 * {@link EvictionPolicy} names first — and pins it until the returned {@link Lease} is closed. A model with leases
 * (requests in flight) is never evicted; a model is not evicted before it has been resident for
 * {@code minResidency}. Load and unload times are measured and kept as running estimates, which the schedulers
 * use as swap costs.
 *
 * <p>The eviction decision is the pure policy's; this class only performs it. State changes happen under one
 * lock; backend calls run outside it. Models being loaded or unloaded count against the budget and are pinned.
 */
public final class ResidencyManager {
    private enum State { LOADING, RESIDENT, UNLOADING }

    private static final class Slot {
        final ResidentModelSpec spec;
        State state;
        int inFlight;
        double loadedAt;
        double lastUsedAt;
        CompletableFuture<Void> transition;

        Slot(ResidentModelSpec spec) {
            this.spec = spec;
        }
    }

    /** Pins a resident model while its requests run; close exactly once when they are done. */
    /** Told of every completed load and unload, e.g. to count them in metrics or publish them to a cluster. */
    public interface Listener {
        void loaded(String modelId, Duration took);

        void unloaded(String modelId, Duration took);
    }

    public interface Lease extends AutoCloseable {
        String modelId();

        @Override
        void close();
    }

    private final long budgetBytes;
    private final double minResidencySeconds;
    private final Map<String, ResidentModelSpec> specs;
    private final Map<String, RunningEstimate> loadTimes = new HashMap<>();
    private final Map<String, RunningEstimate> unloadTimes = new HashMap<>();
    private final Map<String, Slot> slots = new LinkedHashMap<>();
    private final List<Runnable> waiters = new ArrayList<>();
    private final List<Listener> listeners = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final ScheduledExecutorService timer;
    private final LongSupplier nanoClock;
    private int loads;

    public ResidencyManager(long budgetBytes, Duration minResidency, List<ResidentModelSpec> models,
                            ScheduledExecutorService timer) {
        this(budgetBytes, minResidency, models, timer, System::nanoTime);
    }

    /** @param nanoClock a monotonic clock, injectable so minimum residency can be tested without sleeping */
    public ResidencyManager(long budgetBytes, Duration minResidency, List<ResidentModelSpec> models,
                            ScheduledExecutorService timer, LongSupplier nanoClock) {
        if (budgetBytes < 0) {
            throw new IllegalArgumentException("memory budget must be >= 0, got " + budgetBytes);
        }
        this.budgetBytes = budgetBytes;
        this.minResidencySeconds = minResidency.toNanos() / 1e9;
        Map<String, ResidentModelSpec> m = new LinkedHashMap<>();
        for (ResidentModelSpec s : models) {
            if (m.put(s.modelId(), s) != null) {
                throw new IllegalArgumentException("model " + s.modelId() + " registered twice");
            }
            if (budgetBytes > 0 && s.footprintBytes() > budgetBytes) {
                throw new IllegalArgumentException("model " + s.modelId() + " needs " + s.footprintBytes()
                        + " bytes, more than the budget of " + budgetBytes + ": it could never load");
            }
            loadTimes.put(s.modelId(), new RunningEstimate(s.loadTime()));
            unloadTimes.put(s.modelId(), new RunningEstimate(Duration.ZERO));
        }
        this.specs = Map.copyOf(m);
        this.timer = Objects.requireNonNull(timer, "timer");
        this.nanoClock = Objects.requireNonNull(nanoClock, "nanoClock");
    }

    private double now() {
        return nanoClock.getAsLong() / 1e9;
    }

    public void addListener(Listener listener) {
        listeners.add(Objects.requireNonNull(listener, "listener"));
    }

    /** Makes a model resident without pinning it (an operator's explicit load). */
    public CompletionStage<Void> load(String modelId) {
        return acquire(modelId).thenAccept(Lease::close);
    }

    /**
     * Unloads a resident model now (an operator's explicit unload). Refused while requests run on it, since
     * evicting an in-flight model would fail them; a model that is not resident completes at once.
     */
    public CompletionStage<Void> unload(String modelId) {
        if (!specs.containsKey(modelId)) {
            return CompletableFuture.failedFuture(new GenerationException(GenerationException.Kind.NOT_FOUND, modelId,
                    "model " + modelId + " is not in the pool " + specs.keySet()));
        }
        Slot slot;
        synchronized (this) {
            slot = slots.get(modelId);
            if (slot == null) {
                return CompletableFuture.completedFuture(null);
            }
            if (slot.state != State.RESIDENT) {
                CompletableFuture<Void> t = slot.transition;
                return t.thenCompose(v -> unload(modelId));
            }
            if (slot.inFlight > 0) {
                return CompletableFuture.failedFuture(new IllegalStateException("model " + modelId + " has "
                        + slot.inFlight + " requests in flight; unload it once they finish"));
            }
            slot.state = State.UNLOADING;
            slot.transition = new CompletableFuture<>();
        }
        long t0 = nanoClock.getAsLong();
        Slot victim = slot;
        return timed(victim.spec.backend().unload(modelId), unloadTimes.get(modelId)).whenComplete((ok, err) -> {
            synchronized (this) {
                slots.remove(modelId);
            }
            victim.transition.complete(null);
            if (err == null) {
                notifyUnloaded(modelId, Duration.ofNanos(nanoClock.getAsLong() - t0));
            }
            wakeWaiters();
        });
    }

    private void notifyLoaded(String modelId, Duration took) {
        for (Listener l : listeners) {
            l.loaded(modelId, took);
        }
    }

    private void notifyUnloaded(String modelId, Duration took) {
        for (Listener l : listeners) {
            l.unloaded(modelId, took);
        }
    }

    /** Makes {@code modelId} resident with LRU eviction and pins it. */
    public CompletionStage<Lease> acquire(String modelId) {
        return acquire(modelId, FurthestNextUseEviction.lru());
    }

    /**
     * Makes {@code modelId} resident, evicting what {@code policy} names, and pins it. Completes once the model is
     * loaded; waits (without blocking a thread) while memory is held by pinned models.
     */
    public CompletionStage<Lease> acquire(String modelId, EvictionPolicy policy) {
        ResidentModelSpec spec = specs.get(modelId);
        if (spec == null) {
            return CompletableFuture.failedFuture(new GenerationException(GenerationException.Kind.NOT_FOUND, modelId,
                    "model " + modelId + " is not in the pool " + specs.keySet()));
        }
        CompletableFuture<Lease> result = new CompletableFuture<>();
        attempt(spec, policy, result);
        return result;
    }

    private void attempt(ResidentModelSpec spec, EvictionPolicy policy, CompletableFuture<Lease> result) {
        String id = spec.modelId();
        CompletableFuture<Void> joinTransition = null;
        List<Slot> victims = List.of();
        Slot loading = null;
        EvictionDecision.Blocked blocked = null;
        synchronized (this) {
            Slot slot = slots.get(id);
            if (slot != null && slot.state == State.RESIDENT) {
                slot.inFlight++;
                slot.lastUsedAt = now();
                result.complete(lease(slot));
                return;
            }
            if (slot != null) {
                joinTransition = slot.transition;
            } else {
                double now = now();
                EvictionDecision d = policy.decide(id, spec.footprintBytes(), snapshot(), now);
                switch (d) {
                    case EvictionDecision.NeverFits n -> {
                        result.completeExceptionally(new GenerationException(GenerationException.Kind.PERMANENT, id, n.reason()));
                        return;
                    }
                    case EvictionDecision.Blocked b -> blocked = b;
                    case EvictionDecision.Fits f -> {
                        victims = new ArrayList<>();
                        for (String v : f.evict()) {
                            Slot s = slots.get(v);
                            s.state = State.UNLOADING;
                            s.transition = new CompletableFuture<>();
                            victims.add(s);
                        }
                        loading = new Slot(spec);
                        loading.state = State.LOADING;
                        loading.transition = new CompletableFuture<>();
                        slots.put(id, loading);
                    }
                }
            }
            if (blocked != null) {
                waiters.add(() -> attempt(spec, policy, result));
                if (Double.isFinite(blocked.retryAtSeconds())) {
                    long delayNanos = Math.max(1, (long) ((blocked.retryAtSeconds() - now()) * 1e9));
                    timer.schedule(this::wakeWaiters, delayNanos, TimeUnit.NANOSECONDS);
                }
                return;
            }
        }
        if (joinTransition != null) {
            joinTransition.whenComplete((v, e) -> attempt(spec, policy, result));
            return;
        }
        perform(victims, loading, policy, result);
    }

    private void perform(List<Slot> victims, Slot target, EvictionPolicy policy, CompletableFuture<Lease> result) {
        CompletableFuture<Void> unloaded = CompletableFuture.completedFuture(null);
        for (Slot v : victims) {
            unloaded = unloaded.thenCompose(x -> {
                long u0 = nanoClock.getAsLong();
                return timed(v.spec.backend().unload(v.spec.modelId()), unloadTimes.get(v.spec.modelId()))
                        .whenComplete((ok, err) -> {
                            synchronized (this) {
                                slots.remove(v.spec.modelId());
                            }
                            v.transition.complete(null);
                            if (err == null) {
                                notifyUnloaded(v.spec.modelId(), Duration.ofNanos(nanoClock.getAsLong() - u0));
                            }
                        });
            });
        }
        String id = target.spec.modelId();
        long[] loadStart = new long[1];
        unloaded.exceptionally(e -> null)
                .thenCompose(x -> {
                    loadStart[0] = nanoClock.getAsLong();
                    return timed(target.spec.backend().load(id), loadTimes.get(id));
                })
                .whenComplete((ok, err) -> {
                    Lease lease = null;
                    synchronized (this) {
                        if (err != null) {
                            slots.remove(id);
                        } else {
                            target.state = State.RESIDENT;
                            target.loadedAt = now();
                            target.lastUsedAt = target.loadedAt;
                            target.inFlight = 1;
                            loads++;
                            lease = lease(target);
                        }
                    }
                    target.transition.complete(null);
                    if (err == null) {
                        notifyLoaded(id, Duration.ofNanos(nanoClock.getAsLong() - loadStart[0]));
                    }
                    if (err != null) {
                        Throwable cause = err.getCause() != null && err instanceof java.util.concurrent.CompletionException ? err.getCause() : err;
                        result.completeExceptionally(cause instanceof GenerationException ? cause
                                : new GenerationException(GenerationException.Kind.TRANSIENT, id, "loading " + id + " failed: " + cause, cause));
                    } else {
                        result.complete(lease);
                    }
                    wakeWaiters();
                });
    }

    private CompletableFuture<Void> timed(CompletionStage<Void> op, RunningEstimate estimate) {
        long t0 = nanoClock.getAsLong();
        return op.toCompletableFuture().thenRun(() -> estimate.record(Duration.ofNanos(nanoClock.getAsLong() - t0)));
    }

    private Lease lease(Slot slot) {
        return new Lease() {
            private boolean closed;

            @Override
            public String modelId() {
                return slot.spec.modelId();
            }

            @Override
            public void close() {
                synchronized (ResidencyManager.this) {
                    if (closed) {
                        return;
                    }
                    closed = true;
                    slot.inFlight--;
                    slot.lastUsedAt = now();
                }
                wakeWaiters();
            }
        };
    }

    private void wakeWaiters() {
        List<Runnable> retry;
        synchronized (this) {
            retry = new ArrayList<>(waiters);
            waiters.clear();
        }
        retry.forEach(Runnable::run);
    }

    /** The current residency as the eviction policies see it; loading/unloading models are pinned. */
    public synchronized Residency snapshot() {
        List<Resident> resident = new ArrayList<>();
        for (Slot s : slots.values()) {
            int pinned = s.state == State.RESIDENT ? s.inFlight : Math.max(1, s.inFlight);
            resident.add(new Resident(s.spec.modelId(), s.spec.footprintBytes(), s.loadedAt, s.lastUsedAt, pinned));
        }
        return new Residency(budgetBytes, minResidencySeconds, resident);
    }

    /** Models resident now (not counting ones being loaded). */
    public synchronized Set<String> resident() {
        return slots.values().stream().filter(s -> s.state == State.RESIDENT).map(s -> s.spec.modelId())
                .collect(Collectors.toUnmodifiableSet());
    }

    public synchronized int inFlight(String modelId) {
        Slot s = slots.get(modelId);
        return s == null ? 0 : s.inFlight;
    }

    /** Loads performed so far. */
    public synchronized int loads() {
        return loads;
    }

    /** The running estimate of a model's load time (the configured value until measured). */
    public Duration loadTime(String modelId) {
        return estimate(loadTimes, modelId).value();
    }

    public Duration unloadTime(String modelId) {
        return estimate(unloadTimes, modelId).value();
    }

    private static RunningEstimate estimate(Map<String, RunningEstimate> m, String modelId) {
        RunningEstimate e = m.get(modelId);
        if (e == null) {
            throw new IllegalArgumentException("model " + modelId + " is not in the pool");
        }
        return e;
    }

    public long footprint(String modelId) {
        ResidentModelSpec s = specs.get(modelId);
        if (s == null) {
            throw new IllegalArgumentException("model " + modelId + " is not in the pool");
        }
        return s.footprintBytes();
    }

    public Set<String> models() {
        return specs.keySet();
    }

    public long budgetBytes() {
        return budgetBytes;
    }
}
