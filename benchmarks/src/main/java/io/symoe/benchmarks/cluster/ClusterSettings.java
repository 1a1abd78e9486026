package io.symoe.benchmarks.cluster;

import java.util.List;
import java.util.UUID;

/**
 * How an embedded member joins its cluster: TCP-IP to the listed members (no multicast, no cloud discovery), no
 * phone-home.
 *
 * @param clusterName members join only a cluster of the same name; unique per run by default, so concurrent
 *                    sweeps (or tests) on one machine never merge
 * @param port        the port this member listens on (the next free one is taken if it is busy)
 * @param members     the members to join, {@code host} or {@code host:port} or {@code host:port-port}
 */
public record ClusterSettings(String clusterName, int port, List<String> members) {
    public static final int DEFAULT_PORT = 5701;

    public ClusterSettings {
        if (clusterName == null || clusterName.isBlank()) {
            throw new IllegalArgumentException("the cluster needs a name");
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("cluster port must be in 1..65535, got " + port);
        }
        members = members == null || members.isEmpty() ? List.of("127.0.0.1") : List.copyOf(members);
    }

    /** A fresh cluster name, so a run never joins someone else's members. */
    public static String uniqueName() {
        return "symoe-replay-" + UUID.randomUUID();
    }

    /** Whether every member is on this machine's loopback, so the member binds to loopback only. */
    public boolean loopbackOnly() {
        return members.stream().allMatch(m -> {
            String host = m.contains(":") ? m.substring(0, m.indexOf(':')) : m;
            return host.equals("127.0.0.1") || host.equals("localhost");
        });
    }
}
