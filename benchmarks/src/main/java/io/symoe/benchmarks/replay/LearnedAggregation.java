package io.symoe.benchmarks.replay;

import io.symoe.aggregator.learned.ExpertVote;
import io.symoe.aggregator.learned.RecordedVotes;
import io.symoe.aggregator.learned.StackingModel;
import io.symoe.aggregator.learned.StackingTrainer;
import io.symoe.aggregator.learned.TrainingQuestion;
import io.symoe.core.RecruitedExpert;
import io.symoe.core.recorded.RecordedQuestion;
import io.symoe.skillrouter.eval.RoutingEvaluation;
import io.symoe.skillrouter.recruit.CompetenceEstimate;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The cross-validated {@code default+learned} row: default's experts, merged by the stacking model instead of the
 * vote. Inside one outer fold the model is trained on the training folds only, with cross-fitted features: each
 * training fold is routed on profiles of the other training folds, so an expert's competence weight on a
 * training question never includes that question's own outcome (as it will not on a held-out one).
 */
public final class LearnedAggregation {
    /** The row and curve name in the {@code cv} rows and the frontier: {@code default+learned} on real data. */
    public static String row(ReplayRouter ranked) {
        return ranked.name() + "+learned";
    }

    /**
     * One outer fold's scores.
     *
     * @param atK   {accuracy %, calls per question} at the sweep's k
     * @param curve k → {accuracy %, calls per question} for k = 1…maxK
     */
    public record Fold(double[] atK, Map<Integer, double[]> curve) {}

    private LearnedAggregation() {}

    /**
     * @param folds          the outer partition
     * @param heldOut        the held-out fold
     * @param ranked         the router whose experts are merged (default)
     * @param held           the held-out questions
     * @param heldExperts    their experts as {@code ranked} recruited them on the training folds, at maxK
     * @param maxK           the largest team of the curve
     * @param k              the sweep's k (the row)
     * @param seed           the SGD seed
     */
    public static Fold fold(ReplaySetup base, List<List<String>> folds, int heldOut, ReplayRouter ranked,
                            List<RecordedQuestion> held, List<List<RecruitedExpert>> heldExperts, int maxK, int k,
                            long seed) {
        List<RecordedQuestion> trainQuestions = new ArrayList<>();
        List<List<RecruitedExpert>> trainExperts = new ArrayList<>();
        for (int g = 0; g < folds.size(); g++) {
            if (g == heldOut) {
                continue;
            }
            Set<String> inner = new LinkedHashSet<>();
            for (int h = 0; h < folds.size(); h++) {
                if (h != heldOut && h != g) {
                    inner.addAll(folds.get(h));
                }
            }
            ReplaySetup crossFit = CrossValidation.derive(base, inner, folds.get(g), maxK);
            List<RecordedQuestion> qs = crossFit.evalQuestions();
            trainQuestions.addAll(qs);
            trainExperts.addAll(ranked.recruit(crossFit, qs, 0));
        }
        Set<String> pool = new LinkedHashSet<>(base.pool());
        Map<Integer, double[]> curve = new LinkedHashMap<>();
        for (int team = 1; team <= maxK; team++) {
            List<TrainingQuestion> training = new ArrayList<>(trainQuestions.size());
            for (int i = 0; i < trainQuestions.size(); i++) {
                RecordedQuestion q = trainQuestions.get(i);
                training.add(new TrainingQuestion(RecordedVotes.of(q, trainExperts.get(i), team), options(q), q.gold()));
            }
            // Nothing to learn when no training candidate is wrong (or none right): keep the first expert's answer.
            curve.put(team, StackingTrainer.learnable(training)
                    ? score(StackingTrainer.train(training, pool, seed), held, heldExperts, team)
                    : firstAnswer(held, heldExperts, team));
        }
        return new Fold(curve.get(k), curve);
    }

    /** {accuracy %, calls per question} of the model choosing among the first {@code team} experts' answers. */
    static double[] score(StackingModel model, List<RecordedQuestion> qs, List<List<RecruitedExpert>> lists,
                          int team) {
        int right = 0;
        int calls = 0;
        for (int i = 0; i < qs.size(); i++) {
            RecordedQuestion q = qs.get(i);
            List<ExpertVote> votes = RecordedVotes.of(q, lists.get(i), team);
            calls += votes.size();
            Optional<String> a = model.choose(votes, options(q)).map(c -> c.candidate().answer());
            right += a.isPresent() && a.get().equals(q.gold()) ? 1 : 0;
        }
        return new double[] {100.0 * right / qs.size(), (double) calls / qs.size()};
    }

    private static double[] firstAnswer(List<RecordedQuestion> qs, List<List<RecruitedExpert>> lists, int team) {
        int right = 0;
        int calls = 0;
        for (int i = 0; i < qs.size(); i++) {
            List<ExpertVote> votes = RecordedVotes.of(qs.get(i), lists.get(i), team);
            calls += votes.size();
            String gold = qs.get(i).gold();
            right += votes.stream().flatMap(v -> v.answer().stream()).findFirst().filter(gold::equals).isPresent()
                    ? 1 : 0;
        }
        return new double[] {100.0 * right / qs.size(), (double) calls / qs.size()};
    }

    private static int options(RecordedQuestion q) {
        return CompetenceEstimate.options(RoutingEvaluation.instance(q));
    }
}
