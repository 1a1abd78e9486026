package io.symoe.aggregator.strategy;

import io.symoe.aggregator.extract.AnswerExtractor;
import io.symoe.aggregator.extract.Extraction;
import io.symoe.aggregator.extract.ExtractionRule;
import io.symoe.core.ExpertOutput;
import io.symoe.core.RecruitedExpert;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Turns a request's outputs into ballots: one extraction per output, weighted by the expert's competence. */
final class Ballots {
    private Ballots() {}

    /**
     * Each output's weight is its expert's {@code RecruitedExpert.weight}; a model drawn several times
     * (sampling with replacement) matches its draws in order. An output from a model the assignment did not
     * recruit (a re-recruited replacement) gets the smallest recruited weight: it was ranked below every
     * recruited expert, so it should not outvote them on competence.
     */
    static List<Ballot> of(AggregationRequest request, AnswerExtractor extractor) {
        List<RecruitedExpert> experts = request.assignment().experts();
        Map<String, List<Double>> weights = new HashMap<>();
        double min = Double.MAX_VALUE;
        for (RecruitedExpert e : experts) {
            weights.computeIfAbsent(e.modelId(), k -> new ArrayList<>()).add(e.weight());
            min = Math.min(min, e.weight());
        }
        Map<String, Integer> used = new HashMap<>();
        List<Ballot> ballots = new ArrayList<>(request.outputs().size());
        for (int i = 0; i < request.outputs().size(); i++) {
            ExpertOutput o = request.outputs().get(i);
            List<Double> w = weights.getOrDefault(o.modelId(), List.of());
            int n = used.merge(o.modelId(), 1, Integer::sum) - 1;
            double weight = w.isEmpty() ? min : w.get(Math.min(n, w.size() - 1));
            // Outputs recorded without their text (outcome-only replays) carry just the answer extracted upstream.
            Extraction x = o.text().isEmpty() && o.extractedAnswer().isPresent()
                    ? Extraction.primary(o.extractedAnswer().get(), ExtractionRule.PROVIDED)
                    : extractor.extract(o.text());
            ballots.add(new Ballot(i, o.modelId(), x.answer(), x.rule(), weight));
        }
        return ballots;
    }
}
