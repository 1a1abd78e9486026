package io.symoe.orchestrator.config;

import io.symoe.core.BackendKind;
import io.symoe.core.config.AggregationStrategy;
import io.symoe.core.config.RecruiterKind;
import io.symoe.core.config.SkillSource;
import io.symoe.core.config.SymoeConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ConfigLoaderTest {
    private final ConfigLoader loader = new ConfigLoader();

    private ConfigException failure(String yaml) {
        return assertThrows(ConfigException.class, () -> loader.parse(yaml, "test.yaml"));
    }

    @Test
    void embeddedDefaultLoads() {
        SymoeConfig c = loader.loadDefault();
        assertEquals(8420, c.server().port());
        assertEquals("127.0.0.1", c.server().host());
        assertTrue(c.pool().models().isEmpty());
    }

    @Test
    void emptyOrCommentOnlyFileMeansDefaults() {
        assertEquals(SymoeConfig.defaults(), loader.parse("", "empty.yaml"));
        assertEquals(SymoeConfig.defaults(), loader.parse("# nothing here\n", "comments.yaml"));
    }

    @Test
    void fullFileBindsEveryKindOfValue() {
        SymoeConfig c = loader.parse("""
                server:
                  port: 9000
                  max-body: 2MiB
                  request-timeout: 90s
                pool:
                  memory-budget: 24GiB
                  min-residency: 1.5m
                  backends:
                    - id: local-vllm
                      kind: vllm
                      base-url: http://127.0.0.1:8000
                      timeout: 500ms
                      max-concurrency: 16
                    - {id: rec, kind: replay, path: /data/outputs}
                  models:
                    - id: qwen
                      backend: local-vllm
                      memory: 15.5GB
                      load-time: 45
                    - {id: m2, backend: rec}
                router:
                  skills: keywords
                  keyword-model: qwen
                  recruiter: cost-aware
                  k: 5
                aggregator:
                  strategy: self_moa_seq
                  consensus-skip: false
                """, "full.yaml");
        assertEquals(9000, c.server().port());
        assertEquals(2L << 20, c.server().maxBody().bytes());
        assertEquals(Duration.ofSeconds(90), c.server().requestTimeout());
        assertEquals(24L << 30, c.pool().memoryBudget().bytes());
        assertEquals(Duration.ofSeconds(90), c.pool().minResidency());
        assertEquals(BackendKind.VLLM, c.pool().backends().get(0).kind());
        assertEquals(Duration.ofMillis(500), c.pool().backends().get(0).timeout());
        assertEquals(15_500_000_000L, c.pool().models().get(0).memory().bytes());
        assertEquals(Duration.ofSeconds(45), c.pool().models().get(0).loadTime());
        assertEquals("m2", c.pool().models().get(1).remoteName());
        assertEquals(SkillSource.KEYWORDS, c.router().skills());
        assertEquals(RecruiterKind.COST_AWARE, c.router().recruiter());
        assertEquals(5, c.router().k());
        assertEquals(AggregationStrategy.SELF_MOA_SEQ, c.aggregator().strategy());
        assertEquals(false, c.aggregator().consensusSkip());
    }

    @Test
    void namedPipelinesBindAndBadOnesPointAtTheirLine() {
        SymoeConfig c = loader.parse("""
                pipelines:
                  cheap:
                    router: {recruiter: top-k, k: 2}
                    aggregator: {strategy: majority-vote}
                """, "p.yaml");
        assertEquals(2, c.pipelines().get("cheap").router().k());
        assertEquals(RecruiterKind.TOP_K, c.pipelines().get("cheap").router().recruiter());
        var e = failure("""
                pipelines:
                  ok: {}
                  Not_Valid:
                    router: {k: 2}
                """);
        assertEquals("pipelines.Not_Valid", e.keyPath());
        assertEquals(3, e.line());
    }

    @Test
    void unknownKeyNamesThePathTheLineAndTheKnownKeys() {
        var e = failure("""
                server:
                  port: 9000
                  prot: 9001
                """);
        assertEquals("server.prot", e.keyPath());
        assertEquals(3, e.line());
        assertEquals(3, e.column());
        assertTrue(e.problem().contains("unknown key 'prot'"), e.problem());
        assertTrue(e.problem().contains("port"), "lists the known keys: " + e.problem());
        assertTrue(e.getMessage().startsWith("test.yaml:3:3: server.prot: "), e.getMessage());
    }

    @Test
    void badSizeIsReportedAtItsValue() {
        var e = failure("""
                pool:
                  backends:
                    - {id: r, kind: replay, path: /d}
                  models:
                    - id: m
                      backend: r
                      memory: 8XB
                """);
        assertEquals("pool.models[0].memory", e.keyPath());
        assertEquals(7, e.line());
        assertTrue(e.problem().contains("invalid size \"8XB\""), e.problem());
    }

    @Test
    void badEnumValueListsTheAllowedOnes() {
        var e = failure("router:\n  recruiter: best\n");
        assertEquals("router.recruiter", e.keyPath());
        assertEquals(2, e.line());
        assertTrue(e.problem().contains("one of: symbolic, top-k, competence-weighted, cost-aware, adaptive"), e.problem());
    }

    @Test
    void wrongTypeIsReported() {
        var e = failure("server:\n  port: eighty\n");
        assertEquals("server.port", e.keyPath());
        assertEquals(2, e.line());
    }

    @Test
    void referenceToAnUnknownBackendPointsAtTheReferringLine() {
        var e = failure("""
                pool:
                  backends:
                    - id: a
                      kind: replay
                      path: /d
                  models:
                    - id: ok
                      backend: a
                    - id: broken
                      backend: missing
                """);
        assertEquals("pool.models[1].backend", e.keyPath());
        assertEquals(10, e.line());
        assertTrue(e.problem().contains("names backend 'missing'"), e.problem());
    }

    @Test
    void recordValidationFailureNamesTheRecordPath() {
        var e = failure("""
                pool:
                  backends:
                    - id: o
                      kind: ollama
                """);
        assertEquals("pool.backends[0]", e.keyPath());
        assertEquals(3, e.line());
        assertTrue(e.problem().contains("needs base-url"), e.problem());
    }

    @Test
    void yamlSyntaxErrorGivesALine() {
        var e = failure("server:\n  port: 9000\n  host: \"unterminated\n");
        assertTrue(e.line() > 0, e.getMessage());
        assertTrue(e.problem().startsWith("YAML syntax error"), e.problem());
    }

    @Test
    void topLevelMustBeAMapping() {
        var e = failure("- a\n- b\n");
        assertEquals(1, e.line());
    }

    @Test
    void badDurationAndNegativeValues() {
        assertEquals("server.request-timeout", failure("server:\n  request-timeout: soon\n").keyPath());
        var e = failure("server:\n  port: -1\n");
        assertEquals("server", e.keyPath());
        assertTrue(e.problem().contains("server.port must be in 0..65535, got -1"), e.problem());
    }

    @Test
    void loadsFromAFileAndReportsMissingOnes(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("s.yaml");
        Files.writeString(f, "server:\n  port: 1234\n");
        assertEquals(1234, loader.load(f).server().port());
        var e = assertThrows(ConfigException.class, () -> loader.load(dir.resolve("nope.yaml")));
        assertTrue(e.getMessage().endsWith("nope.yaml: file not found"), e.getMessage());
        Path bad = dir.resolve("bad.yaml");
        Files.write(bad, new byte[] {'a', ':', ' ', (byte) 0xC3, (byte) 0x28});
        e = assertThrows(ConfigException.class, () -> loader.load(bad));
        assertTrue(e.getMessage().contains("UTF-8"), e.getMessage());
    }

    @Test
    void pointerConversion() {
        assertEquals("/pool/models/1/backend", ConfigLoader.toPointer("pool.models[1].backend"));
        assertEquals("/a/0/1", ConfigLoader.toPointer("a[0][1]"));
    }
}
