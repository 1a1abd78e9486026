package io.symoe.aggregator.testing;

import io.symoe.core.generation.Generation;
import io.symoe.core.generation.GenerationException;
import io.symoe.core.generation.GenerationParams;
import io.symoe.core.generation.Generator;
import io.symoe.core.generation.Prompt;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.BiFunction;

/**
 * A fake {@link Generator} (no model can run in unit tests): answers each prompt with a scripted function of
 * (model, prompt) and records every call, so tests can assert the exact prompts an aggregator sent.
 */
public final class FakeGenerator implements Generator {
    public record Call(String modelId, List<Prompt> prompts, GenerationParams params) {}

    private final BiFunction<String, Prompt, String> script;
    private final List<Call> calls = new ArrayList<>();
    private GenerationException failure;

    public FakeGenerator(BiFunction<String, Prompt, String> script) {
        this.script = script;
    }

    public static FakeGenerator replying(String text) {
        return new FakeGenerator((m, p) -> text);
    }

    /** Every later call fails with this exception. */
    public FakeGenerator failingWith(GenerationException e) {
        this.failure = e;
        return this;
    }

    @Override
    public synchronized CompletionStage<List<Generation>> generate(String modelId, List<Prompt> prompts,
                                                                   GenerationParams params) {
        calls.add(new Call(modelId, List.copyOf(prompts), params));
        if (failure != null) {
            return CompletableFuture.failedFuture(failure);
        }
        List<Generation> out = new ArrayList<>();
        for (Prompt p : prompts) {
            out.add(new Generation(p.instanceId(), modelId, script.apply(modelId, p), null, Duration.ofMillis(1),
                    "stop"));
        }
        return CompletableFuture.completedFuture(out);
    }

    public synchronized List<Call> calls() {
        return List.copyOf(calls);
    }

    public synchronized List<String> userTurns() {
        return calls.stream().flatMap(c -> c.prompts().stream()).map(Prompt::lastUserContent).toList();
    }
}
