package io.symoe.ops;

import io.symoe.core.BackendKind;
import io.symoe.core.config.BackendConfig;
import io.symoe.core.config.ClusterConfig;
import io.symoe.core.config.ModelConfig;
import io.symoe.core.config.SymoeConfig;
import io.symoe.orchestrator.config.ConfigLoader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The example configs under ops/config must load as users will load them, and be the set-ups they claim to be. */
class ExampleConfigTest {
    private static final Path CONFIG_DIR = OpsFiles.CONFIG_DIR;
    private final ConfigLoader loader = new ConfigLoader();

    static Stream<Path> examples() throws IOException {
        try (Stream<Path> files = Files.list(CONFIG_DIR)) {
            return files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList().stream();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("examples")
    void everyExampleLoadsAndIsSafeToFollow(Path file) {
        SymoeConfig c = loader.load(file);
        assertFalse(c.pool().models().isEmpty(), file + " has no models");
        assertTrue(c.router().k() <= c.pool().models().size(), file + ": router.k exceeds the pool");
        String host = c.server().host();
        if (!host.startsWith("127.") && !host.equals("localhost")) {
            assertFalse(c.server().apiKeys().isEmpty(),
                    file + " listens beyond loopback, so it must show api-keys: people copy examples");
        }
        Set<String> used = c.pool().models().stream().map(ModelConfig::backend).collect(Collectors.toSet());
        for (BackendConfig b : c.pool().backends()) {
            assertTrue(used.contains(b.id()), file + ": backend " + b.id() + " serves no model");
        }
        assertTrue(OpsFiles.read(file).startsWith("#"), file + " starts with a comment saying what it is for");
    }

    @Test
    void commentedExampleLoadsAndMatchesTheCodeDefaults() {
        SymoeConfig c = loader.load(CONFIG_DIR.resolve("symoe.yaml"));
        SymoeConfig defaults = SymoeConfig.defaults();
        // The example documents the defaults; keep them in step with the code.
        assertEquals(defaults.server().host(), c.server().host());
        assertEquals(defaults.server().port(), c.server().port());
        assertEquals(defaults.server().maxBody(), c.server().maxBody());
        assertEquals(defaults.server().requestTimeout(), c.server().requestTimeout());
        assertEquals(defaults.server().rateLimit(), c.server().rateLimit());
        assertEquals(defaults.server().rateBurst(), c.server().rateBurst());
        assertEquals(defaults.server().maxInFlight(), c.server().maxInFlight());
        assertEquals(defaults.server().maxQueued(), c.server().maxQueued());
        assertEquals(defaults.router().k(), c.router().k());
        assertEquals(defaults.router().recruiter(), c.router().recruiter());
        assertEquals(defaults.router().skills(), c.router().skills());
        assertEquals(defaults.router().seed(), c.router().seed());
        assertEquals(defaults.aggregator().strategy(), c.aggregator().strategy());
        assertEquals(defaults.aggregator().consensusSkip(), c.aggregator().consensusSkip());
        assertEquals(defaults.aggregator().samples(), c.aggregator().samples());
        assertEquals(defaults.cluster().name(), c.cluster().name());
        assertEquals(defaults.cluster().port(), c.cluster().port());
        assertFalse(c.cluster().enabled());
        assertTrue(c.pool().backends().stream().anyMatch(b -> b.kind() == BackendKind.OLLAMA));
        assertEquals(3, c.pool().models().size());
    }

    @Test
    void singleNodeRunsLocalGgufExpertsBesideAnOllamaServer() {
        SymoeConfig c = loader.load(CONFIG_DIR.resolve("single-node.yaml"));
        assertFalse(c.cluster().enabled());
        Set<BackendKind> kinds = c.pool().backends().stream().map(BackendConfig::kind).collect(Collectors.toSet());
        assertEquals(Set.of(BackendKind.LOCAL, BackendKind.OLLAMA), kinds);
        for (BackendKind kind : kinds) {
            assertTrue(modelsOn(c, kind) > 0, "models served by " + kind);
        }
        BackendConfig local = c.pool().backends().stream().filter(b -> b.kind() == BackendKind.LOCAL).findFirst()
                .orElseThrow();
        assertTrue(Path.of(local.path()).isAbsolute(), "a service's model directory should not depend on its cwd");
        assertTrue(c.pool().memoryBudget().bytes() > 0, "local weights share the machine: a budget is needed");
    }

    @Test
    void vllmFleetUsesSleepModeResidencyUnderABudgetThatForcesSwaps() {
        SymoeConfig c = loader.load(CONFIG_DIR.resolve("vllm-fleet.yaml"));
        assertTrue(c.pool().backends().stream().allMatch(b -> b.kind() == BackendKind.VLLM));
        assertEquals(c.pool().models().size(), c.pool().backends().size(), "one vLLM server per model");
        long total = c.pool().models().stream().mapToLong(m -> m.memory().bytes()).sum();
        assertTrue(total > c.pool().memoryBudget().bytes(),
                "the fleet does not fit awake at once, so residency (sleep/wake) is what the example shows");
        assertTrue(c.pool().minResidency().toSeconds() > 0, "a woken model is kept a while");
        assertTrue(OpsFiles.read(CONFIG_DIR.resolve("vllm-fleet.yaml")).contains("--enable-sleep-mode"),
                "the example tells how to start vLLM so that /sleep and /wake_up exist");
    }

    @Test
    void threeNodeClusterListsThreeMembersOnTheClusterPort() {
        SymoeConfig c = loader.load(CONFIG_DIR.resolve("cluster-3-node.yaml"));
        ClusterConfig cluster = c.cluster();
        assertTrue(cluster.enabled());
        assertFalse(cluster.multicast());
        assertEquals(3, cluster.members().size());
        Set<String> hosts = new HashSet<>();
        for (String member : cluster.members()) {
            String[] hostPort = member.split(":");
            assertEquals(2, hostPort.length, member);
            assertTrue(hosts.add(hostPort[0]), "three distinct hosts: " + cluster.members());
            assertEquals(cluster.port(), Integer.parseInt(hostPort[1]), "members listen on cluster.port");
        }
        assertEquals(ClusterConfig.disabled().port(), cluster.port(), "the code's default Hazelcast port");
        List<String> backendHosts = c.pool().backends().stream().map(b -> b.baseUrl().getHost()).toList();
        assertTrue(hosts.containsAll(backendHosts), "each backend runs next to a member: " + backendHosts);
    }

    private static long modelsOn(SymoeConfig c, BackendKind kind) {
        Set<String> ids = c.pool().backends().stream().filter(b -> b.kind() == kind).map(BackendConfig::id)
                .collect(Collectors.toSet());
        return c.pool().models().stream().filter(m -> ids.contains(m.backend())).count();
    }
}
