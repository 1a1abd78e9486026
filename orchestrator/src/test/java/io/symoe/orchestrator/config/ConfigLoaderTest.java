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
    void routerEmbedderDefaultsToMiniLmAndAcceptsStatic() {
        assertEquals("minilm", loader.parse("router: {k: 2}\n", "a.yaml").router().embedder());
        assertEquals("static", loader.parse("router: {embedder: static}\n", "b.yaml").router().embedder());
        org.junit.jupiter.api.Assertions.assertThrows(RuntimeException.class,
                () -> loader.parse("router: {embedder: bert}\n", "c.yaml"));
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
        assertEquals(3, e.line(), e.getMessage());
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
    void otherToolsBackendWordsAreEachNamedWithTheKeySymoeUses() {
        // Issue 20 item 7: this used to fail with "id must not be blank", then after a fix "kind must not be null",
        // never naming the unknown keys inside the list entry. `type` is a documented alias of `kind` (issue 14's
        // `type: llama-server`), so it binds; the other two are named with the key symoe uses.
        var e = failure("""
                pool:
                  backends:
                    - name: vllm
                      type: vllm
                      url: http://127.0.0.1:8000
                """);
        var problems = e.problems();
        assertEquals(3, problems.size(), e.getMessage());
        assertEquals("pool.backends[0].name", problems.get(0).keyPath());
        assertEquals(3, problems.get(0).line());
        assertEquals(7, problems.get(0).column());
        assertTrue(problems.get(0).problem().startsWith("unknown key 'name' (known keys: api-key, base-url, id, kind,"),
                problems.get(0).problem());
        assertTrue(problems.get(0).problem().endsWith("did you mean 'id'?"), problems.get(0).problem());
        assertEquals("pool.backends[0].url", problems.get(1).keyPath());
        assertEquals(5, problems.get(1).line());
        assertTrue(problems.get(1).problem().endsWith("did you mean 'base-url'?"), problems.get(1).problem());
        // The record's own check runs on its known keys (the kind only here), so the missing id is said in the same
        // run, after the parts' problems, at the entry's line.
        assertEquals("pool.backends[0]", problems.get(2).keyPath());
        assertEquals(3, problems.get(2).line());
        assertTrue(problems.get(2).problem().contains("id must not be blank"), problems.get(2).problem());
        assertTrue(e.getMessage().startsWith("test.yaml:3:7: pool.backends[0].name: unknown key 'name'"), e.getMessage());
        assertEquals(3, e.getMessage().lines().count(), "one line per problem");
    }

    @Test
    void typeIsAnotherNameForABackendsKind() {
        var config = loader.parse("""
                pool:
                  backends:
                    - id: local-llama
                      type: llama-server
                      path: models
                """, "test.yaml");
        assertEquals(io.symoe.core.BackendKind.LLAMA_SERVER, config.pool().backends().get(0).kind());

        var e = failure("""
                pool:
                  backends:
                    - id: both
                      kind: vllm
                      type: ollama
                      base-url: http://127.0.0.1:8000
                """);
        assertEquals(1, e.problems().size(), e.getMessage());
        assertEquals("pool.backends[0].type", e.problems().get(0).keyPath());
        assertTrue(e.problems().get(0).problem().contains("another name for 'kind'"), e.getMessage());
    }

    @Test
    void everyErrorOfAFileIsReportedInOneRunInFileOrder() {
        var e = failure("""
                server:
                  prot: 9001
                  max-body: lots
                pool:
                  memory_budget: 8GiB
                  backends:
                    - {id: r, kind: replay, path: /d}
                    - {id: o, kind: ollama}
                  models:
                    - id: m
                      backend: r
                      laod-time: 30s
                    - id: m2
                      backend: r
                      memory: 8XB
                router:
                  recruiter: best
                  k: 99
                pipelines:
                  cheap:
                    aggregator: {strategy: majority-vote, sampels: 3}
                """);
        var got = e.problems().stream().map(p -> p.line() + " " + p.keyPath()).toList();
        assertEquals(java.util.List.of(
                "2 server.prot",
                "3 server.max-body",
                "5 pool.memory_budget",
                "8 pool.backends[1]",
                "12 pool.models[0].laod-time",
                "15 pool.models[1].memory",
                "17 router.recruiter",
                "21 pipelines.cheap.aggregator.sampels"), got, e.getMessage());
        var byPath = new java.util.HashMap<String, String>();
        e.problems().forEach(p -> byPath.put(p.keyPath(), p.problem()));
        assertTrue(byPath.get("server.prot").endsWith("did you mean 'port'?"), byPath.get("server.prot"));
        assertTrue(byPath.get("server.max-body").contains("invalid size \"lots\""), byPath.get("server.max-body"));
        assertTrue(byPath.get("pool.memory_budget").endsWith("did you mean 'memory-budget'?"));
        assertTrue(byPath.get("pool.backends[1]").contains("needs base-url"), byPath.get("pool.backends[1]"));
        assertTrue(byPath.get("pool.models[0].laod-time").endsWith("did you mean 'load-time'?"));
        assertTrue(byPath.get("router.recruiter").contains("one of: symbolic, top-k"), byPath.get("router.recruiter"));
        assertTrue(byPath.get("pipelines.cheap.aggregator.sampels").endsWith("did you mean 'samples'?"));
        // router.k: 99 is not reported: the router's own check waits until its recruiter is a real one, so it
        // cannot complain about the consequences of an error already reported.
    }

    @Test
    void recordChecksOfSeveralListEntriesAndSectionsAreAllReported() {
        var e = failure("""
                server:
                  port: 70000
                pool:
                  backends:
                    - {id: a, kind: ollama}
                    - {id: b, kind: vllm, base-url: "ftp://x"}
                    - {id: c, kind: replay}
                cluster:
                  port: 0
                """);
        var got = e.problems().stream().map(p -> p.line() + " " + p.keyPath()).toList();
        assertEquals(java.util.List.of("1 server", "5 pool.backends[0]", "6 pool.backends[1]", "7 pool.backends[2]",
                "8 cluster"), got, e.getMessage());
        assertTrue(e.problems().get(2).problem().contains("must be an http(s) URL"), e.problems().get(2).problem());
        assertTrue(e.problems().get(3).problem().contains("needs path"), e.problems().get(3).problem());
    }

    @Test
    void valuesOfTheWrongShapeSayWhatWasExpected() {
        var e = failure("""
                server: 9000
                pool:
                  backends: {id: a}
                router:
                  k: three
                aggregator:
                  strategy: [majority-vote]
                cluster:
                  members: [[a]]
                """);
        var byPath = new java.util.LinkedHashMap<String, String>();
        e.problems().forEach(p -> byPath.put(p.keyPath(), p.problem()));
        assertEquals(java.util.List.of("server", "pool.backends", "router.k", "aggregator.strategy", "cluster.members[0]"),
                java.util.List.copyOf(byPath.keySet()), e.getMessage());
        assertTrue(byPath.get("server").startsWith("expected a mapping with keys api-keys, host,"), byPath.get("server"));
        assertTrue(byPath.get("pool.backends").startsWith("expected a list"), byPath.get("pool.backends"));
        assertEquals("expected a whole number, got \"three\"", byPath.get("router.k"));
        assertEquals("expected text, got a list", byPath.get("cluster.members[0]"));
        assertTrue(byPath.get("aggregator.strategy").startsWith("expected one of majority-vote, weighted-vote,"),
                byPath.get("aggregator.strategy"));
    }

    @Test
    void knownKeysComeFromTheRecordsSoEveryShippedKeyIsKnown() {
        ConfigSchema schema = new ConfigSchema(new com.fasterxml.jackson.databind.ObjectMapper()
                .setPropertyNamingStrategy(com.fasterxml.jackson.databind.PropertyNamingStrategies.KEBAB_CASE));
        var backend = (ConfigSchema.Shape.Section) schema.shapeOf(
                com.fasterxml.jackson.databind.type.TypeFactory.defaultInstance().constructType(
                        io.symoe.core.config.BackendConfig.class));
        var components = java.util.Arrays.stream(io.symoe.core.config.BackendConfig.class.getRecordComponents())
                .map(c -> c.getName().replaceAll("([a-z])([A-Z])", "$1-$2").toLowerCase(java.util.Locale.ROOT))
                .collect(java.util.stream.Collectors.toCollection(java.util.TreeSet::new));
        assertEquals(components, backend.keys().keySet());
    }

    @Test
    void didYouMeanOnlyGuessesWhenTheGuessIsClose() {
        var keys = java.util.List.of("host", "port", "max-body", "request-timeout", "api-keys");
        assertEquals(java.util.Optional.of("port"), KeySuggestion.forKey("prot", keys));
        assertEquals(java.util.Optional.of("max-body"), KeySuggestion.forKey("maxBody", keys));
        assertEquals(java.util.Optional.of("request-timeout"), KeySuggestion.forKey("request-timout", keys));
        assertEquals(java.util.Optional.of("request-timeout"), KeySuggestion.forKey("timeout", keys));
        assertEquals(java.util.Optional.empty(), KeySuggestion.forKey("colour", keys));
        assertEquals(java.util.Optional.empty(), KeySuggestion.forKey("x".repeat(10_000), keys));
    }

    @Test
    void pointerConversion() {
        assertEquals("/pool/models/1/backend", ConfigLoader.toPointer("pool.models[1].backend"));
        assertEquals("/a/0/1", ConfigLoader.toPointer("a[0][1]"));
    }
}
