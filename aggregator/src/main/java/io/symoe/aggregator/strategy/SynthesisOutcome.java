package io.symoe.aggregator.strategy;

import io.symoe.aggregator.extract.AnswerExtractor;
import io.symoe.aggregator.extract.Extraction;
import io.symoe.aggregator.extract.ReasoningTrace;
import io.symoe.core.Answer;

import java.util.List;
import java.util.Optional;

/** Builds the results of the model-calling strategies: from the aggregator's text, or the vote on failure. */
final class SynthesisOutcome {
    private SynthesisOutcome() {}

    /**
     * The aggregator's answer. When its text has no extractable answer the vote's winner stands in, and the
     * provenance says so: an unparseable synthesis should not turn agreeing experts into no answer.
     */
    static AggregationResult fromSynthesis(AggregationRequest request, String strategy, String model,
                                           String synthesis, AnswerExtractor extractor, List<Ballot> ballots,
                                           VoteTally tally, Optional<SelfMoaChoice> selfMoa) {
        Extraction x = extractor.extract(synthesis);
        Optional<String> answer = x.answer();
        Optional<String> fallback = Optional.empty();
        if (answer.isEmpty() && tally.winner().isPresent()) {
            answer = tally.winner();
            fallback = Optional.of("aggregator " + model + " gave no extractable answer; the experts' vote stands in");
        }
        Optional<String> fin = answer;
        List<String> agreeing = ballots.stream().filter(b -> fin.isPresent() && b.answer().equals(fin))
                .map(Ballot::modelId).toList();
        Answer a = new Answer(request.instanceId(), ReasoningTrace.afterThinking(synthesis).strip(), answer,
                strategy, request.outputs(), true);
        return new AggregationResult(a, new AggregationProvenance(strategy, ballots, tally, agreeing, true,
                Optional.of(model), false, selfMoa, fallback));
    }

    /** The vote's answer after the aggregator call failed; the attempted call is recorded as made. */
    static AggregationResult afterFailure(AggregationRequest request, String strategy, String model,
                                          Throwable failure, List<Ballot> ballots, VoteTally tally,
                                          Optional<SelfMoaChoice> selfMoa) {
        AggregationResult vote = VoteAggregator.result(request, strategy, ballots, tally, false, Optional.empty());
        Throwable cause = failure instanceof java.util.concurrent.CompletionException && failure.getCause() != null
                ? failure.getCause() : failure;
        String reason = "aggregator " + model + " failed (" + cause.getClass().getSimpleName() + ": "
                + cause.getMessage() + "); the experts' vote stands in";
        Answer v = vote.answer();
        Answer a = new Answer(v.instanceId(), v.text(), v.extractedAnswer(), strategy, v.experts(), true);
        return new AggregationResult(a, new AggregationProvenance(strategy, ballots, tally, tally.agreeing(), true,
                Optional.of(model), false, selfMoa, Optional.of(reason)));
    }

    /** The model that merges: a configured one, else the router's choice, else (Self-MoA) the samples' model. */
    static String aggregatorModel(String fixedModel, AggregationRequest request, boolean allowSampleModel) {
        if (fixedModel != null) {
            return fixedModel;
        }
        if (request.assignment().aggregatorId() != null) {
            return request.assignment().aggregatorId();
        }
        if (allowSampleModel) {
            var models = request.outputs().stream().map(o -> o.modelId()).distinct().toList();
            if (models.size() == 1) {
                return models.getFirst();
            }
        }
        throw new IllegalArgumentException("no aggregator model for " + request.instanceId()
                + ": set aggregator.model in the config, or have the router choose one (Assignment.aggregatorId)");
    }
}
