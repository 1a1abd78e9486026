package io.symoe.orchestrator.service;

import io.symoe.accelerators.model.Architecture;
import io.symoe.accelerators.model.SyntheticModel;
import io.symoe.accelerators.gguf.GGMLType;
import io.symoe.core.BackendKind;
import io.symoe.core.ByteSize;
import io.symoe.core.config.BackendConfig;
import io.symoe.core.config.ModelConfig;
import io.symoe.core.config.PoolConfig;
import io.symoe.core.config.ServerConfig;
import io.symoe.core.config.SymoeConfig;
import io.symoe.orchestrator.SymoeService;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Local GGUF experts served in-process by the accelerators engine, through the same pool and HTTP API. */
class LocalBackendsTest {

    private static BackendConfig local(Path dir) {
        return new BackendConfig("local", BackendKind.LOCAL, null, null, dir.toString(), null, null, null);
    }

    @Test
    void aGgufFileIsServedThroughThePoolAndTheApi(@TempDir Path dir) throws Exception {
        Path models = Files.createDirectories(dir.resolve("models"));
        SyntheticModel.write(SyntheticModel.Spec.small(Architecture.LLAMA, 4, GGMLType.Q8_0), models.resolve("tiny-moe.gguf"));
        var pool = new PoolConfig(null, null, List.of(local(models)),
                List.of(new ModelConfig("tiny-moe", "local", null, null, null, null, null, null)));
        var server = new ServerConfig("127.0.0.1", 0, new ByteSize(64 * 1024), Duration.ofSeconds(60), null);
        try (SymoeService service = SymoeService.start(new SymoeConfig(server, pool, null, null, null))
                .toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS)) {
            var body = new JsonObject().put("model", "tiny-moe").put("max_tokens", 8)
                    .put("messages", new JsonArray().add(new JsonObject().put("role", "user").put("content", "hello")));
            var r = WebClient.create(service.vertx()).post(service.httpPort(), "127.0.0.1", "/v1/chat/completions")
                    .sendJsonObject(body).toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
            assertEquals(200, r.statusCode(), r.bodyAsString());
            JsonObject usage = r.bodyAsJsonObject().getJsonObject("usage");
            assertTrue(usage.getInteger("completion_tokens") > 0, usage.encode());
            assertTrue(service.services().pool().residency().resident().contains("tiny-moe"));
        }
    }

    @Test
    void modelPathsCannotEscapeTheBackendDirectory(@TempDir Path dir) throws Exception {
        Path models = Files.createDirectories(dir.resolve("models"));
        Path outside = dir.resolve("secret.gguf");
        Files.writeString(outside, "not for you");
        var m = new ModelConfig("evil", "local", "../secret", null, null, null, null, null);
        var e = assertThrows(IllegalArgumentException.class,
                () -> LocalBackends.create(local(models), List.of(m)));
        assertTrue(e.getMessage().contains("outside the backend's directory"), e.getMessage());
        Files.createSymbolicLink(models.resolve("link.gguf"), outside);
        var viaLink = new ModelConfig("evil2", "local", "link", null, null, null, null, null);
        assertThrows(IllegalArgumentException.class, () -> LocalBackends.create(local(models), List.of(viaLink)));
        var missing = new ModelConfig("nope", "local", "nope", null, null, null, null, null);
        assertTrue(assertThrows(IllegalArgumentException.class, () -> LocalBackends.create(local(models), List.of(missing)))
                .getMessage().contains("does not exist"));
    }

    @Test
    void theEmbeddedDefaultServesGgufFilesOfItsModelsDirectory(@TempDir Path dir) throws Exception {
        Path models = Files.createDirectories(dir.resolve("models"));
        Files.writeString(models.resolve("notes.txt"), "ignored");
        assertEquals(PoolConfig.empty(), PoolAssembly.withDefaultLocalModels(PoolConfig.empty(), models));
        SyntheticModel.write(SyntheticModel.Spec.small(Architecture.LLAMA, 4, GGMLType.Q8_0), models.resolve("a.gguf"));
        PoolConfig p = PoolAssembly.withDefaultLocalModels(PoolConfig.empty(), models);
        assertEquals(List.of("a"), p.models().stream().map(ModelConfig::id).toList());
        assertEquals(BackendKind.LOCAL, p.backends().getFirst().kind());
    }
}
