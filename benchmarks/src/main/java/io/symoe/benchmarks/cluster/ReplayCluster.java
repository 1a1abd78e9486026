package io.symoe.benchmarks.cluster;

import com.hazelcast.cluster.Member;
import com.hazelcast.config.Config;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.config.NetworkConfig;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.IExecutorService;
import io.symoe.benchmarks.replay.ReplayRouter;
import io.symoe.benchmarks.replay.ReplayRouters;
import io.symoe.benchmarks.replay.ReplaySetup;
import io.symoe.benchmarks.replay.ReplaySpec;
import io.symoe.benchmarks.replay.ReplaySweep;
import io.symoe.benchmarks.replay.RunResult;
import io.symoe.benchmarks.replay.SeedResult;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.function.Consumer;

/**
 * An embedded Hazelcast member that can run a replay sweep across its cluster: every (router × seed) run becomes
 * a {@link ReplayTask}, spread round-robin over the members' executors; results come back as {@link SeedResult}s
 * and are merged by {@link ReplaySweep#merge}, so the rows equal a local run's.
 */
public final class ReplayCluster implements AutoCloseable {
    static final String EXECUTOR = "symoe-replay";

    private final HazelcastInstance member;

    private ReplayCluster(HazelcastInstance member) {
        this.member = member;
    }

    /** Starts an embedded member that joins (or forms) the cluster {@code settings} names. */
    public static ReplayCluster join(ClusterSettings settings) {
        Config config = new Config();
        config.setClusterName(settings.clusterName());
        config.setProperty("hazelcast.phone.home.enabled", "false");
        config.setProperty("hazelcast.logging.type", "none");
        // Join as soon as the listed members answer instead of waiting out the default settle period.
        config.setProperty("hazelcast.wait.seconds.before.join", "0");
        config.getJetConfig().setEnabled(false);
        NetworkConfig network = config.getNetworkConfig();
        network.setPort(settings.port()).setPortAutoIncrement(true).setPortCount(20);
        if (settings.loopbackOnly()) {
            network.getInterfaces().setEnabled(true).addInterface("127.0.0.1");
            config.setProperty("hazelcast.socket.bind.any", "false");
        }
        JoinConfig join = network.getJoin();
        join.getMulticastConfig().setEnabled(false);
        join.getAutoDetectionConfig().setEnabled(false);
        join.getTcpIpConfig().setEnabled(true).setMembers(settings.members());
        config.getExecutorConfig(EXECUTOR).setPoolSize(Math.max(1, Runtime.getRuntime().availableProcessors()));
        return new ReplayCluster(Hazelcast.newHazelcastInstance(config));
    }

    public int size() {
        return member.getCluster().getMembers().size();
    }

    public String localMember() {
        return member.getCluster().getLocalMember().getUuid().toString();
    }

    /** Waits until the cluster has {@code members} members. */
    public void awaitMembers(int members, Duration timeout) throws InterruptedException {
        long end = System.nanoTime() + timeout.toNanos();
        while (size() < members) {
            if (System.nanoTime() > end) {
                throw new IllegalStateException("only " + size() + " of " + members + " cluster members joined within "
                        + timeout.toSeconds() + " s");
            }
            Thread.sleep(100);
        }
    }

    /** A sweep's rows and which member computed how many of its tasks. */
    public record Sweep(List<RunResult> results, Map<String, Integer> tasksPerMember) {}

    /**
     * Runs every (router × seed) of a sweep on the cluster and merges the results in router order.
     *
     * @param setup the setup built from {@code spec} on this machine (for the merged rows' settings); members
     *              build their own from the spec
     */
    public Sweep run(ReplaySpec spec, ReplaySetup setup, List<String> routers, int seeds, String poolName,
                     Consumer<String> progress) throws InterruptedException {
        ReplayTask.prime(spec, setup);
        IExecutorService executor = member.getExecutorService(EXECUTOR);
        List<Member> members = new ArrayList<>(member.getCluster().getMembers());
        Map<String, List<Future<ReplayTask.Outcome>>> futures = new LinkedHashMap<>();
        int next = 0;
        int total = 0;
        for (String name : routers) {
            ReplayRouter router = ReplayRouters.byName(name);
            List<Future<ReplayTask.Outcome>> list = futures.computeIfAbsent(name, n -> new ArrayList<>());
            for (int s = 0; s < ReplaySweep.runs(router, seeds); s++) {
                list.add(executor.submitToMember(new ReplayTask(spec, name, s), members.get(next++ % members.size())));
                total++;
            }
        }
        List<RunResult> results = new ArrayList<>();
        Map<String, Integer> perMember = new TreeMap<>();
        int done = 0;
        for (var e : futures.entrySet()) {
            List<SeedResult> seedResults = new ArrayList<>();
            for (Future<ReplayTask.Outcome> f : e.getValue()) {
                ReplayTask.Outcome o;
                try {
                    o = f.get();
                } catch (ExecutionException ex) {
                    Throwable cause = ex.getCause() == null ? ex : ex.getCause();
                    throw new IllegalStateException("cluster task " + e.getKey() + " failed: " + cause.getMessage(), cause);
                }
                seedResults.add(o.result());
                perMember.merge(o.member(), 1, Integer::sum);
                progress.accept(e.getKey() + " " + (++done) + "/" + total + " tasks");
            }
            results.add(ReplaySweep.merge(setup, e.getKey(), poolName, seedResults));
        }
        return new Sweep(results, perMember);
    }

    /** Blocks until this member is shut down (what a worker-only member does). */
    public void awaitShutdown() throws InterruptedException {
        while (member.getLifecycleService().isRunning()) {
            Thread.sleep(500);
        }
    }

    @Override
    public void close() {
        member.shutdown();
    }
}
