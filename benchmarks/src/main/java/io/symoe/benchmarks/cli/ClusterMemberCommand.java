package io.symoe.benchmarks.cli;

import io.symoe.benchmarks.cluster.ClusterSettings;
import io.symoe.benchmarks.cluster.ReplayCluster;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code symoe bench member}: a worker member for {@code bench replay --cluster} on another machine. It runs the
 * tasks it is sent, reading the recordings from the paths the tasks name (which must exist here too).
 */
@Command(name = "member", mixinStandardHelpOptions = true,
        description = "Start an embedded Hazelcast member that runs replay sweep tasks until stopped.")
public final class ClusterMemberCommand implements Callable<Integer> {
    @Option(names = "--cluster-name", required = true, paramLabel = "NAME", description = "The cluster to join (as printed by bench replay --cluster, or given to it).")
    String clusterName;

    @Option(names = "--cluster-members", split = ",", paramLabel = "HOST[:PORT],...", description = "Members to join over TCP-IP (default 127.0.0.1).")
    List<String> clusterMembers;

    @Option(names = "--cluster-port", defaultValue = "5701", paramLabel = "PORT", description = "Port of this member (default 5701).")
    int clusterPort;

    @Override
    public Integer call() throws Exception {
        try (ReplayCluster c = ReplayCluster.join(new ClusterSettings(clusterName, clusterPort, clusterMembers))) {
            System.err.println("member " + c.localMember() + " of " + clusterName + " (" + c.size() + " member(s)); Ctrl-C stops it");
            c.awaitShutdown();
        } catch (IllegalArgumentException e) {
            System.err.println("symoe bench member: " + e.getMessage());
            return 2;
        }
        return 0;
    }
}
