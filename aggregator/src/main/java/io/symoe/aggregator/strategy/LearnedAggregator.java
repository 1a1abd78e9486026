package io.symoe.aggregator.strategy;

import io.symoe.aggregator.extract.AnswerExtractors;
import io.symoe.aggregator.extract.ExtractionMode;
import io.symoe.aggregator.extract.ReasoningTrace;
import io.symoe.aggregator.learned.ExpertVote;
import io.symoe.aggregator.learned.ScoredCandidate;
import io.symoe.aggregator.learned.StackingModel;
import io.symoe.aggregator.learned.StagedModel;
import io.symoe.core.Answer;
import io.symoe.core.AnswerFormat;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * The learned (stacking) aggregator: no model call; every distinct extracted answer is scored by a trained
 * {@link StackingModel} from who gave it, their competence weights and their reasoning texts, and the best-scored
 * answer wins. The vote tally is still computed and reported, so a reader sees when the model overruled it.
 */
public final class LearnedAggregator implements Aggregator {
    public static final String NAME = "learned";

    private final StackingModel model;
    private final Optional<StagedModel> staged;
    private final ExtractionMode mode;

    public LearnedAggregator(StackingModel model, ExtractionMode mode) {
        this(model, Optional.empty(), mode);
    }

    /**
     * @param staged adaptive k's stage models: when present, m experts' answers are scored by stage m's model
     *               (the one trained on m answers), so the answer is the one the staged stop rule stopped on
     */
    public LearnedAggregator(StackingModel model, Optional<StagedModel> staged, ExtractionMode mode) {
        this.model = Objects.requireNonNull(model, "model");
        this.staged = Objects.requireNonNull(staged, "staged");
        this.mode = Objects.requireNonNull(mode, "mode");
    }

    /** The stage models and stop threshold of the loaded model file, if it has them. */
    public Optional<StagedModel> staged() {
        return staged;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public CompletionStage<AggregationResult> aggregate(AggregationRequest request) {
        try {
            return CompletableFuture.completedFuture(decide(request));
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    private AggregationResult decide(AggregationRequest request) {
        List<Ballot> ballots = Ballots.of(request,
                AnswerExtractors.forFormat(request.instance().task().answerFormat(), mode));
        VoteTally tally = VoteTally.count(ballots, false, TieBreak.COMPETENCE);
        List<ExpertVote> votes = new ArrayList<>(ballots.size());
        for (Ballot b : ballots) {
            votes.add(new ExpertVote(b.modelId(), b.weight(), b.answer(), request.outputs().get(b.index()).text()));
        }
        int options = request.instance().task().answerFormat() instanceof AnswerFormat.MultipleChoice mc
                ? mc.options() : 0;
        StackingModel scorer = staged.map(s -> s.at(votes.size())).orElse(model);
        List<ScoredCandidate> scored = scorer.score(votes, options);
        Map<String, Double> scores = new LinkedHashMap<>();
        scored.forEach(s -> scores.put(s.candidate().answer(), s.score()));
        Optional<String> winner = scored.isEmpty() ? Optional.empty()
                : Optional.of(scored.getFirst().candidate().answer());
        String text = winner
                .flatMap(w -> ballots.stream().filter(b -> b.answer().equals(Optional.of(w))).findFirst())
                .map(b -> ReasoningTrace.afterThinking(request.outputs().get(b.index()).text()).strip())
                .orElse("");
        List<String> agreeing = winner.map(w -> tally.voters().getOrDefault(w, List.of())).orElse(List.of());
        Answer answer = new Answer(request.instanceId(), text, winner, NAME, request.outputs(), false);
        return new AggregationResult(answer, new AggregationProvenance(NAME, ballots, tally, agreeing, false,
                Optional.empty(), false, Optional.empty(), Optional.empty(),
                Optional.of(new LearnedChoice(scores, scorer.trainingQuestions()))));
    }
}
