package io.symoe.benchmarks.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.symoe.benchmarks.cli.ReplayBenchCommand;
import io.symoe.benchmarks.replay.ReplayBenchCommandTest;
import io.symoe.benchmarks.replay.ReplayRouters;
import io.symoe.benchmarks.replay.ReplaySetup;
import io.symoe.benchmarks.replay.ReplaySpec;
import io.symoe.benchmarks.replay.ReplaySweep;
import io.symoe.benchmarks.replay.RunResult;
import io.symoe.core.config.SkillSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Two embedded members in one JVM run a sweep on synthetic recordings and give exactly the local results. */
class ReplayClusterTest {
    private static final List<String> ROUTERS = List.of("best-single", "topk-vote", "random", "oracle", "symbolic",
            "top-k");

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    @Test
    void twoMembersGiveTheLocalResults(@TempDir Path dir) throws Exception {
        Path rec = ReplayBenchCommandTest.recordings(dir.resolve("rec"));
        ReplaySpec spec = new ReplaySpec(rec.toString(), null, null, 0.5, 0, "good,half,bad", SkillSource.CATEGORY, 2,
                "majority-vote", false);
        ReplaySetup setup = spec.setup(line -> { });
        List<RunResult> local = new ArrayList<>();
        for (String r : ROUTERS) {
            local.add(ReplaySweep.run(setup, ReplayRouters.byName(r), 4, "custom", s -> { }));
        }

        int a = freePort();
        int b = freePort();
        String name = ClusterSettings.uniqueName();
        List<String> members = List.of("127.0.0.1:" + a, "127.0.0.1:" + b);
        try (ReplayCluster first = ReplayCluster.join(new ClusterSettings(name, a, members));
             ReplayCluster second = ReplayCluster.join(new ClusterSettings(name, b, members))) {
            first.awaitMembers(2, Duration.ofSeconds(30));
            assertEquals(2, second.size());
            ReplayCluster.Sweep sweep = first.run(spec, setup, ROUTERS, 4, "custom", line -> { });
            assertEquals(local, sweep.results(), "the cluster's rows equal the local run's, field by field");
            assertEquals(2, sweep.tasksPerMember().size(), "both members ran tasks: " + sweep.tasksPerMember());
            assertEquals(4 + 4 + 4, sweep.tasksPerMember().values().stream().mapToInt(Integer::intValue).sum(),
                    "one task per deterministic router, one per seed of random and symbolic");

            // The command joins the same cluster as a third member and writes the same JSON as a local run.
            Path localJson = dir.resolve("local.json");
            Path clusterJson = dir.resolve("cluster.json");
            String[] common = {"--outputs", rec.toString(), "--pool", "good,half,bad", "--router",
                    String.join(",", ROUTERS), "--profile-fraction", "0.5", "--k", "2", "--seeds", "4"};
            assertEquals(0, new CommandLine(new ReplayBenchCommand()).execute(concat(common, "--json", localJson.toString())));
            assertEquals(0, new CommandLine(new ReplayBenchCommand()).execute(concat(common, "--json",
                    clusterJson.toString(), "--cluster", "--cluster-name", name, "--cluster-port",
                    String.valueOf(freePort()), "--cluster-members", String.join(",", members), "--cluster-wait", "3")));
            ObjectMapper m = new ObjectMapper();
            JsonNode l = m.readTree(localJson.toFile());
            JsonNode c = m.readTree(clusterJson.toFile());
            assertEquals(6, l.get("runs").size());
            assertEquals(l, c);

            // Without --router a cluster run replays default-vote: default's learned aggregator reads texts members lack.
            Path bare = dir.resolve("bare.json");
            assertEquals(0, new CommandLine(new ReplayBenchCommand()).execute("--outputs", rec.toString(), "--pool",
                    "good,half,bad", "--profile-fraction", "0.5", "--k", "2", "--seeds", "1", "--json", bare.toString(),
                    "--cluster", "--cluster-name", name, "--cluster-port", String.valueOf(freePort()),
                    "--cluster-members", String.join(",", members), "--cluster-wait", "3"));
            assertEquals(List.of("default-vote"), m.readTree(bare.toFile()).get("runs").findValuesAsText("router"));
            assertTrue(first.size() >= 2);
        }
    }

    @Test
    void aTaskReadsTheRecordingsFromItsSpecsPaths(@TempDir Path dir) throws Exception {
        Path rec = ReplayBenchCommandTest.recordings(dir.resolve("rec"));
        ReplaySpec spec = new ReplaySpec(rec.toString(), null, null, 0.5, 0, "good,half,bad", SkillSource.CATEGORY, 3,
                "majority-vote", false);
        ReplayTask.forget();
        ReplayTask.Outcome fromPaths = new ReplayTask(spec, "random", 2).call();
        assertEquals("local", fromPaths.member(), "not run by a member here");
        assertEquals(ReplaySweep.runSeed(spec.setup(line -> { }), ReplayRouters.byName("random"), 2), fromPaths.result());
        // The task travels serialized: it must survive Java serialization with nothing but the spec inside.
        var bytes = new java.io.ByteArrayOutputStream();
        try (var out = new java.io.ObjectOutputStream(bytes)) {
            out.writeObject(new ReplayTask(spec, "random", 2));
        }
        assertTrue(bytes.size() < 2_000, "a task carries settings, not data: " + bytes.size() + " bytes");
    }

    private static String[] concat(String[] a, String... b) {
        String[] out = new String[a.length + b.length];
        System.arraycopy(a, 0, out, 0, a.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
