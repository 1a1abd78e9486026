package io.symoe.orchestrator.reliability;

import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import io.symoe.core.ByteSize;
import io.symoe.core.config.ClusterConfig;
import io.symoe.core.config.ServerConfig;
import io.symoe.core.config.SymoeConfig;
import io.symoe.orchestrator.SymoeService;
import io.symoe.orchestrator.testing.RecordedPoolFixture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 9, faults: a Hazelcast member dies abruptly ({@code LifecycleService.terminate()}: no graceful leave, its
 * residency entry is not withdrawn by itself) while the surviving member is sending it batches. Every request on
 * the survivor must still complete — batches in flight to the dead member fall back to local generation.
 * (ClusterTest covers the graceful leave.)
 */
class ClusterMemberCrashTest {
    @TempDir
    Path dir;
    private final List<SymoeService> members = new ArrayList<>();

    @AfterEach
    void stop() {
        members.forEach(SymoeService::close);
    }

    private SymoeService member(Path recordings, int port) throws Exception {
        var cluster = new ClusterConfig(true, "symoe-crash-" + port, List.of("127.0.0.1:" + port,
                "127.0.0.1:" + (port + 1)), false, port);
        var server = new ServerConfig("127.0.0.1", 0, new ByteSize(64 * 1024), Duration.ofSeconds(60), null);
        SymoeService s = SymoeService.start(new SymoeConfig(server, null, null, null, cluster),
                new SymoeService.Options(recordings, true)).toCompletionStage().toCompletableFuture().get(90, TimeUnit.SECONDS);
        members.add(s);
        return s;
    }

    private static void await(java.util.function.BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!condition.getAsBoolean()) {
            assertTrue(System.nanoTime() < deadline, "timed out waiting for " + what);
            Thread.sleep(100);
        }
    }

    @Test
    void requestsOnTheSurvivorCompleteWhenAMemberIsTerminated() throws Exception {
        Path rec = RecordedPoolFixture.write(dir.resolve("rec"));
        int port = 16301 + (int) (ProcessHandle.current().pid() % 300) * 2;
        SymoeService a = member(rec, port);
        SymoeService b = member(rec, port);
        await(() -> a.clusterView().memberCount() == 2, "two members");
        await(() -> a.services().ready(), "a ready");
        // b holds every model, so a sends all its expert batches to b.
        for (String m : RecordedPoolFixture.MODELS) {
            b.services().pool().residency().load(m).toCompletableFuture().get(10, TimeUnit.SECONDS);
        }
        String bId = b.clusterView().localId();
        await(() -> RecordedPoolFixture.MODELS.stream().allMatch(m -> a.clusterView().remoteHolders(m).contains(bId)),
                "a sees b's residency");
        // Vert.x keeps its node id in this member attribute (vertx-hazelcast HazelcastClusterManager).
        HazelcastInstance bHazelcast = Hazelcast.getAllHazelcastInstances().stream()
                .filter(h -> h.getLifecycleService().isRunning()
                        && bId.equals(h.getCluster().getLocalMember().getAttribute("__vertx.nodeId")))
                .findFirst().orElseThrow(() -> new AssertionError("no Hazelcast instance for member " + bId));

        int n = RecordedPoolFixture.QUESTIONS.size();
        int count = 400;
        try (LoadDriver driver = new LoadDriver(200)) {
            var run = CompletableFuture.supplyAsync(() -> BackendKilledMidBatchTest.call(() -> driver.paced(a.httpPort(),
                    "/v1/chat/completions", count, i -> LoadTest.chat("symoe", RecordedPoolFixture.QUESTIONS.get(i % n))
                            .encode(), 90_000, 200)));
            await(() -> a.remoteDispatch().crossNodeCalls() >= 5, "a sending batches to b");
            long sentToBBefore = a.remoteDispatch().crossNodeCalls();
            bHazelcast.getLifecycleService().terminate();
            LoadDriver.Result r = run.get(120, TimeUnit.SECONDS);
            System.out.println("[fault] member terminated mid-batch: " + r.summary() + "; batches sent to b before the crash: "
                    + sentToBBefore + ", cross-member calls " + a.remoteDispatch().crossNodeCalls()
                    + ", fell back locally " + a.remoteDispatch().crossNodeFallbacks());
            assertTrue(sentToBBefore > 0, "b was serving a's batches before it died");
            assertEquals(0, r.lost(), r.summary());
            assertEquals(count, r.ok(), "every request on the survivor completes: " + r.summary());
            // Batches in flight to the dead member fall back as soon as it is declared gone (heartbeat timeout
            // 10 s), not after the 60 s request timeout.
            assertTrue(r.percentileMs(100) < 30_000, "slowest request " + r.percentileMs(100) + " ms");
        }
        await(() -> a.clusterView().memberCount() == 1, "a notices b is gone");
        await(() -> !a.clusterView().residencySnapshot().containsKey(bId), "b's residency removed");
    }
}
