package io.symoe.modelpool.simulation;

import io.symoe.modelpool.schedule.CostModel;
import io.symoe.modelpool.schedule.Decision;
import io.symoe.modelpool.schedule.EvictionDecision;
import io.symoe.modelpool.schedule.EvictionPolicy;
import io.symoe.modelpool.schedule.OfflinePlan;
import io.symoe.modelpool.schedule.OfflineScheduler;
import io.symoe.modelpool.schedule.Request;
import io.symoe.modelpool.schedule.Residency;
import io.symoe.modelpool.schedule.Resident;
import io.symoe.modelpool.schedule.Scheduler;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiFunction;

/**
 * Replays an arrival trace through a scheduler in simulated time: one executor (one accelerator) that loads a
 * model in {@link CostModel#loadSeconds} and then generates one request after another in
 * {@link CostModel#generateSeconds} each; unloading is free. Every model has the same footprint, so the budget is
 * a number of models. Deterministic: the same trace gives the same result.
 */
public final class ScheduleSimulation {
    private final CostModel costs;
    private final int budgetModels;

    public ScheduleSimulation(CostModel costs, int budgetModels) {
        if (budgetModels < 1) {
            throw new IllegalArgumentException("budget must hold at least one model, got " + budgetModels);
        }
        this.costs = costs;
        this.budgetModels = budgetModels;
    }

    /**
     * Runs an online scheduler over the trace.
     *
     * @param eviction builds the eviction policy from the current queue (so a policy may look at queued demand)
     */
    public SimulationResult online(List<Request> trace, Scheduler scheduler,
                                   BiFunction<List<Request>, Double, EvictionPolicy> eviction) {
        List<Request> arrivals = new ArrayList<>(trace);
        arrivals.sort(Comparator.comparingDouble(Request::arrivalSeconds));
        List<Request> queue = new ArrayList<>();
        Map<String, Resident> resident = new LinkedHashMap<>();
        Map<String, Double> waits = new HashMap<>();
        List<String> served = new ArrayList<>();
        int next = 0;
        int loads = 0;
        double now = 0;
        while (next < arrivals.size() || !queue.isEmpty()) {
            while (next < arrivals.size() && arrivals.get(next).arrivalSeconds() <= now) {
                queue.add(arrivals.get(next++));
            }
            if (queue.isEmpty()) {
                now = arrivals.get(next).arrivalSeconds();
                continue;
            }
            Decision d = scheduler.next(now, List.copyOf(queue), Set.copyOf(resident.keySet()));
            switch (d) {
                case Decision.Idle i -> throw new IllegalStateException("scheduler idles with " + queue.size() + " queued");
                case Decision.Wait w -> {
                    double until = next < arrivals.size() ? Math.min(w.untilSeconds(), arrivals.get(next).arrivalSeconds()) : w.untilSeconds();
                    if (!(until > now) || Double.isInfinite(until)) {
                        throw new IllegalStateException("scheduler waits until " + w.untilSeconds() + " at " + now + " with nothing to wake it");
                    }
                    now = until;
                }
                case Decision.Serve s -> {
                    if (!resident.containsKey(s.modelId())) {
                        Residency snapshot = new Residency(budgetModels, 0, List.copyOf(resident.values()));
                        EvictionDecision e = eviction.apply(List.copyOf(queue), now).decide(s.modelId(), 1, snapshot, now);
                        if (!(e instanceof EvictionDecision.Fits fits)) {
                            throw new IllegalStateException("eviction failed in simulation: " + e);
                        }
                        fits.evict().forEach(resident::remove);
                        now += costs.loadSeconds(s.modelId());
                        loads++;
                        resident.put(s.modelId(), new Resident(s.modelId(), 1, now, now, 0));
                    }
                    for (Request r : s.requests()) {
                        if (!queue.remove(r)) {
                            throw new IllegalStateException("scheduler served " + r.id() + ", which is not queued");
                        }
                        waits.put(r.id(), now - r.arrivalSeconds());
                        served.add(r.id());
                        now += costs.generateSeconds(s.modelId());
                    }
                    Resident old = resident.get(s.modelId());
                    resident.put(s.modelId(), new Resident(s.modelId(), 1, old.loadedAt(), now, 0));
                }
            }
        }
        return new SimulationResult(loads, waits, now, served);
    }

    /**
     * Runs the offline scheduler: every request is known when the batch starts at time 0 (the paper's batch
     * setting), so waits are measured from 0 whatever the trace's arrival times.
     */
    public SimulationResult offline(List<Request> trace) {
        OfflinePlan plan = OfflineScheduler.plan(trace, budgetModels, m -> 1L);
        Map<String, Double> waits = new HashMap<>();
        List<String> served = new ArrayList<>();
        double now = 0;
        for (OfflinePlan.Step step : plan.steps()) {
            if (step.load()) {
                now += costs.loadSeconds(step.modelId());
            }
            for (Request r : step.requests()) {
                waits.put(r.id(), now);
                served.add(r.id());
                now += costs.generateSeconds(step.modelId());
            }
        }
        return new SimulationResult(plan.loads(), waits, now, served);
    }

    /** The number of distinct models the trace needs: no schedule can load fewer from an empty pool. */
    public static int lowerBoundLoads(List<Request> trace) {
        Set<String> models = new LinkedHashSet<>();
        trace.forEach(r -> models.add(r.modelId()));
        return models.size();
    }
}
