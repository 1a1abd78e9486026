package io.symoe.orchestrator.cluster;

import com.hazelcast.config.Config;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.config.NetworkConfig;
import io.symoe.core.config.ClusterConfig;
import io.vertx.spi.cluster.hazelcast.ConfigUtil;

/** Builds the Hazelcast member config from symoe's {@link ClusterConfig}. */
public final class HazelcastConfigs {
    private HazelcastConfigs() {}

    public static Config from(ClusterConfig cluster) {
        // Start from Vert.x's own default (it declares the maps the event bus needs), then set the network.
        Config hz = ConfigUtil.loadConfig();
        hz.setClusterName(cluster.name());
        hz.setProperty("hazelcast.phone.home.enabled", "false");
        hz.setProperty("hazelcast.logging.type", "jdk");
        // Members that leave are noticed within seconds rather than the default minute, so queued work moves on.
        hz.setProperty("hazelcast.heartbeat.interval.seconds", "1");
        hz.setProperty("hazelcast.max.no.heartbeat.seconds", "10");
        hz.setProperty("hazelcast.shutdownhook.enabled", "false");

        NetworkConfig net = hz.getNetworkConfig();
        net.setPort(cluster.port()).setPortAutoIncrement(true).setPortCount(20);
        JoinConfig join = net.getJoin();
        join.getAutoDetectionConfig().setEnabled(false);
        if (cluster.kubernetesService() != null) {
            // Hazelcast's built-in Kubernetes discovery in DNS mode needs no API permissions: the headless
            // service's DNS name resolves to every ready member.
            join.getTcpIpConfig().setEnabled(false);
            join.getMulticastConfig().setEnabled(false);
            join.getKubernetesConfig().setEnabled(true)
                    .setProperty("service-dns", cluster.kubernetesService())
                    .setProperty("service-port", Integer.toString(cluster.port()));
        } else if (cluster.multicast()) {
            join.getTcpIpConfig().setEnabled(false);
            join.getMulticastConfig().setEnabled(true);
        } else {
            join.getMulticastConfig().setEnabled(false);
            join.getTcpIpConfig().setEnabled(true);
            if (cluster.members().isEmpty()) {
                // No list and no multicast: look for peers on this host only (a local multi-process set-up).
                join.getTcpIpConfig().addMember("127.0.0.1");
                net.getInterfaces().setEnabled(true).addInterface("127.0.0.1");
            } else {
                cluster.members().forEach(join.getTcpIpConfig()::addMember);
            }
        }
        return hz;
    }
}
