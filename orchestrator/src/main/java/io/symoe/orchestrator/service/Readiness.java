package io.symoe.orchestrator.service;

import io.symoe.skillrouter.Router;

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

    /** The router slot of a pipeline, registered default first. */
    Supplier<Router> register(String pipeline) {
        AtomicReference<Router> slot = new AtomicReference<>();
        routers.put(pipeline, slot);
        return slot::get;
    }

    void install(Map<String, Router> built) {
        built.forEach((name, r) -> routers.get(name).set(r));
        reason.set("ready");
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
