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
 */
public record ClusterConfig(Boolean enabled, String name, List<String> members, Boolean multicast, Integer port) {
    public ClusterConfig {
        enabled = enabled != null && enabled;
        name = name == null ? "symoe" : Checks.nonBlank(name, "cluster.name");
        members = Checks.copyOf(members, "cluster.members");
        multicast = multicast != null && multicast;
        port = port == null ? 5701 : port;
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("cluster.port must be in 1..65535, got " + port);
        }
        if (multicast && !members.isEmpty()) {
            throw new IllegalArgumentException("cluster: use either members or multicast, not both");
        }
    }

    public static ClusterConfig disabled() {
        return new ClusterConfig(false, null, null, null, null);
    }
}
