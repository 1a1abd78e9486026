package io.symoe.ops;

/**
 * The HTTP routes the deployment files rely on. The orchestrator declares them as string literals in its router,
 * not as constants, so they are named once here and {@link ProbeRoutesTest} checks them against the real server.
 */
final class Routes {
    static final String LIVENESS = "/health/live";
    static final String READINESS = "/health/ready";
    static final String METRICS = "/metrics";

    private Routes() {}
}
