package io.symoe.accelerators;

import io.symoe.accelerators.gguf.GGMLType;
import io.symoe.accelerators.model.Architecture;
import io.symoe.accelerators.model.SyntheticModel;
import io.symoe.core.generation.Generation;
import io.symoe.core.generation.GenerationException;
import io.symoe.core.generation.GenerationParams;
import io.symoe.core.generation.Prompt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LocalModelGeneratorTest {
    @Test
    void generatesABatchWithCountsAndUnloads(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("olmoe.gguf");
        SyntheticModel.write(SyntheticModel.Spec.small(Architecture.OLMOE, 4, GGMLType.Q4_0)
                .withChatTemplate("{% for m in messages %}<|im_start|>{{ m.role }}{% endfor %}"), file);
        try (LocalModelGenerator g = new LocalModelGenerator(file, "olmoe-tiny", 2)) {
            assertFalse(g.isLoaded());
            g.load();
            assertTrue(g.isLoaded());
            GenerationParams params = GenerationParams.GREEDY.withMaxTokens(6);
            List<Generation> out = g.generate("olmoe-tiny", List.of(Prompt.ofUser("a", "hello"), Prompt.ofUser("b", "the world")),
                    params).toCompletableFuture().get(60, TimeUnit.SECONDS);
            assertEquals(2, out.size());
            assertEquals("a", out.get(0).instanceId());
            assertEquals("b", out.get(1).instanceId());
            for (Generation gen : out) {
                assertEquals("olmoe-tiny", gen.modelId());
                assertTrue(gen.tokens().prompt() > 2, "prompt tokens counted: " + gen.tokens());
                assertTrue(gen.tokens().completion() <= 6);
                assertTrue(gen.finishReason().equals("length") || gen.finishReason().equals("stop"));
                assertFalse(gen.latency().isNegative());
            }
            List<Generation> again = g.generate("olmoe-tiny", List.of(Prompt.ofUser("a", "hello")), params)
                    .toCompletableFuture().get(60, TimeUnit.SECONDS);
            assertEquals(out.get(0).text(), again.get(0).text(), "greedy is deterministic");
            g.unload();
            assertFalse(g.isLoaded());
            // generating again reloads on demand, also after close() (model-pool unloads and reloads)
            assertEquals(1, g.generate("olmoe-tiny", List.of(Prompt.ofUser("c", "hi")), params)
                    .toCompletableFuture().get(60, TimeUnit.SECONDS).size());
            g.close();
            assertFalse(g.isLoaded());
            g.load();
            assertTrue(g.isLoaded());
            assertEquals(out.get(0).text(), g.generate("olmoe-tiny", List.of(Prompt.ofUser("a", "hello")), params)
                    .toCompletableFuture().get(60, TimeUnit.SECONDS).get(0).text());
        }
    }

    @Test
    void malformedFileIsAPermanentFailure(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("bad.gguf");
        Files.write(file, "not a model".getBytes());
        try (LocalModelGenerator g = new LocalModelGenerator(file, "bad", 1)) {
            CompletionException e = assertThrows(CompletionException.class, () ->
                    g.generate("bad", List.of(Prompt.ofUser("a", "x")), GenerationParams.GREEDY).toCompletableFuture().join());
            GenerationException ge = assertInstanceOf(GenerationException.class, e.getCause());
            assertEquals(GenerationException.Kind.PERMANENT, ge.kind());
            assertTrue(ge.getMessage().contains("not a GGUF file"), ge.getMessage());
        }
    }

    @Test
    void openClBackendDecodesABatchLikeTheCpu(@TempDir Path dir) throws Exception {
        io.symoe.accelerators.backend.opencl.OpenClAvailability.assumeAvailable();
        Path file = dir.resolve("olmoe.gguf");
        SyntheticModel.write(SyntheticModel.Spec.small(Architecture.OLMOE, 4, GGMLType.Q8_0), file);
        GenerationParams params = GenerationParams.GREEDY.withMaxTokens(8);
        List<Prompt> prompts = List.of(Prompt.ofUser("a", "hello"), Prompt.ofUser("b", "the world is"));
        try (LocalModelGenerator cpu = new LocalModelGenerator(file, "m", 2);
             LocalModelGenerator ocl = new LocalModelGenerator(file, "m", 2, new io.symoe.accelerators.backend.BackendSpec.OpenCl(
                     io.symoe.accelerators.backend.opencl.OpenClSelection.DEFAULT))) {
            List<Generation> a = cpu.generate("m", prompts, params).toCompletableFuture().get(60, TimeUnit.SECONDS);
            List<Generation> b = ocl.generate("m", prompts, params).toCompletableFuture().get(60, TimeUnit.SECONDS);
            for (int i = 0; i < 2; i++) { // two sequences decoded together: attention over two device KV caches
                assertEquals(a.get(i).text(), b.get(i).text(), "prompt " + i);
                assertEquals(a.get(i).tokens(), b.get(i).tokens());
            }
        }
    }

    @Test
    void unbuiltBackendIsAPermanentFailure(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("m.gguf");
        SyntheticModel.write(SyntheticModel.Spec.small(Architecture.LLAMA, 4, GGMLType.Q8_0), file);
        try (LocalModelGenerator g = new LocalModelGenerator(file, "m", 1, new io.symoe.accelerators.backend.BackendSpec.Tornado())) {
            GenerationException e = assertThrows(GenerationException.class, g::load);
            assertEquals(GenerationException.Kind.PERMANENT, e.kind());
            assertTrue(e.getMessage().contains("TornadoVM"), e.getMessage());
        }
    }
}
