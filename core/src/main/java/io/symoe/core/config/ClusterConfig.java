package io.symoe.core.config;

import io.symoe.core.Checks;

import java.util.List;

/**
 * Hazelcast clustering.
 *
 * @param enabled   join a cluster on start (also switched on by {@code serve --cluster})
 * @param name      cluster name; members with another name are ignored
 * @param members   TCP-IP member list ({@code host[:port]}); empty with multicast off = this node alone
 * @param multicast discover members by multicast instead of a list
 * @param port      Hazelcast member port
 * @param kubernetesService discover members through this Kubernetes headless service's DNS name
 *                  (e.g. {@code symoe-hz.default.svc.cluster.local}) instead of a list or multicast
 */
public record ClusterConfig(Boolean enabled, String name, List<String> members, Boolean multicast, Integer port,
                            String kubernetesService) {
    public ClusterConfig {
        enabled = enabled != null && enabled;
        name = name == null ? "symoe" : Checks.nonBlank(name, "cluster.name");
        members = Checks.copyOf(members, "cluster.members");
        multicast = multicast != null && multicast;
        port = port == null ? 5701 : port;
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("cluster.port must be in 1..65535, got " + port);
        }
        int discoveries = (members.isEmpty() ? 0 : 1) + (multicast ? 1 : 0)
                + (kubernetesService == null ? 0 : 1);
        if (discoveries > 1) {
            throw new IllegalArgumentException("cluster: use one of members, multicast or kubernetes-service");
        }
        if (kubernetesService != null && kubernetesService.isBlank()) {
            throw new IllegalArgumentException("cluster.kubernetes-service must not be blank");
        }
    }

    public ClusterConfig(Boolean enabled, String name, List<String> members, Boolean multicast, Integer port) {
        this(enabled, name, members, multicast, port, null);
    }

    public static ClusterConfig disabled() {
        return new ClusterConfig(false, null, null, null, null, null);
    }

    public ClusterConfig enable() {
        return new ClusterConfig(true, name, members, multicast, port, kubernetesService);
    }
}
