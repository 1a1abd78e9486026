package io.symoe.skillrouter.learned;

import io.symoe.aggregator.learned.RecordedVotes;
import io.symoe.aggregator.learned.StackingModel;
import io.symoe.aggregator.learned.StackingTrainer;
import io.symoe.aggregator.learned.StagedModel;
import io.symoe.aggregator.learned.StagedThreshold;
import io.symoe.aggregator.learned.StagedTrainer;
import io.symoe.aggregator.learned.TrainingQuestion;
import io.symoe.core.Assignment;
import io.symoe.core.Instance;
import io.symoe.core.RecruitedExpert;
import io.symoe.core.config.RecruiterKind;
import io.symoe.core.config.RouterConfig;
import io.symoe.core.config.SkillSource;
import io.symoe.core.recorded.RecordedDataset;
import io.symoe.core.recorded.RecordedQuestion;
import io.symoe.skillrouter.RouterFactory;
import io.symoe.skillrouter.RouterResources;
import io.symoe.skillrouter.embedding.MiniLmEmbedder;
import io.symoe.skillrouter.embedding.PrecomputedEmbedder;
import io.symoe.skillrouter.embedding.QuestionIndex;
import io.symoe.skillrouter.eval.RoutingEvaluation;
import io.symoe.skillrouter.profile.ProfileBuilder;
import io.symoe.skillrouter.profile.SkillProfiles;
import io.symoe.skillrouter.recruit.CompetenceEstimate;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;

/**
 * Trains the stacking model on every recorded question with cross-fitted features: the questions are dealt into
 * {@code folds} parts, each part is routed on profiles (and a neighbour index) of the other parts, and the
 * recruited experts' recorded answers with those weights are the training votes.
 */
public final class CrossFittedTraining {
    private CrossFittedTraining() {}

    /**
     * @param vectors question id → its MiniLM embedding, for every question of {@code data}
     * @param k       experts per question, as the service will recruit them
     */
    public static StackingModel train(RecordedDataset data, List<String> pool, Map<String, float[]> vectors, int k,
                                      int folds, long seed) {
        List<TrainingQuestion> training = new ArrayList<>();
        parts(data, pool, vectors, k, folds, seed).forEach(training::addAll);
        return StackingTrainer.train(training, new LinkedHashSet<>(pool), seed);
    }

    /**
     * The fixed-k model and adaptive k's staged rule, trained on the same cross-fitted parts; no staged rule
     * (and {@code why}) when some stage has nothing to learn (its candidates all right or all wrong).
     */
    public record Trained(StackingModel fixed, Optional<StagedModel> staged, String why) {}

    /**
     * Also adaptive k ({@link StagedTrainer}): every part routed for {@code stages} experts (a team of k is their
     * first k, the competence ranking being one order), stage models on all parts, the threshold for
     * {@code targetCalls} chosen on the last part scored by stage models trained without it.
     */
    public static Trained trainStaged(RecordedDataset data, List<String> pool, Map<String, float[]> vectors, int k,
                                      int stages, double targetCalls, StagedThreshold.Mode mode, int folds,
                                      long seed) {
        // More stages than models would only repeat the last one.
        int m = Math.min(stages, pool.size());
        List<List<TrainingQuestion>> parts = parts(data, pool, vectors, Math.max(k, m), folds, seed);
        List<TrainingQuestion> all = new ArrayList<>();
        parts.forEach(all::addAll);
        List<TrainingQuestion> inner = new ArrayList<>();
        parts.subList(0, parts.size() - 1).forEach(inner::addAll);
        for (int s = 1; s <= m; s++) {
            if (!StackingTrainer.learnable(StagedTrainer.firstVotes(all, s))
                    || !StackingTrainer.learnable(StagedTrainer.firstVotes(inner, s))) {
                return new Trained(StackingTrainer.train(StagedTrainer.firstVotes(all, k), new LinkedHashSet<>(pool),
                        seed), Optional.empty(), "stage " + s + "'s candidates are all right or all wrong");
            }
        }
        StagedModel staged = StagedTrainer.train(parts, parts.size() - 1, new LinkedHashSet<>(pool), m, targetCalls,
                mode, seed);
        // The same questions, votes and seed: training stage k again would give the same trees.
        StackingModel fixed = k <= m ? staged.at(k)
                : StackingTrainer.train(StagedTrainer.firstVotes(all, k), new LinkedHashSet<>(pool), seed);
        return new Trained(fixed, Optional.of(staged), "");
    }

    /** The questions dealt into {@code folds} parts, each routed for {@code k} experts on profiles of the others. */
    private static List<List<TrainingQuestion>> parts(RecordedDataset data, List<String> pool,
                                                      Map<String, float[]> vectors, int k, int folds, long seed) {
        if (folds < 2) {
            throw new IllegalArgumentException("cross-fitting needs at least 2 folds, got " + folds);
        }
        List<RecordedQuestion> shuffled = new ArrayList<>(data.questions());
        Collections.shuffle(shuffled, new Random(seed));
        List<List<TrainingQuestion>> out = new ArrayList<>();
        for (int f = 0; f < folds; f++) {
            Set<String> held = new HashSet<>();
            List<RecordedQuestion> part = new ArrayList<>();
            for (int i = f; i < shuffled.size(); i += folds) {
                held.add(shuffled.get(i).id());
                part.add(shuffled.get(i));
            }
            List<List<RecruitedExpert>> experts = route(data, pool, vectors, k, seed, held, part);
            List<TrainingQuestion> training = new ArrayList<>();
            for (int i = 0; i < part.size(); i++) {
                RecordedQuestion q = part.get(i);
                training.add(new TrainingQuestion(RecordedVotes.of(q, experts.get(i), k),
                        CompetenceEstimate.options(RoutingEvaluation.instance(q)), q.gold()));
            }
            out.add(training);
        }
        return out;
    }

    private static List<List<RecruitedExpert>> route(RecordedDataset data, List<String> pool,
                                                     Map<String, float[]> vectors, int k, long seed,
                                                     Set<String> held, List<RecordedQuestion> part) {
        SkillProfiles profiles = ProfileBuilder.fromRecorded(data, pool, q -> !held.contains(q.id()),
                ProfileBuilder::questionSkill);
        List<String> ids = new ArrayList<>();
        List<float[]> index = new ArrayList<>();
        for (RecordedQuestion q : data.questions()) {
            if (!held.contains(q.id())) {
                ids.add(q.id());
                index.add(vector(vectors, q));
            }
        }
        Map<String, float[]> byText = new LinkedHashMap<>();
        Map<String, Instance> distinct = new LinkedHashMap<>();
        for (RecordedQuestion q : part) {
            Instance instance = RoutingEvaluation.instance(q);
            byText.putIfAbsent(instance.text(), vector(vectors, q));
            distinct.putIfAbsent(instance.id(), instance);
        }
        var resources = RouterResources.of(profiles).withEmbedding(
                new PrecomputedEmbedder(MiniLmEmbedder.MODEL_ID, List.copyOf(byText.keySet()),
                        byText.values().toArray(float[][]::new), null),
                new QuestionIndex(MiniLmEmbedder.MODEL_ID, ids, index.toArray(float[][]::new)));
        var router = RouterFactory.create(new RouterConfig(SkillSource.EMBEDDING, RecruiterKind.COMPETENCE_WEIGHTED,
                k, seed, null, null), resources);
        Map<String, List<RecruitedExpert>> byId = new LinkedHashMap<>();
        for (Assignment a : router.route(List.copyOf(distinct.values()))) {
            byId.put(a.instanceId(), a.experts());
        }
        return part.stream().map(q -> byId.get(q.id())).toList();
    }

    private static float[] vector(Map<String, float[]> vectors, RecordedQuestion q) {
        float[] v = vectors.get(q.id());
        if (v == null) {
            throw new IllegalStateException("no embedding for question " + q.id());
        }
        return v;
    }
}
