package io.symoe.skillrouter.eval;

import io.symoe.core.AnswerFormat;
import io.symoe.core.Assignment;
import io.symoe.core.Instance;
import io.symoe.core.RecruitedExpert;
import io.symoe.core.Task;
import io.symoe.core.config.RecruiterKind;
import io.symoe.core.config.RouterConfig;
import io.symoe.core.config.SkillSource;
import io.symoe.core.recorded.RecordedDataset;
import io.symoe.core.recorded.RecordedOutcome;
import io.symoe.core.recorded.RecordedQuestion;
import io.symoe.skillrouter.Router;
import io.symoe.skillrouter.RouterFactory;
import io.symoe.skillrouter.RouterResources;
import io.symoe.skillrouter.embedding.MiniLmEmbedder;
import io.symoe.skillrouter.embedding.PrecomputedEmbedder;
import io.symoe.skillrouter.embedding.QuestionIndex;
import io.symoe.skillrouter.profile.ProfileBuilder;
import io.symoe.skillrouter.profile.SkillProfiles;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

/**
 * Replays routing on recorded outputs: profiles come from the profile split only; each evaluation question is
 * routed, and the recruited experts' recorded predictions are voted. Compared against {@code topk-vote}, the
 * strong static baseline: the k models with the best profile-split accuracy, majority vote over their predictions.
 * A recorded run holds one output per (model, question), so a model drawn twice by the paper's sampling recruiter
 * votes twice with the same prediction (the paper would draw two samples).
 */
public final class RoutingEvaluation {
    /** One evaluated strategy. {@code weightedAccuracy} votes with the experts' recruiting weights. */
    public record Result(String strategy, int questions, double accuracy, double weightedAccuracy, double meanCalls) {
        @Override
        public String toString() {
            return String.format("%-34s n=%5d  vote=%.2f%%  weighted-vote=%.2f%%  calls/q=%.2f",
                    strategy, questions, 100 * accuracy, 100 * weightedAccuracy, meanCalls);
        }
    }

    private final RecordedDataset dataset;
    private final List<String> pool;
    private final Split split;
    private final Map<String, float[]> embeddings;
    private final Map<String, RecordedQuestion> byId;

    /**
     * @param embeddings question id → MiniLM vector for every question of the dataset, or null to skip the
     *                   embedding strategies
     */
    public RoutingEvaluation(RecordedDataset dataset, List<String> pool, Split split, Map<String, float[]> embeddings) {
        this.dataset = dataset;
        this.pool = List.copyOf(pool);
        this.split = split;
        this.embeddings = embeddings;
        this.byId = dataset.byId();
        for (String m : pool) {
            if (!dataset.models().contains(m)) {
                throw new IllegalArgumentException("pool model " + m + " has no recorded outputs in " + dataset.source());
            }
        }
    }

    public Split split() {
        return split;
    }

    /** Profiles of the pool from the profile split, with the skills a source gives validation questions. */
    public SkillProfiles profiles(SkillSource source) {
        return ProfileBuilder.fromRecorded(dataset, pool, q -> split.profile().contains(q.id()), switch (source) {
            case CATEGORY -> ProfileBuilder::categorySkill;
            case EMBEDDING -> ProfileBuilder::questionSkill;
            case KEYWORDS -> throw new IllegalArgumentException(
                    "keyword profiles need a keyword model's outputs, which recorded data lacks");
        });
    }

    /** {@code topk-vote}: the k best models on the profile split, plain majority vote (ties: the better model). */
    public Result topkVote(int k) {
        SkillProfiles p = profiles(SkillSource.CATEGORY);
        double[] acc = p.globalAccuracy();
        List<String> top = IntStream.range(0, pool.size()).boxed()
                .sorted(Comparator.<Integer>comparingDouble(i -> -acc[i]).thenComparingInt(i -> i))
                .limit(k).map(pool::get).toList();
        int right = 0;
        int n = 0;
        for (String id : split.eval()) {
            RecordedQuestion q = byId.get(id);
            String answer = MajorityVote.plain(top.stream().map(m -> prediction(q, m)).toList());
            right += answer != null && answer.equals(q.gold()) ? 1 : 0;
            n++;
        }
        return new Result("topk-vote(k=" + k + ")", n, (double) right / n, (double) right / n, k);
    }

    /** Routes every evaluation question with the configured strategy and votes the recruited experts. */
    public Result evaluate(RouterConfig config) {
        SkillProfiles profiles = profiles(config.skills());
        RouterResources resources = RouterResources.of(profiles);
        if (config.skills() == SkillSource.EMBEDDING) {
            resources = resources.withEmbedding(embedder(), index());
        }
        Router router = RouterFactory.create(config, resources);
        List<Instance> instances = split.eval().stream().map(id -> instance(byId.get(id))).toList();
        List<Assignment> assignments = router.route(instances);
        int right = 0;
        int weightedRight = 0;
        long calls = 0;
        for (Assignment a : assignments) {
            RecordedQuestion q = byId.get(a.instanceId());
            List<String> preds = a.experts().stream().map(e -> prediction(q, e.modelId())).toList();
            String plain = MajorityVote.plain(preds);
            String weighted = MajorityVote.decide(preds, a.experts().stream().map(RecruitedExpert::weight).toList());
            right += plain != null && plain.equals(q.gold()) ? 1 : 0;
            weightedRight += weighted != null && weighted.equals(q.gold()) ? 1 : 0;
            calls += a.experts().size();
        }
        int n = assignments.size();
        String name = kebab(config.skills().name()) + "/" + kebab(config.recruiter().name()) + "(k=" + config.k() + ")";
        return new Result(name, n, (double) right / n, (double) weightedRight / n, (double) calls / n);
    }

    public static RouterConfig config(SkillSource skills, RecruiterKind recruiter, int k, long seed) {
        return new RouterConfig(skills, recruiter, k, seed, null, null);
    }

    private static String kebab(String enumName) {
        return enumName.toLowerCase(java.util.Locale.ROOT).replace('_', '-');
    }

    private String prediction(RecordedQuestion q, String model) {
        RecordedOutcome o = q.outcomes().get(model);
        return o == null ? null : o.prediction();
    }

    private QuestionIndex index() {
        List<String> ids = new ArrayList<>(split.profile());
        float[][] v = new float[ids.size()][];
        for (int i = 0; i < v.length; i++) {
            v[i] = vectorOf(ids.get(i));
        }
        return new QuestionIndex(MiniLmEmbedder.MODEL_ID, ids, v);
    }

    private PrecomputedEmbedder embedder() {
        List<String> texts = new ArrayList<>();
        List<float[]> vecs = new ArrayList<>();
        Map<String, Boolean> seen = new HashMap<>();
        for (String id : split.eval()) {
            String t = byId.get(id).text();
            if (seen.putIfAbsent(t, true) == null) {
                texts.add(t);
                vecs.add(vectorOf(id));
            }
        }
        return new PrecomputedEmbedder(MiniLmEmbedder.MODEL_ID, texts, vecs.toArray(float[][]::new), null);
    }

    private float[] vectorOf(String id) {
        if (embeddings == null) {
            throw new IllegalStateException("embedding strategies need the question embeddings");
        }
        float[] v = embeddings.get(id);
        if (v == null) {
            throw new IllegalStateException("no embedding for question " + id);
        }
        return v;
    }

    /** The instance a recorded question becomes: its stem, its options, and its category as metadata. */
    public static Instance instance(RecordedQuestion q) {
        int options = Math.max(2, Math.min(AnswerFormat.MultipleChoice.MAX_OPTIONS, q.options().size()));
        Map<String, String> meta = q.category() == null ? Map.of() : Map.of("category", q.category());
        return new Instance(q.id(), q.text().isBlank() ? "(empty question " + q.id() + ")" : q.text(),
                new Task("mmlu-pro", new AnswerFormat.MultipleChoice(options)),
                q.options().size() == options ? q.options() : List.of(), meta);
    }
}
