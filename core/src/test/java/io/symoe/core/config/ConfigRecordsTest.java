package io.symoe.core.config;

import io.symoe.core.BackendKind;
import io.symoe.core.ByteSize;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ConfigRecordsTest {

    private static BackendConfig replay(String id) {
        return new BackendConfig(id, BackendKind.REPLAY, null, null, "/data", null, null, null);
    }

    private static ModelConfig model(String id, String backend, ByteSize memory) {
        return new ModelConfig(id, backend, null, memory, null, null, null, null);
    }

    @Test
    void defaultsAreASingleLoopbackNodeWithAnEmptyPool() {
        SymoeConfig c = SymoeConfig.defaults();
        assertEquals("127.0.0.1", c.server().host());
        assertEquals(8420, c.server().port());
        assertTrue(c.pool().models().isEmpty());
        assertFalse(c.cluster().enabled());
        assertEquals(3, c.router().k());
        assertEquals(AggregationStrategy.MAJORITY_VOTE, c.aggregator().strategy());
    }

    @Test
    void modelsMustNameAConfiguredBackend() {
        var e = assertThrows(ConfigReferenceException.class,
                () -> new PoolConfig(null, null, List.of(replay("a")), List.of(model("m", "b", null))));
        assertEquals("pool.models[0].backend", e.keyPath());
        assertTrue(e.getMessage().contains("names backend 'b'"), e.getMessage());
    }

    @Test
    void duplicateIdsAreRejectedWithTheirPath() {
        var e = assertThrows(ConfigReferenceException.class,
                () -> new PoolConfig(null, null, List.of(replay("a"), replay("a")), List.of()));
        assertEquals("pool.backends[1].id", e.keyPath());
        e = assertThrows(ConfigReferenceException.class, () -> new PoolConfig(null, null, List.of(replay("a")),
                List.of(model("m", "a", null), model("m", "a", null))));
        assertEquals("pool.models[1].id", e.keyPath());
    }

    @Test
    void aModelLargerThanTheBudgetCouldNeverLoad() {
        var e = assertThrows(ConfigReferenceException.class, () -> new PoolConfig(ByteSize.ofGiB(8), null,
                List.of(replay("a")), List.of(model("big", "a", ByteSize.ofGiB(16)))));
        assertEquals("pool.models[0].memory", e.keyPath());
    }

    @Test
    void httpBackendsNeedAnHttpUrlAndFileBackendsAPath() {
        assertThrows(IllegalArgumentException.class,
                () -> new BackendConfig("o", BackendKind.OLLAMA, null, null, null, null, null, null));
        assertThrows(IllegalArgumentException.class,
                () -> new BackendConfig("o", BackendKind.OPENAI, URI.create("file:///x"), null, null, null, null, null));
        assertThrows(IllegalArgumentException.class,
                () -> new BackendConfig("r", BackendKind.REPLAY, null, null, " ", null, null, null));
        var ok = new BackendConfig("o", BackendKind.VLLM, URI.create("http://127.0.0.1:8000"), null, null, null, null, null);
        assertEquals(8, ok.maxConcurrency());
        assertEquals(2, ok.retries());
    }

    @Test
    void routerAndAggregatorReferencesMustBePoolModels() {
        var pool = new PoolConfig(null, null, List.of(replay("a")), List.of(model("m", "a", null)));
        var e = assertThrows(ConfigReferenceException.class, () -> new SymoeConfig(null, pool,
                new RouterConfig(SkillSource.KEYWORDS, null, null, null, null, "nope"), null, null));
        assertEquals("router.keyword-model", e.keyPath());
        e = assertThrows(ConfigReferenceException.class, () -> new SymoeConfig(null, pool, null,
                new AggregatorConfig(AggregationStrategy.LLM_SYNTHESIS, null, "nope", null), null));
        assertEquals("aggregator.model", e.keyPath());
    }

    @Test
    void namedPipelinesAreValidatedAndListedAfterTheDefault() {
        var cheap = new PipelineConfig(null, new AggregatorConfig(AggregationStrategy.MAJORITY_VOTE, null, null, null));
        var c = new SymoeConfig(null, null, null, null, null, java.util.Map.of("cheap", cheap));
        assertEquals(List.of("default", "cheap"), List.copyOf(c.allPipelines().keySet()));
        assertEquals(c.router(), c.allPipelines().get("default").router());
        var e = assertThrows(ConfigReferenceException.class,
                () -> new SymoeConfig(null, null, null, null, null, java.util.Map.of("default", cheap)));
        assertEquals("pipelines.default", e.keyPath());
        assertThrows(ConfigReferenceException.class,
                () -> new SymoeConfig(null, null, null, null, null, java.util.Map.of("Bad Name", cheap)));
        var pool = new PoolConfig(null, null, List.of(replay("a")), List.of(model("m", "a", null)));
        e = assertThrows(ConfigReferenceException.class, () -> new SymoeConfig(null, pool, null, null, null,
                java.util.Map.of("synth", new PipelineConfig(null,
                        new AggregatorConfig(AggregationStrategy.LLM_SYNTHESIS, null, "ghost", null)))));
        assertEquals("pipelines.synth.aggregator.model", e.keyPath());
    }

    @Test
    void scalarBounds() {
        assertThrows(IllegalArgumentException.class, () -> new ServerConfig(null, 70000, null, null, null));
        assertThrows(IllegalArgumentException.class, () -> new ServerConfig(null, null, null, null, List.of("short")));
        assertThrows(IllegalArgumentException.class, () -> new RouterConfig(null, null, 0, null, null, null));
        assertThrows(IllegalArgumentException.class, () -> new RouterConfig(SkillSource.KEYWORDS, null, null, null, null, null));
        assertThrows(IllegalArgumentException.class, () -> new ClusterConfig(true, null, List.of("h:1"), true, null));
        assertThrows(IllegalArgumentException.class, () -> new ModelConfig("m", "a", null, null, null, 100, 200, null));
    }
}
