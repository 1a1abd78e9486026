package io.symoe.benchmarks.replay;

import io.symoe.aggregator.learned.ExpertVote;
import io.symoe.aggregator.learned.RecordedVotes;
import io.symoe.aggregator.learned.ScoredCandidate;
import io.symoe.aggregator.learned.StagedModel;
import io.symoe.aggregator.learned.StagedTrace;
import io.symoe.aggregator.learned.StagedTrainer;
import io.symoe.aggregator.learned.StackingModel;
import io.symoe.aggregator.learned.StackingTrainer;
import io.symoe.aggregator.learned.TrainingQuestion;
import io.symoe.core.RecruitedExpert;
import io.symoe.core.recorded.RecordedQuestion;
import io.symoe.skillrouter.eval.RoutingEvaluation;
import io.symoe.skillrouter.recruit.CompetenceEstimate;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The stacking model over default's experts, trained with cross-fitted features: each training part is routed on
 * profiles of the other training parts, so an expert's competence weight on a training question never includes
 * that question's own outcome (as it will not on a held-out one). Used by the {@code default} router in plain
 * sweeps ({@link LearnedDefault}) and per outer fold by {@code --cv}, where it is the {@code default} row and curve.
 */
public final class LearnedAggregation {
    /**
     * The row and curve name in the {@code cv} rows and the frontier: {@code default} when the experts are
     * default's ({@code default-vote}'s recruiting), else {@code <router>+learned}.
     */
    public static String row(ReplayRouter ranked) {
        return ranked.name().equals(ReplayRouters.DEFAULT_VOTE) ? "default" : ranked.name() + "+learned";
    }

    /**
     * One outer fold's scores.
     *
     * @param atK   {accuracy %, calls per question} at the sweep's k
     * @param curve k → {accuracy %, calls per question} for k = 1…maxK
     * @param seed  the sweep's k as a {@code runs} unit (per-category counts, calls, loads)
     */
    public record Fold(double[] atK, Map<Integer, double[]> curve, SeedResult seed, Staged staged) {}

    /**
     * The staged stop rule of one fold ({@link StagedModel}): the held-out questions' traces under the stage
     * models trained on the training folds (the k-curve's models), and the validation part's traces under stage
     * models trained without it, on which the threshold is chosen.
     *
     * @param held       the held-out questions' traces, in question order
     * @param validation the validation part's traces
     */
    public record Staged(List<StagedTrace> held, List<StagedTrace> validation) {}

    /** Training questions of the parts and their experts, each part recruited on profiles of the other parts. */
    record CrossFit(List<RecordedQuestion> questions, List<List<RecruitedExpert>> experts) {
        List<TrainingQuestion> training(int team) {
            List<TrainingQuestion> out = new ArrayList<>(questions.size());
            for (int i = 0; i < questions.size(); i++) {
                RecordedQuestion q = questions.get(i);
                out.add(new TrainingQuestion(RecordedVotes.of(q, experts.get(i), team), options(q), q.gold()));
            }
            return out;
        }
    }

    private LearnedAggregation() {}

    /**
     * @param parts  the training questions, partitioned; each is routed on profiles of the others
     * @param ranked the router whose experts are merged
     * @param maxK   experts recruited per training question (every smaller team is a prefix)
     */
    static CrossFit crossFit(ReplaySetup base, List<List<String>> parts, ReplayRouter ranked, int maxK) {
        if (parts.size() < 2) {
            throw new IllegalArgumentException("cross-fitting needs at least 2 training parts, got " + parts.size());
        }
        List<RecordedQuestion> questions = new ArrayList<>();
        List<List<RecruitedExpert>> experts = new ArrayList<>();
        for (int g = 0; g < parts.size(); g++) {
            Set<String> others = new LinkedHashSet<>();
            for (int h = 0; h < parts.size(); h++) {
                if (h != g) {
                    others.addAll(parts.get(h));
                }
            }
            ReplaySetup fit = CrossValidation.derive(base, others, parts.get(g), maxK);
            List<RecordedQuestion> qs = fit.evalQuestions();
            questions.addAll(qs);
            experts.addAll(ranked.recruit(fit, qs, 0));
        }
        return new CrossFit(questions, experts);
    }

    /**
     * The model for teams of {@code team}; empty when no training candidate is wrong (or none right), which leaves
     * nothing to learn: then the first expert's answer is the choice.
     */
    static Optional<StackingModel> train(CrossFit fit, List<String> pool, int team, long seed) {
        List<TrainingQuestion> training = fit.training(team);
        return StackingTrainer.learnable(training)
                ? Optional.of(StackingTrainer.train(training, new LinkedHashSet<>(pool), seed))
                : Optional.empty();
    }

    /** Each question's chosen answer (null: none) among its first {@code team} experts' answers. */
    static List<String> choose(Optional<StackingModel> model, List<RecordedQuestion> qs,
                               List<List<RecruitedExpert>> lists, int team) {
        List<String> out = new ArrayList<>(qs.size());
        for (int i = 0; i < qs.size(); i++) {
            RecordedQuestion q = qs.get(i);
            List<ExpertVote> votes = RecordedVotes.of(q, lists.get(i), team);
            Optional<String> a = model.isPresent()
                    ? model.get().choose(votes, options(q)).map(c -> c.candidate().answer())
                    : votes.stream().flatMap(v -> v.answer().stream()).findFirst();
            out.add(a.orElse(null));
        }
        return out;
    }

    /**
     * @param folds          the outer partition
     * @param heldOut        the held-out fold
     * @param ranked         the router whose experts are merged (default-vote)
     * @param held           the held-out questions
     * @param heldExperts    their experts as {@code ranked} recruited them on the training folds, at maxK
     * @param maxK           the largest team of the curve
     * @param k              the sweep's k (the row)
     * @param seed           the trees' subsampling seed
     * @param repeat         the fold partition's index, recorded in the {@code runs} unit
     */
    public static Fold fold(ReplaySetup base, List<List<String>> folds, int heldOut, ReplayRouter ranked,
                            List<RecordedQuestion> held, List<List<RecruitedExpert>> heldExperts, int maxK, int k,
                            long seed, int repeat) {
        List<List<String>> training = new ArrayList<>(folds);
        training.remove(heldOut);
        CrossFit fit = crossFit(base, training, ranked, maxK);
        Map<Integer, double[]> curve = new LinkedHashMap<>();
        List<Optional<StackingModel>> models = new ArrayList<>();
        SeedResult atK = null;
        for (int team = 1; team <= maxK; team++) {
            Optional<StackingModel> model = train(fit, base.pool(), team, seed);
            models.add(model);
            List<String> answers = choose(model, held, heldExperts, team);
            SeedResult r = result(row(ranked), repeat, held, heldExperts, team, answers);
            curve.put(team, new double[] {100.0 * r.right() / r.questions(), (double) r.calls() / r.questions()});
            atK = team == k ? r : atK;
        }
        // The staged rule's stage m is the k-curve's team-m model; its threshold is chosen on the fold after the
        // held-out one (as the vote rules' is), scored by stage models trained on the other training folds.
        int stages = Math.min(StagedTrainer.MAX_STAGES, maxK);
        Set<String> validation = new HashSet<>(folds.get((heldOut + 1) % folds.size()));
        List<StagedTrace> heldTraces = traces(fit, models.subList(0, stages), held, heldExperts);
        List<StagedTrace> inner = validationTraces(fit, validation, base.pool(), stages, seed);
        return new Fold(curve.get(k), curve, atK, new Staged(heldTraces, inner));
    }

    /**
     * Traces of the validation part under stage models trained on the other parts' cross-fitted questions (their
     * weights were routed on profiles that include the validation part, but no model sees its labels).
     */
    static List<StagedTrace> validationTraces(CrossFit fit, Set<String> validation, List<String> pool, int stages,
                                              long seed) {
        List<RecordedQuestion> innerQs = new ArrayList<>();
        List<List<RecruitedExpert>> innerExperts = new ArrayList<>();
        List<RecordedQuestion> valQs = new ArrayList<>();
        List<List<RecruitedExpert>> valExperts = new ArrayList<>();
        for (int i = 0; i < fit.questions().size(); i++) {
            boolean v = validation.contains(fit.questions().get(i).id());
            (v ? valQs : innerQs).add(fit.questions().get(i));
            (v ? valExperts : innerExperts).add(fit.experts().get(i));
        }
        if (valQs.isEmpty() || innerQs.isEmpty()) {
            throw new IllegalArgumentException("the validation part must hold some but not all training questions");
        }
        CrossFit inner = new CrossFit(innerQs, innerExperts);
        List<Optional<StackingModel>> models = new ArrayList<>(stages);
        for (int m = 1; m <= stages; m++) {
            models.add(train(inner, pool, m, seed));
        }
        return traces(inner, models, valQs, valExperts);
    }

    /**
     * Each question's staged trace. A stage with no model (its training candidates were all right or all wrong)
     * follows the first expert that answered, with the P(right) its training candidates had: 1 or 0.
     */
    static List<StagedTrace> traces(CrossFit trainedOn, List<Optional<StackingModel>> models,
                                    List<RecordedQuestion> qs, List<List<RecruitedExpert>> lists) {
        double[] constant = new double[models.size()];
        for (int m = 1; m <= models.size(); m++) {
            constant[m - 1] = models.get(m - 1).isPresent() ? Double.NaN : allRight(trainedOn, m) ? 1 : 0;
        }
        List<StagedTrace> out = new ArrayList<>(qs.size());
        for (int i = 0; i < qs.size(); i++) {
            RecordedQuestion q = qs.get(i);
            List<ExpertVote> votes = RecordedVotes.of(q, lists.get(i), models.size());
            int m = Math.min(models.size(), votes.size());
            List<String> leaders = new ArrayList<>(m);
            double[] scores = new double[m];
            for (int s = 1; s <= m; s++) {
                List<ExpertVote> first = votes.subList(0, s);
                Optional<StackingModel> model = models.get(s - 1);
                if (model.isPresent()) {
                    var c = model.get().choose(first, options(q));
                    leaders.add(c.map(x -> x.candidate().answer()).orElse(null));
                    scores[s - 1] = c.map(ScoredCandidate::score).orElse(0.0);
                } else {
                    var a = first.stream().flatMap(v -> v.answer().stream()).findFirst();
                    leaders.add(a.orElse(null));
                    scores[s - 1] = a.isPresent() ? constant[s - 1] : 0;
                }
            }
            out.add(new StagedTrace(leaders, scores, q.gold()));
        }
        return out;
    }

    /** Whether every answered candidate of the fit's questions at team {@code m} is right. */
    private static boolean allRight(CrossFit fit, int m) {
        for (TrainingQuestion q : fit.training(m)) {
            for (ExpertVote v : q.votes()) {
                if (v.answer().isPresent()) {
                    return v.answer().get().equals(q.gold());
                }
            }
        }
        return false;
    }

    /** The answers scored as one {@code runs} unit: right per category, calls, distinct models recruited. */
    static SeedResult result(String name, int seed, List<RecordedQuestion> qs, List<List<RecruitedExpert>> lists,
                             int team, List<String> answers) {
        int right = 0;
        int calls = 0;
        Set<String> used = new HashSet<>();
        Map<String, Integer> catRight = new HashMap<>();
        Map<String, Integer> catTotal = new HashMap<>();
        for (int i = 0; i < qs.size(); i++) {
            RecordedQuestion q = qs.get(i);
            List<RecruitedExpert> experts = lists.get(i).subList(0, Math.min(team, lists.get(i).size()));
            experts.forEach(e -> used.add(e.modelId()));
            calls += experts.size();
            String cat = q.category() == null ? "(none)" : q.category();
            catTotal.merge(cat, 1, Integer::sum);
            if (q.gold().equals(answers.get(i))) {
                right++;
                catRight.merge(cat, 1, Integer::sum);
            }
        }
        return new SeedResult(name, seed, right, qs.size(), catRight, catTotal, calls, used.size());
    }

    private static int options(RecordedQuestion q) {
        return CompetenceEstimate.options(RoutingEvaluation.instance(q));
    }
}
