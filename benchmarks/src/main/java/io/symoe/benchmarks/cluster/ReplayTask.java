package io.symoe.benchmarks.cluster;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.HazelcastInstanceAware;
import io.symoe.benchmarks.replay.ReplayRouters;
import io.symoe.benchmarks.replay.ReplaySetup;
import io.symoe.benchmarks.replay.ReplaySpec;
import io.symoe.benchmarks.replay.ReplaySweep;
import io.symoe.benchmarks.replay.SeedResult;

import java.io.Serializable;
import java.util.concurrent.Callable;

/**
 * One (router × seed) run of a sweep, executed on a cluster member. It carries the spec (paths, settings), never
 * the data: the member reads the recordings itself, once per spec (cached for the member's JVM, since a sweep
 * sends it many tasks with the same spec).
 */
public final class ReplayTask implements Callable<ReplayTask.Outcome>, Serializable, HazelcastInstanceAware {
    private static final long serialVersionUID = 1L;
    // One setup per member JVM: a sweep sends many tasks with the same spec; a long-lived worker that is sent a
    // new spec drops the old data rather than holding every sweep's recordings.
    private static ReplaySpec cachedSpec;
    private static ReplaySetup cachedSetup;

    private final ReplaySpec spec;
    private final String router;
    private final int seed;
    private transient HazelcastInstance member;

    /** The seed's result and the member that computed it. */
    public record Outcome(SeedResult result, String member) implements Serializable {}

    public ReplayTask(ReplaySpec spec, String router, int seed) {
        this.spec = spec;
        this.router = router;
        this.seed = seed;
    }

    @Override
    public void setHazelcastInstance(HazelcastInstance instance) {
        this.member = instance;
    }

    @Override
    public Outcome call() {
        ReplaySetup setup = setup(spec);
        SeedResult r = ReplaySweep.runSeed(setup, ReplayRouters.byName(router), seed);
        return new Outcome(r, member == null ? "local" : member.getCluster().getLocalMember().getUuid().toString());
    }

    /** Hands this JVM's member the setup the submitter already built, so the local member does not read it again. */
    static synchronized void prime(ReplaySpec spec, ReplaySetup setup) {
        cachedSpec = spec;
        cachedSetup = setup;
    }

    /** Forgets the cached setup (tests: make the next task read the recordings itself). */
    static synchronized void forget() {
        cachedSpec = null;
        cachedSetup = null;
    }

    private static synchronized ReplaySetup setup(ReplaySpec spec) {
        if (!spec.equals(cachedSpec)) {
            cachedSetup = null; // let the old data go before reading the new
            cachedSetup = spec.setup(line -> { });
            cachedSpec = spec;
        }
        return cachedSetup;
    }
}
