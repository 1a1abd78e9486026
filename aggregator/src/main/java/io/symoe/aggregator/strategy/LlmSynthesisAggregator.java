package io.symoe.aggregator.strategy;

import io.symoe.aggregator.extract.AnswerExtractor;
import io.symoe.aggregator.extract.AnswerExtractors;
import io.symoe.aggregator.extract.ExtractionMode;
import io.symoe.aggregator.prompt.SynthesisPrompt;
import io.symoe.core.ExpertOutput;
import io.symoe.core.generation.Generation;
import io.symoe.core.generation.GenerationParams;
import io.symoe.core.generation.Generator;
import io.symoe.core.generation.Prompt;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * LLM synthesis with the Mixture-of-Agents prompt ({@link SynthesisPrompt}): one aggregator call per instance over
 * all expert responses. The aggregator model is a configured one or the router's per-task choice
 * ({@code Assignment.aggregatorId}). {@link #aggregateAll} sends one batch per aggregator model.
 *
 * <p>One-shot Self-MoA (Li et al. 2025) is the same call over N samples of one model: {@link #selfMoa} names it
 * so and records N in the provenance.
 */
public final class LlmSynthesisAggregator implements Aggregator {
    private final String name;
    private final boolean selfMoa;
    private final Generator generator;
    private final GenerationParams params;
    private final String fixedModel;
    private final ExtractionMode mode;

    private LlmSynthesisAggregator(String name, boolean selfMoa, Generator generator, GenerationParams params,
                                   String fixedModel, ExtractionMode mode) {
        this.name = name;
        this.selfMoa = selfMoa;
        this.generator = Objects.requireNonNull(generator, "generator");
        this.params = Objects.requireNonNull(params, "params");
        if (fixedModel != null && fixedModel.isBlank()) {
            throw new IllegalArgumentException("aggregator model must be null or non-blank");
        }
        this.fixedModel = fixedModel;
        this.mode = Objects.requireNonNull(mode, "mode");
    }

    /** @param fixedModel a configured aggregator model, or null to use the router's per-task choice */
    public static LlmSynthesisAggregator moa(Generator generator, GenerationParams params, String fixedModel,
                                             ExtractionMode mode) {
        return new LlmSynthesisAggregator("llm-synthesis", false, generator, params, fixedModel, mode);
    }

    /** Self-MoA: as {@link #moa}, but the samples' own model may aggregate when none is configured or chosen. */
    public static LlmSynthesisAggregator selfMoa(Generator generator, GenerationParams params, String fixedModel,
                                                 ExtractionMode mode) {
        return new LlmSynthesisAggregator("self-moa", true, generator, params, fixedModel, mode);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public CompletionStage<AggregationResult> aggregate(AggregationRequest request) {
        return aggregateAll(List.of(request)).thenApply(List::getFirst);
    }

    private record Planned(AggregationRequest request, String model, Prompt prompt, AnswerExtractor extractor,
                           List<Ballot> ballots, VoteTally tally, Optional<SelfMoaChoice> choice) {}

    private Planned plan(AggregationRequest r) {
        AnswerExtractor extractor = AnswerExtractors.forFormat(r.instance().task().answerFormat(), mode);
        List<Ballot> ballots = Ballots.of(r, extractor);
        VoteTally tally = VoteTally.count(ballots, false, TieBreak.COMPETENCE);
        String model = SynthesisOutcome.aggregatorModel(fixedModel, r, selfMoa);
        List<String> texts = r.outputs().stream().map(ExpertOutput::text).toList();
        Prompt prompt = Prompt.ofUser(r.instanceId(),
                SynthesisPrompt.render(r.instance().text(), texts, r.answerInstruction()));
        int n = texts.size();
        Optional<SelfMoaChoice> choice = selfMoa
                ? Optional.of(new SelfMoaChoice(n, n, java.util.stream.IntStream.range(0, n).boxed().toList(), 1))
                : Optional.empty();
        return new Planned(r, model, prompt, extractor, ballots, tally, choice);
    }

    @Override
    public CompletionStage<List<AggregationResult>> aggregateAll(List<AggregationRequest> requests) {
        List<Planned> plans = new ArrayList<>(requests.size());
        try {
            requests.forEach(r -> plans.add(plan(r)));
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
        Map<String, List<Integer>> byModel = new LinkedHashMap<>();
        for (int i = 0; i < plans.size(); i++) {
            byModel.computeIfAbsent(plans.get(i).model(), k -> new ArrayList<>()).add(i);
        }
        AggregationResult[] out = new AggregationResult[plans.size()];
        List<CompletableFuture<Void>> batches = new ArrayList<>();
        byModel.forEach((model, idx) -> {
            List<Prompt> prompts = idx.stream().map(i -> plans.get(i).prompt()).toList();
            CompletionStage<List<Generation>> call;
            try {
                call = generator.generate(model, prompts, params);
            } catch (RuntimeException e) {
                call = CompletableFuture.failedFuture(e);
            }
            batches.add(call.handle((gens, err) -> {
                Throwable failure = err;
                if (failure == null && (gens == null || gens.size() != prompts.size())) {
                    failure = new IllegalStateException("generator returned " + (gens == null ? 0 : gens.size())
                            + " generations for " + prompts.size() + " prompts");
                }
                for (int j = 0; j < idx.size(); j++) {
                    Planned p = plans.get(idx.get(j));
                    out[idx.get(j)] = failure != null
                            ? SynthesisOutcome.afterFailure(p.request(), name, model, failure, p.ballots(), p.tally(),
                                    p.choice())
                            : SynthesisOutcome.fromSynthesis(p.request(), name, model, gens.get(j).text(),
                                    p.extractor(), p.ballots(), p.tally(), p.choice());
                }
                return (Void) null;
            }).toCompletableFuture());
        });
        return CompletableFuture.allOf(batches.toArray(CompletableFuture[]::new)).thenApply(v -> List.of(out));
    }
}
