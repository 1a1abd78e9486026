package io.symoe.core.generation;

import java.util.List;
import java.util.concurrent.CompletionStage;

/**
 * Runs a batch of prompts on one model. Model backends implement it; the router, the aggregator and the
 * pipeline call it.
 *
 * <p>One model per call is deliberate: Symbolic-MoE's systems insight is that work grouped by expert lets each
 * model be loaded once and served with continuous batching, so the boundary carries whole batches per model.
 * The result holds one {@link Generation} per prompt, in prompt order. Failures complete the stage
 * exceptionally with a {@link GenerationException}.
 */
@FunctionalInterface
public interface Generator {
    CompletionStage<List<Generation>> generate(String modelId, List<Prompt> prompts, GenerationParams params);
}
