package io.symoe.skillrouter.skills;

import io.symoe.core.TokenCounts;
import io.symoe.core.generation.Generation;
import io.symoe.core.generation.GenerationParams;
import io.symoe.core.generation.Generator;
import io.symoe.core.generation.Prompt;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BiFunction;

/**
 * A fake {@link Generator} for tests: no model runs here, so it answers each prompt with a canned text chosen by
 * (params, prompt), and records every call for assertions.
 */
public final class FakeGenerator implements Generator {
    public record Call(String modelId, List<Prompt> prompts, GenerationParams params) {
    }

    private final BiFunction<GenerationParams, Prompt, String> answer;
    public final List<Call> calls = new CopyOnWriteArrayList<>();

    public FakeGenerator(BiFunction<GenerationParams, Prompt, String> answer) {
        this.answer = answer;
    }

    @Override
    public CompletionStage<List<Generation>> generate(String modelId, List<Prompt> prompts, GenerationParams params) {
        calls.add(new Call(modelId, prompts, params));
        List<Generation> out = new ArrayList<>();
        for (Prompt p : prompts) {
            out.add(new Generation(p.instanceId(), modelId, answer.apply(params, p), TokenCounts.UNKNOWN,
                    Duration.ZERO, "stop"));
        }
        return CompletableFuture.completedFuture(out);
    }
}
