package io.symoe.aggregator.strategy;

import io.symoe.aggregator.extract.AnswerExtractors;
import io.symoe.aggregator.extract.ExtractionMode;
import io.symoe.aggregator.extract.ReasoningTrace;
import io.symoe.core.Answer;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Majority vote, or competence-weighted vote, over the experts' extracted answers: no model call. Experts whose
 * text has no extractable answer abstain (the paper's Counter also counted "N/A" as an answer; abstaining keeps
 * a cluster of unparseable outputs from winning). The answer's text is the first winning expert's text.
 */
public final class VoteAggregator implements Aggregator {
    private final boolean weighted;
    private final TieBreak tieBreak;
    private final ExtractionMode mode;

    /**
     * @param weighted each vote weighs its expert's competence score for this instance (the skill router's
     *                 profile score, carried as {@code RecruitedExpert.weight})
     */
    public VoteAggregator(boolean weighted, TieBreak tieBreak, ExtractionMode mode) {
        this.weighted = weighted;
        this.tieBreak = Objects.requireNonNull(tieBreak, "tieBreak");
        this.mode = Objects.requireNonNull(mode, "mode");
    }

    public static VoteAggregator majority(TieBreak tieBreak, ExtractionMode mode) {
        return new VoteAggregator(false, tieBreak, mode);
    }

    public static VoteAggregator weighted(ExtractionMode mode) {
        return new VoteAggregator(true, TieBreak.COMPETENCE, mode);
    }

    @Override
    public String name() {
        return weighted ? "weighted-vote" : "majority-vote";
    }

    @Override
    public CompletionStage<AggregationResult> aggregate(AggregationRequest request) {
        try {
            return CompletableFuture.completedFuture(decide(request));
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    /** The vote, synchronously: also the fallback of the model-calling strategies. */
    AggregationResult decide(AggregationRequest request) {
        List<Ballot> ballots = Ballots.of(request,
                AnswerExtractors.forFormat(request.instance().task().answerFormat(), mode));
        VoteTally tally = VoteTally.count(ballots, weighted, tieBreak);
        return result(request, name(), ballots, tally, false, Optional.empty());
    }

    /** A result whose answer is the vote's winner (or nothing, when every expert abstained). */
    static AggregationResult result(AggregationRequest request, String strategy, List<Ballot> ballots,
                                    VoteTally tally, boolean consensusSkipped, Optional<String> fallbackReason) {
        String text = tally.winner()
                .flatMap(w -> ballots.stream().filter(b -> b.answer().equals(Optional.of(w))).findFirst())
                .map(b -> ReasoningTrace.afterThinking(request.outputs().get(b.index()).text()).strip())
                .orElse("");
        Answer answer = new Answer(request.instanceId(), text, tally.winner(), strategy, request.outputs(), false);
        return new AggregationResult(answer, new AggregationProvenance(strategy, ballots, tally, tally.agreeing(),
                false, Optional.empty(), consensusSkipped, Optional.empty(), fallbackReason));
    }
}
