package io.symoe.skillrouter.learned;

import io.symoe.aggregator.learned.RecordedVotes;
import io.symoe.aggregator.learned.StackingModel;
import io.symoe.aggregator.learned.StackingTrainer;
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
        if (folds < 2) {
            throw new IllegalArgumentException("cross-fitting needs at least 2 folds, got " + folds);
        }
        List<RecordedQuestion> shuffled = new ArrayList<>(data.questions());
        Collections.shuffle(shuffled, new Random(seed));
        List<TrainingQuestion> training = new ArrayList<>();
        for (int f = 0; f < folds; f++) {
            Set<String> held = new HashSet<>();
            List<RecordedQuestion> part = new ArrayList<>();
            for (int i = f; i < shuffled.size(); i += folds) {
                held.add(shuffled.get(i).id());
                part.add(shuffled.get(i));
            }
            List<List<RecruitedExpert>> experts = route(data, pool, vectors, k, seed, held, part);
            for (int i = 0; i < part.size(); i++) {
                RecordedQuestion q = part.get(i);
                training.add(new TrainingQuestion(RecordedVotes.of(q, experts.get(i), k),
                        CompetenceEstimate.options(RoutingEvaluation.instance(q)), q.gold()));
            }
        }
        return StackingTrainer.train(training, new LinkedHashSet<>(pool), seed);
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
