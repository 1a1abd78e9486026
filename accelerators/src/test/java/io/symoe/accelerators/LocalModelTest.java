package io.symoe.accelerators;

import io.symoe.accelerators.gguf.GGMLType;
import io.symoe.accelerators.model.Architecture;
import io.symoe.accelerators.model.SyntheticModel;
import io.symoe.accelerators.sample.Sampler;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LocalModelTest {
    @Test
    void batchedDecodeOfSeveralPromptsEqualsDecodingEachAlone(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("qwen.gguf");
        SyntheticModel.write(SyntheticModel.Spec.small(Architecture.QWEN2MOE, 4, GGMLType.Q8_0), file);
        try (LocalModel m = LocalModel.load(file, 2)) {
            String[] prompts = {"hello", "the world", "a", "hello world the", "b c d"};
            List<LocalModel.Request> batch = new ArrayList<>();
            for (String p : prompts) {
                batch.add(new LocalModel.Request(m.encodePrompt(p), Sampler.of(0, 1, 0), null));
            }
            List<LocalModel.Result> together = m.generate(batch, 10, List.of());
            assertEquals(prompts.length, together.size());
            for (int i = 0; i < prompts.length; i++) {
                LocalModel.Result alone = m.generate(m.encodePrompt(prompts[i]), 10, Sampler.of(0, 1, 0), List.of(), null);
                assertArrayEquals(alone.tokens(), together.get(i).tokens(), "prompt " + i);
                assertEquals(alone.text(), together.get(i).text());
            }
        }
    }

    @Test
    void streamsTextAndHonoursStopStringsAndContext(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("llama.gguf");
        SyntheticModel.write(SyntheticModel.Spec.small(Architecture.LLAMA, 0, GGMLType.F32), file);
        try (LocalModel m = LocalModel.load(file, 1, 16)) {
            StringBuilder streamed = new StringBuilder();
            LocalModel.Result r = m.generate(m.encodePrompt("hello"), 8, Sampler.of(0, 1, 0), List.of(), streamed::append);
            assertEquals(r.text(), streamed.toString());
            if (r.text().length() > 1) {
                String stop = r.text().substring(1, 2);
                LocalModel.Result cut = m.generate(m.encodePrompt("hello"), 8, Sampler.of(0, 1, 0), List.of(stop), null);
                assertEquals("stop", cut.finishReason());
                assertTrue(!cut.text().contains(stop));
            }
            // the context cap: 16 positions
            LocalModel.Result full = m.generate(m.encodePrompt("hello"), 100, Sampler.of(0, 1, 0), List.of(), null);
            assertTrue(full.promptTokens() + full.tokens().length <= 17, "stays within the context");
            assertThrows(LocalModel.ContextLengthException.class, () -> m.logits(new int[20]));
        }
    }
}
