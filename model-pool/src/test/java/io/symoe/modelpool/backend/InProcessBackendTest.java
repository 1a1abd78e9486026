package io.symoe.modelpool.backend;

import io.symoe.core.generation.Generation;
import io.symoe.core.generation.GenerationParams;
import io.symoe.core.generation.Generator;
import io.symoe.core.generation.Prompt;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The accelerators engine cannot run here yet, so a FAKE generator stands in for it: the test checks only that an
 * in-process engine plugs into the SPI with its load/unload callbacks.
 */
class InProcessBackendTest {

    @Test
    void adaptsAGeneratorWithLoadAndUnloadCallbacks() throws Exception {
        List<String> calls = new ArrayList<>();
        Generator fakeEngine = (model, prompts, params) -> CompletableFuture.completedFuture(prompts.stream()
                .map(p -> new Generation(p.instanceId(), model, "echo: " + p.lastUserContent(), null, Duration.ZERO, "stop"))
                .toList());
        InProcessBackend b = new InProcessBackend("local", List.of("tiny"), fakeEngine,
                m -> CompletableFuture.runAsync(() -> calls.add("load " + m)),
                m -> CompletableFuture.runAsync(() -> calls.add("unload " + m)));
        b.load("tiny").toCompletableFuture().get();
        assertEquals(Set.of("tiny"), b.residentModels().toCompletableFuture().get());
        assertEquals("echo: hi", b.generate("tiny", List.of(Prompt.ofUser("i", "hi")), GenerationParams.GREEDY)
                .toCompletableFuture().get().getFirst().text());
        b.unload("tiny").toCompletableFuture().get();
        assertEquals(Set.of(), b.residentModels().toCompletableFuture().get());
        assertEquals(List.of("load tiny", "unload tiny"), calls);
    }
}
