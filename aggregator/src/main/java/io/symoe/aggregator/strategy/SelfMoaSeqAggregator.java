package io.symoe.aggregator.strategy;

import io.symoe.aggregator.extract.AnswerExtractor;
import io.symoe.aggregator.extract.AnswerExtractors;
import io.symoe.aggregator.extract.ExtractionMode;
import io.symoe.aggregator.extract.ReasoningTrace;
import io.symoe.aggregator.prompt.SequentialWindows;
import io.symoe.aggregator.prompt.SynthesisPrompt;
import io.symoe.aggregator.prompt.TokenEstimate;
import io.symoe.core.ExpertOutput;
import io.symoe.core.generation.Generation;
import io.symoe.core.generation.GenerationParams;
import io.symoe.core.generation.Generator;
import io.symoe.core.generation.Prompt;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Self-MoA-Seq (Li et al. 2025): N samples merged by a sliding window when they do not fit the aggregator's
 * context at once. The window w is the largest that fits {@code contextTokens} ({@link SequentialWindows#windowFor});
 * step 1 synthesises samples [0, w), each later step the previous synthesis plus the next w samples. Steps run
 * one after another (each needs the last one's output). N, w, the feeding order and the step count are recorded
 * in the provenance. A failed step falls back to the vote over all samples.
 */
public final class SelfMoaSeqAggregator implements Aggregator {
    private final Generator generator;
    private final GenerationParams params;
    private final String fixedModel;
    private final ExtractionMode mode;
    private final int contextTokens;

    /**
     * @param contextTokens the aggregator model's context length in tokens, which bounds the window
     */
    public SelfMoaSeqAggregator(Generator generator, GenerationParams params, String fixedModel,
                                ExtractionMode mode, int contextTokens) {
        this.generator = Objects.requireNonNull(generator, "generator");
        this.params = Objects.requireNonNull(params, "params");
        if (fixedModel != null && fixedModel.isBlank()) {
            throw new IllegalArgumentException("aggregator model must be null or non-blank");
        }
        this.fixedModel = fixedModel;
        this.mode = Objects.requireNonNull(mode, "mode");
        if (contextTokens < 1) {
            throw new IllegalArgumentException("contextTokens must be > 0, got " + contextTokens);
        }
        this.contextTokens = contextTokens;
    }

    @Override
    public String name() {
        return "self-moa-seq";
    }

    /** The windows this aggregator would use for a request (pure; exposed for tests and dry runs). */
    public SequentialWindows windows(AggregationRequest r) {
        int longest = r.outputs().stream().mapToInt(SelfMoaSeqAggregator::tokensOf).max().orElse(0);
        int fixed = TokenEstimate.promptOverhead(r.instance().text(), r.answerInstruction());
        int w = SequentialWindows.windowFor(contextTokens, params.maxTokens(), fixed, longest, r.outputs().size());
        return SequentialWindows.inOrder(r.outputs().size(), w);
    }

    /** A sample's size in the prompt: the estimate of its think-stripped text (what the prompt actually holds). */
    private static int tokensOf(ExpertOutput o) {
        return TokenEstimate.of(ReasoningTrace.afterThinking(o.text()).strip());
    }

    @Override
    public CompletionStage<AggregationResult> aggregate(AggregationRequest r) {
        AnswerExtractor extractor;
        List<Ballot> ballots;
        VoteTally tally;
        String model;
        try {
            extractor = AnswerExtractors.forFormat(r.instance().task().answerFormat(), mode);
            ballots = Ballots.of(r, extractor);
            tally = VoteTally.count(ballots, false, TieBreak.COMPETENCE);
            model = SynthesisOutcome.aggregatorModel(fixedModel, r, true);
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
        SequentialWindows windows;
        try {
            windows = windows(r);
        } catch (IllegalArgumentException tooSmall) {
            // Not even one sample fits: no call is made, the vote answers and says why.
            AggregationResult vote = VoteAggregator.result(r, name(), ballots, tally, false,
                    Optional.of(tooSmall.getMessage() + "; the experts' vote stands in"));
            return CompletableFuture.completedFuture(vote);
        }
        Optional<SelfMoaChoice> choice = Optional.of(new SelfMoaChoice(windows.samples(), windows.window(),
                windows.order(), windows.stepCount()));
        CompletionStage<String> synthesis = CompletableFuture.completedFuture(null);
        for (List<Integer> step : windows.steps()) {
            synthesis = synthesis.thenCompose(previous -> step(r, model, previous, step));
        }
        return synthesis.handle((text, err) -> err != null
                ? SynthesisOutcome.afterFailure(r, name(), model, err, ballots, tally, choice)
                : SynthesisOutcome.fromSynthesis(r, name(), model, text, extractor, ballots, tally, choice));
    }

    private CompletionStage<String> step(AggregationRequest r, String model, String previous, List<Integer> step) {
        List<String> samples = step.stream().map(i -> r.outputs().get(i).text()).toList();
        Prompt prompt = Prompt.ofUser(r.instanceId(),
                SynthesisPrompt.render(r.instance().text(), previous, samples, r.answerInstruction()));
        CompletionStage<List<Generation>> call;
        try {
            call = generator.generate(model, List.of(prompt), params);
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
        return call.thenApply(gens -> {
            if (gens == null || gens.size() != 1) {
                throw new IllegalStateException("generator returned " + (gens == null ? 0 : gens.size())
                        + " generations for 1 prompt");
            }
            return gens.getFirst().text();
        });
    }
}
