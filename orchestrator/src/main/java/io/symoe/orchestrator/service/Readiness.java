package io.symoe.orchestrator.service;

import io.symoe.skillrouter.Router;
import io.symoe.skillrouter.recruit.SequentialRecruiter;
import io.symoe.skillrouter.recruit.StopPolicy;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

/**
 * Whether the service can route: each pipeline's router (null until built) and the reason {@code /health/ready}
 * gives. Written by the routing start-up, read by every request, hence atomic references.
 */
final class Readiness {
    private final Map<String, AtomicReference<Router>> routers = new LinkedHashMap<>();
    private final AtomicReference<String> reason = new AtomicReference<>("starting");
    /** Pipeline → how its aggregator was chosen, where it was not the configured strategy (set before routing starts). */
    private final Map<String, String> aggregatorNotes = new java.util.concurrent.ConcurrentHashMap<>();
    private final Map<String, String> stagedNotes = new java.util.concurrent.ConcurrentHashMap<>();

    /** The router slot of a pipeline, registered default first. */
    Supplier<Router> register(String pipeline) {
        AtomicReference<Router> slot = new AtomicReference<>();
        routers.put(pipeline, slot);
        return slot::get;
    }

    void install(Map<String, Router> built) {
        built.forEach((name, r) -> routers.get(name).set(r));
        reason.set(readyDetail(built, aggregatorNotes, stagedNotes));
    }

    void aggregatorNote(String pipeline, String note) {
        aggregatorNotes.put(pipeline, note);
    }

    /**
     * The pipeline's learned aggregator has stages: a sequential recruiter stops on their posterior unless
     * {@code router.threshold} is set (what {@code SymoePipeline} serves), and readiness names that rule.
     */
    void stagedStop(String pipeline, String description) {
        stagedNotes.put(pipeline, description);
    }

    /**
     * "ready", plus for each {@code recruiter: sequential} pipeline the stop rule it serves and where it came from
     * (learned, configured or the fixed default), so an operator can see which threshold answers.
     */
    static String readyDetail(Map<String, Router> built) {
        return readyDetail(built, Map.of());
    }

    /** The same, plus each pipeline's note on an aggregator it chose implicitly (the learned default). */
    static String readyDetail(Map<String, Router> built, Map<String, String> aggregatorNotes) {
        return readyDetail(built, aggregatorNotes, Map.of());
    }

    /** The same, with the staged rule named where a sequential pipeline serves it instead of the vote rule. */
    static String readyDetail(Map<String, Router> built, Map<String, String> aggregatorNotes,
                              Map<String, String> stagedNotes) {
        StringBuilder sb = new StringBuilder("ready");
        built.forEach((name, r) -> {
            if (aggregatorNotes.containsKey(name)) {
                sb.append("; pipeline ").append(name).append(": ").append(aggregatorNotes.get(name));
            }
            if (r.recruiter() instanceof SequentialRecruiter s && stagedNotes.containsKey(name)
                    && s.policy().source() != StopPolicy.Source.CONFIG) {
                sb.append(String.format(java.util.Locale.ROOT,
                        "; pipeline %s: sequential stop on the learned aggregator's posterior, %s, at most %d experts",
                        name, stagedNotes.get(name), s.stop().maxExperts()));
            } else if (r.recruiter() instanceof SequentialRecruiter s) {
                StopPolicy p = s.policy();
                sb.append(String.format(java.util.Locale.ROOT,
                        "; pipeline %s: sequential stop %s, at most %d experts (%s: %s)", name, p.describe(),
                        s.stop().maxExperts(), p.source().name().toLowerCase(java.util.Locale.ROOT), p.detail()));
            }
        });
        return sb.toString();
    }

    void reason(String why) {
        reason.set(why);
    }

    String reason() {
        return reason.get();
    }

    /** Ready once every pipeline's router is built. */
    boolean ready() {
        return routers.values().stream().allMatch(r -> r.get() != null);
    }
}
