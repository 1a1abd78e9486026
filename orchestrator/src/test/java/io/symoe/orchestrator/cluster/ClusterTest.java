package io.symoe.orchestrator.cluster;

import io.symoe.core.AnswerFormat;
import io.symoe.core.BackendKind;
import io.symoe.core.ByteSize;
import io.symoe.core.Instance;
import io.symoe.core.Task;
import io.symoe.core.config.BackendConfig;
import io.symoe.core.config.ModelConfig;
import io.symoe.core.config.PoolConfig;
import io.symoe.core.config.ClusterConfig;
import io.symoe.core.config.ServerConfig;
import io.symoe.core.config.SymoeConfig;
import io.symoe.core.generation.GenerationParams;
import io.symoe.core.generation.Prompt;
import io.symoe.orchestrator.SymoeService;
import io.symoe.orchestrator.testing.RecordedPoolFixture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A real three-member Hazelcast cluster in one JVM, on loopback: members share profiles and the residency view, a
 * batch for a model resident on another member runs there, and when that member leaves its work runs locally.
 */
class ClusterTest {
    @TempDir
    Path dir;
    private final List<SymoeService> members = new ArrayList<>();

    @AfterEach
    void stop() {
        members.forEach(SymoeService::close);
    }

    private SymoeService member(Path recordings, int port) throws Exception {
        return member(recordings, port, null);
    }

    /**
     * @param pool null: serve {@code recordings} with --replay (and profile from them); else serve this configured
     *             pool with no profiles of its own, as a member in front of live model servers would
     */
    private SymoeService member(Path recordings, int port, PoolConfig pool) throws Exception {
        var cluster = new ClusterConfig(true, "symoe-test-" + port, List.of("127.0.0.1:" + port,
                "127.0.0.1:" + (port + 1), "127.0.0.1:" + (port + 2)), false, port);
        var server = new ServerConfig("127.0.0.1", 0, new ByteSize(64 * 1024), Duration.ofSeconds(10), null);
        // A member with a configured pool shares the others' config, profiles path included, but not their files.
        var router = pool == null ? null : new io.symoe.core.config.RouterConfig(null, null, null, null,
                recordings.resolve("not-on-this-member/profiles").toString(), null);
        SymoeService s = SymoeService.start(new SymoeConfig(server, pool, router, null, cluster),
                        new SymoeService.Options(pool == null ? recordings : null, true))
                .toCompletionStage().toCompletableFuture().get(90, TimeUnit.SECONDS);
        members.add(s);
        return s;
    }

    private static void await(java.util.function.BooleanSupplier condition, String what) throws InterruptedException {
        await(condition, () -> what);
    }

    private static void await(java.util.function.BooleanSupplier condition, java.util.function.Supplier<String> what)
            throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!condition.getAsBoolean()) {
            assertTrue(System.nanoTime() < deadline, "timed out waiting for " + what.get());
            Thread.sleep(100);
        }
    }

    @Test
    void batchesGoToTheMemberThatHasTheModelAndSurviveItLeaving() throws Exception {
        Path rec = RecordedPoolFixture.write(dir.resolve("rec"));
        int port = 15701 + (int) (ProcessHandle.current().pid() % 200) * 3;
        SymoeService a = member(rec, port);
        SymoeService b = member(rec, port);
        var configuredPool = new PoolConfig(null, null,
                List.of(new BackendConfig("recorded", BackendKind.REPLAY, null, null, rec.toString(), null, null, null)),
                RecordedPoolFixture.MODELS.stream().map(m -> new ModelConfig(m, "recorded", null, null, null, null, null, null)).toList());
        SymoeService c = member(rec, port, configuredPool);
        await(() -> a.clusterView().memberCount() == 3, "three members");

        // c has models and a router.profiles path that is not on its disk: it routes with the profiles a and b share.
        await(() -> c.services().ready(), () -> "c ready from the cluster's profiles (" + c.services().readiness() + ")");
        var solved = c.services().pipeline().solve(new Instance("c-1", RecordedPoolFixture.QUESTIONS.get(0),
                new Task("mmlu-pro", new AnswerFormat.MultipleChoice(4)))).toCompletionStage().toCompletableFuture()
                .get(30, TimeUnit.SECONDS);
        assertEquals(3, solved.assignment().experts().size());
        for (String m : RecordedPoolFixture.MODELS) {
            c.services().pool().residency().unload(m).toCompletableFuture().get(10, TimeUnit.SECONDS);
        }
        await(() -> a.clusterView().remoteHolders("expert-strong").isEmpty(), "c's unloads published");

        // Member b loads expert-mid; a and c see it in the shared residency view.
        b.services().pool().residency().load("expert-mid").toCompletableFuture().get(10, TimeUnit.SECONDS);
        await(() -> a.clusterView().remoteHolders("expert-mid").contains(b.clusterView().localId()), "residency view");
        assertEquals(List.of(b.clusterView().localId()), c.clusterView().remoteHolders("expert-mid"));

        // A batch for expert-mid on member a runs on b, so a loads nothing.
        var prompt = Prompt.ofUser("q", RecordedPoolFixture.QUESTIONS.get(0));
        var gens = a.remoteDispatch().generate("expert-mid", List.of(prompt), GenerationParams.GREEDY)
                .toCompletableFuture().get(20, TimeUnit.SECONDS);
        assertTrue(gens.getFirst().text().contains("The answer is (A)"), gens.getFirst().text());
        assertEquals(1, a.remoteDispatch().crossNodeCalls());
        assertTrue(a.metrics().scrape().contains("symoe_cluster_remote_calls_total 1.0"), "cross-node calls are a metric");
        assertEquals(0, a.services().pool().residency().loads(), "the model was not loaded on a");

        // b leaves mid-run: its residency entry goes, and a's next batch runs locally — nothing is lost.
        String bId = b.clusterView().localId();
        members.remove(b);
        b.close();
        await(() -> !a.clusterView().residencySnapshot().containsKey(bId), "b's residency removed");
        var again = a.remoteDispatch().generate("expert-mid", List.of(prompt), GenerationParams.GREEDY)
                .toCompletableFuture().get(20, TimeUnit.SECONDS);
        assertTrue(again.getFirst().text().contains("The answer is (A)"));
        assertEquals(1, a.services().pool().residency().loads(), "served locally after b left");
    }
}
