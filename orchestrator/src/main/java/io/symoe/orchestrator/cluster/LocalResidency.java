package io.symoe.orchestrator.cluster;

import java.util.Set;

/** What this member's pool has loaded now; the cluster view publishes it for the other members. */
@FunctionalInterface
public interface LocalResidency {
    Set<String> residentModels();
}
