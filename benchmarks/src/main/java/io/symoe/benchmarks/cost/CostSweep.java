package io.symoe.benchmarks.cost;

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
import io.symoe.skillrouter.recruit.CompetenceEstimate;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/**
 * The quality-vs-cost sweep: profiles and prices from a RouterBench train file, evaluation on its test file.
 *
 * <p>A model's price is its mean recorded cost per call on the train split (what the router may know ahead of
 * time); a point's cost is what the recruited calls actually cost on the test questions (recorded
 * {@code total_cost}, summed over the experts called, averaged over questions). Accuracy follows
 * {@link ExpertVote}.
 */
public final class CostSweep {
    /** λ values swept by default: 0 ignores price; 1 trades a full probability point for the dearest model. */
    public static final List<Double> DEFAULT_LAMBDAS = List.of(0.0, 0.01, 0.02, 0.03, 0.05, 0.07, 0.1, 0.15, 0.2,
            0.3, 0.5, 1.0);
    public static final List<Integer> DEFAULT_KS = List.of(1, 2, 3);

    private final List<String> models;
    private final List<RecordedQuestion> test;
    private final List<Instance> instances;
    private final Map<String, Double> prices;
    private final Map<String, Double> trainAccuracy;
    private final RouterResources resources;
    private final SkillSource skills;
    private final Map<Integer, ExpertVote> votes = new HashMap<>();

    /**
     * @param embeddings question stem ({@link RouterBenchText#question}) → MiniLM vector for embedding skills, or
     *                   null for global competence (every question carries the dataset's one category)
     */
    public CostSweep(RecordedDataset train, RecordedDataset test, Map<String, float[]> embeddings) {
        this.models = train.models().stream().filter(test.models()::contains).toList();
        if (models.isEmpty()) {
            throw new IllegalArgumentException("train " + train.source() + " and test " + test.source()
                    + " share no model");
        }
        if (train.questions().isEmpty() || test.questions().isEmpty()) {
            throw new IllegalArgumentException("train and test files must both hold questions");
        }
        this.test = test.questions();
        this.instances = this.test.stream().map(CostSweep::instance).toList();
        this.prices = prices(train, models);
        this.trainAccuracy = accuracy(train, models);
        this.skills = embeddings == null ? SkillSource.CATEGORY : SkillSource.EMBEDDING;
        Function<RecordedQuestion, List<String>> skillOf = embeddings == null
                ? q -> List.of(ProfileBuilder.normaliseCategory(category(q))) : ProfileBuilder::questionSkill;
        SkillProfiles profiles = ProfileBuilder.fromRecorded(train, models, q -> true, skillOf);
        RouterResources r = RouterResources.of(profiles);
        if (embeddings != null) {
            r = r.withEmbedding(testEmbedder(embeddings), trainIndex(train, embeddings));
        }
        this.resources = r;
    }

    public List<String> models() {
        return models;
    }

    /** Mean recorded cost per call on the train split, per model. */
    public Map<String, Double> prices() {
        return prices;
    }

    public Map<String, Double> trainAccuracy() {
        return trainAccuracy;
    }

    public SkillSource skills() {
        return skills;
    }

    /** Every single model, the top-k vote for each k, and symoe's cost-aware recruiter for each k × λ. */
    public List<CostPoint> run(List<Integer> ks, List<Double> lambdas) {
        List<CostPoint> points = new ArrayList<>();
        for (String m : models) {
            points.add(score(m, "single", q -> List.of(new RecruitedExpert(m, 1.0))));
        }
        List<String> ranked = models.stream()
                .sorted(Comparator.comparingDouble((String m) -> -trainAccuracy.get(m))).toList();
        for (int k : ks) {
            if (k < 2 || k > models.size()) {
                continue; // topk-vote k=1 is the best single model, already a point
            }
            List<String> top = ranked.subList(0, k);
            points.add(score("topk-vote k=" + k, "baseline", i -> top.stream().map(m -> new RecruitedExpert(m,
                    CompetenceEstimate.voteWeight(trainAccuracy.get(m), CompetenceEstimate.options(instances.get(i)))))
                    .toList()));
        }
        for (int k : ks) {
            for (double lambda : lambdas) {
                points.add(symoe(k, lambda));
            }
        }
        return points;
    }

    /** symoe's cost-aware recruiter at one k and λ. */
    public CostPoint symoe(int k, double lambda) {
        if (k < 1 || k > models.size()) {
            throw new IllegalArgumentException("k must be in 1.." + models.size() + ", got " + k);
        }
        Router router = RouterFactory.create(new RouterConfig(skills, RecruiterKind.COST_AWARE, k, 0L, null, null),
                resources.withCosts(prices, lambda));
        List<Assignment> routed = router.route(instances);
        String name = String.format(Locale.ROOT, "symoe k=%d λ=%s", k, lambda);
        return score(name, "symoe", i -> routed.get(i).experts());
    }

    private CostPoint score(String name, String kind, java.util.function.IntFunction<List<RecruitedExpert>> experts) {
        int right = 0;
        double cost = 0;
        for (int i = 0; i < test.size(); i++) {
            RecordedQuestion q = test.get(i);
            List<RecruitedExpert> e = experts.apply(i);
            for (RecruitedExpert x : e) {
                RecordedOutcome o = q.outcomes().get(x.modelId());
                // No record: the call still happened in a live run, so it is charged at the model's price.
                cost += o != null ? o.cost() : prices.getOrDefault(x.modelId(), 0.0);
            }
            if (vote(instances.get(i)).correct(e, q.outcomes())) {
                right++;
            }
        }
        return new CostPoint(name, kind, cost / test.size(), 100.0 * right / test.size());
    }

    private ExpertVote vote(Instance instance) {
        int options = instance.task().answerFormat() instanceof AnswerFormat.MultipleChoice mc ? mc.options() : 0;
        return votes.computeIfAbsent(options, n -> new ExpertVote(instance.task().answerFormat()));
    }

    /** A RouterBench question as the router sees it: its stem, multiple choice when it lists lettered options. */
    static Instance instance(RecordedQuestion q) {
        String stem = RouterBenchText.question(q.text());
        int options = RouterBenchText.options(stem);
        AnswerFormat format = options >= 2 ? new AnswerFormat.MultipleChoice(options) : new AnswerFormat.FreeText();
        String category = category(q);
        return new Instance(q.id(), stem.isBlank() ? "(empty question " + q.id() + ")" : stem,
                new Task("routerbench:" + category, format), List.of(), Map.of("category", category));
    }

    private static String category(RecordedQuestion q) {
        return q.category() == null || q.category().isBlank() ? "routerbench" : q.category();
    }

    static Map<String, Double> prices(RecordedDataset d, List<String> models) {
        Map<String, Double> out = new LinkedHashMap<>();
        for (String m : models) {
            double sum = 0;
            int n = 0;
            for (RecordedQuestion q : d.questions()) {
                RecordedOutcome o = q.outcomes().get(m);
                if (o != null) {
                    sum += o.cost();
                    n++;
                }
            }
            out.put(m, n == 0 ? 0 : sum / n);
        }
        return out;
    }

    static Map<String, Double> accuracy(RecordedDataset d, List<String> models) {
        Map<String, Double> out = new LinkedHashMap<>();
        for (String m : models) {
            double right = 0;
            for (RecordedQuestion q : d.questions()) {
                RecordedOutcome o = q.outcomes().get(m);
                right += o == null ? 0 : o.score();
            }
            out.put(m, right / d.questions().size());
        }
        return out;
    }

    private PrecomputedEmbedder testEmbedder(Map<String, float[]> embeddings) {
        Map<String, float[]> byText = new LinkedHashMap<>();
        for (Instance i : instances) {
            byText.putIfAbsent(i.text(), vector(embeddings, i.text()));
        }
        return new PrecomputedEmbedder(MiniLmEmbedder.MODEL_ID, List.copyOf(byText.keySet()),
                byText.values().toArray(float[][]::new), null);
    }

    private static QuestionIndex trainIndex(RecordedDataset train, Map<String, float[]> embeddings) {
        List<String> ids = new ArrayList<>();
        List<float[]> vectors = new ArrayList<>();
        for (RecordedQuestion q : train.questions()) {
            ids.add(q.id());
            vectors.add(vector(embeddings, RouterBenchText.question(q.text())));
        }
        return new QuestionIndex(MiniLmEmbedder.MODEL_ID, ids, vectors.toArray(float[][]::new));
    }

    private static float[] vector(Map<String, float[]> embeddings, String text) {
        float[] v = embeddings.get(text);
        if (v == null) {
            throw new IllegalStateException("no embedding for question: " + text.substring(0, Math.min(60, text.length())));
        }
        return v;
    }

    /** Every question stem of both files, the texts {@code embeddings} must cover. */
    public static List<String> stems(RecordedDataset train, RecordedDataset test) {
        java.util.LinkedHashSet<String> out = new java.util.LinkedHashSet<>();
        train.questions().forEach(q -> out.add(RouterBenchText.question(q.text())));
        test.questions().forEach(q -> out.add(instance(q).text()));
        return List.copyOf(out);
    }
}
