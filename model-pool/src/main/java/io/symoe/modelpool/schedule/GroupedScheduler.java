package io.symoe.modelpool.schedule;

import io.symoe.core.Checks;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The online batch-by-expert scheduler: groups queued requests by model so each load serves many requests, the
 * reordering llama-swap issue #612 asks for ({@code A B A A C} → {@code A A A B C}), bounded by a max wait.
 *
 * <p>Rules, in order:
 * <ol>
 *   <li><b>No starvation.</b> If the oldest queued request has waited {@code maxWait} or more, serve its model
 *       (with every queued request for that model). Overdue requests are thus served in arrival order.</li>
 *   <li><b>No swap when avoidable.</b> If a resident model has queued requests, serve the one with most.</li>
 *   <li><b>Swap cost vs waiting.</b> Otherwise a swap is needed. Swap to the model whose queue is largest if its
 *       batch is worth the load — its generation work is at least {@code minWorkPerLoad} × its load time — or
 *       if waiting any longer would push one of its requests past max wait once the load is paid. Else wait:
 *       more requests for the same models will arrive and share the load.</li>
 * </ol>
 * When every request is present at the start (the offline batch), rule 3 always swaps to the largest group and
 * each model is loaded once.
 */
public final class GroupedScheduler implements Scheduler {
    private final Settings settings;
    private final CostModel costs;

    /**
     * @param maxWaitSeconds after this long a request's model is served next, before any grouping concern
     * @param minWorkPerLoad a swap is worth it when the batch's generation time ≥ this × the load time
     * @param maxBatch       most requests per batch
     */
    public record Settings(double maxWaitSeconds, double minWorkPerLoad, int maxBatch) {
        public Settings {
            Checks.finiteNonNegative(maxWaitSeconds, "maxWaitSeconds");
            Checks.finiteNonNegative(minWorkPerLoad, "minWorkPerLoad");
            Checks.positive(maxBatch, "maxBatch");
        }
    }

    public GroupedScheduler(Settings settings, CostModel costs) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.costs = Objects.requireNonNull(costs, "costs");
    }

    public Settings settings() {
        return settings;
    }

    @Override
    public Decision next(double now, List<Request> queue, Set<String> resident) {
        if (queue.isEmpty()) {
            return new Decision.Idle();
        }
        Map<String, List<Request>> byModel = new LinkedHashMap<>();
        for (Request r : queue) {
            byModel.computeIfAbsent(r.modelId(), k -> new ArrayList<>()).add(r);
        }
        Request oldest = queue.getFirst();
        if (now - oldest.arrivalSeconds() >= settings.maxWaitSeconds()) {
            return serve(oldest.modelId(), byModel);
        }
        String residentChoice = byModel.keySet().stream()
                .filter(resident::contains)
                .max(Comparator.comparingInt((String m) -> byModel.get(m).size()))
                .orElse(null);
        if (residentChoice != null) {
            return serve(residentChoice, byModel);
        }
        // Largest group first; among equals the one holding the oldest request (LinkedHashMap keeps that order).
        String best = null;
        for (String m : byModel.keySet()) {
            if (best == null || byModel.get(m).size() > byModel.get(best).size()) {
                best = m;
            }
        }
        double work = Math.min(byModel.get(best).size(), settings.maxBatch()) * costs.generateSeconds(best);
        if (work >= settings.minWorkPerLoad() * costs.loadSeconds(best)) {
            return serve(best, byModel);
        }
        // Wait no longer than the moment some model must start loading to serve its oldest request in time.
        double wakeAt = Double.POSITIVE_INFINITY;
        for (Map.Entry<String, List<Request>> e : byModel.entrySet()) {
            double mustStart = e.getValue().getFirst().arrivalSeconds() + settings.maxWaitSeconds()
                    - costs.loadSeconds(e.getKey());
            if (mustStart <= now) {
                return serve(e.getKey(), byModel);
            }
            wakeAt = Math.min(wakeAt, mustStart);
        }
        return new Decision.Wait(wakeAt);
    }

    private Decision serve(String model, Map<String, List<Request>> byModel) {
        List<Request> all = byModel.get(model);
        return new Decision.Serve(model, all.size() <= settings.maxBatch() ? all : all.subList(0, settings.maxBatch()));
    }
}
