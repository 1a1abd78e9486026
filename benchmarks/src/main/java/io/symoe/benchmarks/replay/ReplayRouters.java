package io.symoe.benchmarks.replay;

import io.symoe.core.Assignment;
import io.symoe.core.Instance;
import io.symoe.core.RecruitedExpert;
import io.symoe.core.config.RecruiterKind;
import io.symoe.core.config.RouterConfig;
import io.symoe.core.config.SkillSource;
import io.symoe.core.recorded.RecordedOutcome;
import io.symoe.core.recorded.RecordedQuestion;
import io.symoe.skillrouter.Router;
import io.symoe.skillrouter.RouterFactory;
import io.symoe.skillrouter.RouterResources;
import io.symoe.skillrouter.embedding.MiniLmEmbedder;
import io.symoe.skillrouter.embedding.PrecomputedEmbedder;
import io.symoe.skillrouter.embedding.QuestionIndex;
import io.symoe.skillrouter.eval.RoutingEvaluation;
import io.symoe.skillrouter.profile.ProfileBuilder;
import io.symoe.skillrouter.profile.SkillProfiles;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Function;

/**
 * The registry of replay routers by name: the baselines ({@code best-single}, {@code topk-vote}, {@code random},
 * {@code oracle}), the paper's {@code symbolic} sampler, symoe's own recruiters from skill-router, and
 * {@code default}, the configuration symoe ships: {@code default-vote}'s experts (embedding skills, competence-weighted
 * recruiting) merged by the learned aggregator trained on the profile questions ({@link LearnedDefault}).
 */
public final class ReplayRouters {
    /** symoe's default: embedding skills (nearest recorded questions) with the competence-weighted recruiter. */
    public static final SkillSource DEFAULT_SKILLS = SkillSource.EMBEDDING;
    public static final RecruiterKind DEFAULT_RECRUITER = RecruiterKind.COMPETENCE_WEIGHTED;
    /** Default's experts merged by the sweep's vote: symoe's default before the learned aggregator. */
    public static final String DEFAULT_VOTE = "default-vote";
    /** Adaptive k on the learned aggregator's posterior, over default's experts ({@link AdaptiveDefault}). */
    public static final String ADAPTIVE_DEFAULT = "default-adaptive";

    private ReplayRouters() {}

    /** Every registered name, in report order; {@code all} expands to these. */
    public static List<String> names() {
        return List.of("best-single", "topk-vote", "random", "oracle", "symbolic", "top-k", "competence-weighted",
                "cost-aware", "adaptive", DEFAULT_VOTE, "default", ADAPTIVE_DEFAULT, ADAPTIVE_DEFAULT + "-per-stage");
    }

    public static ReplayRouter byName(String name) {
        return switch (name) {
            case "best-single" -> ranked(name, 1);
            case "topk-vote" -> ranked(name, -1);
            case "random" -> random();
            case "oracle" -> oracle();
            case "symbolic" -> skillRouter(name, null, RecruiterKind.SYMBOLIC, true);
            case "top-k" -> skillRouter(name, null, RecruiterKind.TOP_K, false);
            case "competence-weighted" -> skillRouter(name, null, RecruiterKind.COMPETENCE_WEIGHTED, false);
            case "cost-aware" -> skillRouter(name, null, RecruiterKind.COST_AWARE, false);
            case "adaptive" -> skillRouter(name, null, RecruiterKind.ADAPTIVE, false);
            case DEFAULT_VOTE -> skillRouter(name, DEFAULT_SKILLS, DEFAULT_RECRUITER, false);
            case "default" -> new LearnedDefault(byName(DEFAULT_VOTE));
            case ADAPTIVE_DEFAULT -> new AdaptiveDefault(name, byName(DEFAULT_VOTE),
                    io.symoe.aggregator.learned.StagedThreshold.Mode.UNIFORM);
            case ADAPTIVE_DEFAULT + "-per-stage" -> new AdaptiveDefault(name, byName(DEFAULT_VOTE),
                    io.symoe.aggregator.learned.StagedThreshold.Mode.PER_STAGE);
            default -> throw new IllegalArgumentException("unknown router '" + name + "'; known: " + names()
                    + " or all");
        };
    }

    /** Profile-split accuracy of each pool model (a missing record counts as wrong, as the harness scored it). */
    static Map<String, Double> accuracy(ReplaySetup setup) {
        Map<String, Double> acc = new LinkedHashMap<>();
        var byId = setup.profileData().byId();
        for (String m : setup.pool()) {
            int right = 0;
            for (String id : setup.profileIds()) {
                RecordedOutcome o = byId.get(id).outcomes().get(m);
                right += o != null && o.correct() ? 1 : 0;
            }
            acc.put(m, setup.profileIds().isEmpty() ? 0 : (double) right / setup.profileIds().size());
        }
        return acc;
    }

    /** The best models on the profile split (k of them, or {@code fixedK}), ties in pool order. */
    private static ReplayRouter ranked(String name, int fixedK) {
        return new Static(name, false, setup -> {
            Map<String, Double> acc = accuracy(setup);
            int k = fixedK > 0 ? fixedK : setup.k();
            return setup.pool().stream().sorted(Comparator.comparingDouble((String m) -> -acc.get(m)))
                    .limit(k).map(m -> new RecruitedExpert(m, acc.get(m))).toList();
        });
    }

    private record Static(String name, boolean stochastic, Function<ReplaySetup, List<RecruitedExpert>> experts)
            implements ReplayRouter {
        @Override
        public List<List<RecruitedExpert>> recruit(ReplaySetup setup, List<RecordedQuestion> questions, int seed) {
            List<RecruitedExpert> e = experts.apply(setup);
            return questions.stream().map(q -> e).toList();
        }
    }

    private static ReplayRouter random() {
        return new ReplayRouter() {
            @Override
            public String name() {
                return "random";
            }

            @Override
            public boolean stochastic() {
                return true;
            }

            @Override
            public List<List<RecruitedExpert>> recruit(ReplaySetup setup, List<RecordedQuestion> questions, int seed) {
                Random rnd = new Random(seed);
                List<List<RecruitedExpert>> out = new ArrayList<>(questions.size());
                for (int i = 0; i < questions.size(); i++) {
                    List<String> shuffled = new ArrayList<>(setup.pool());
                    java.util.Collections.shuffle(shuffled, rnd);
                    out.add(shuffled.stream().limit(setup.k()).map(m -> new RecruitedExpert(m, 1.0)).toList());
                }
                return out;
            }
        };
    }

    private static ReplayRouter oracle() {
        return new ReplayRouter() {
            @Override
            public String name() {
                return "oracle";
            }

            @Override
            public boolean stochastic() {
                return false;
            }

            @Override
            public boolean oracle() {
                return true;
            }

            @Override
            public List<List<RecruitedExpert>> recruit(ReplaySetup setup, List<RecordedQuestion> questions, int seed) {
                List<RecruitedExpert> all = setup.pool().stream().map(m -> new RecruitedExpert(m, 1.0)).toList();
                return questions.stream().map(q -> all).toList();
            }
        };
    }

    /**
     * A skill-router recruiter on profiles from the profile split.
     *
     * @param skills null to use the sweep's {@code --skills}
     */
    private static ReplayRouter skillRouter(String name, SkillSource skills, RecruiterKind kind, boolean stochastic) {
        return new ReplayRouter() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public boolean stochastic() {
                return stochastic;
            }

            @Override
            public String skillsLabel(ReplaySetup setup) {
                return (skills == null ? setup.skills() : skills).name().toLowerCase(java.util.Locale.ROOT);
            }

            @Override
            public List<List<RecruitedExpert>> recruit(ReplaySetup setup, List<RecordedQuestion> questions, int seed) {
                SkillSource source = skills == null ? setup.skills() : skills;
                Router router = build(setup, source, kind, seed, questions);
                List<Instance> instances = questions.stream().map(RoutingEvaluation::instance).toList();
                // The paper's test file repeats questions; route each distinct one once, replay it per occurrence.
                Map<String, Instance> distinct = new LinkedHashMap<>();
                instances.forEach(i -> distinct.putIfAbsent(i.id(), i));
                Map<String, List<RecruitedExpert>> byId = new LinkedHashMap<>();
                List<Assignment> routed = router.route(List.copyOf(distinct.values()));
                routed.forEach(a -> byId.put(a.instanceId(), a.experts()));
                return questions.stream().map(q -> byId.get(q.id())).toList();
            }
        };
    }

    private static Router build(ReplaySetup setup, SkillSource source, RecruiterKind kind, int seed,
                                List<RecordedQuestion> questions) {
        Function<RecordedQuestion, List<String>> skillsOf = switch (source) {
            case CATEGORY -> ProfileBuilder::categorySkill;
            case EMBEDDING -> ProfileBuilder::questionSkill;
            case KEYWORDS -> throw new IllegalArgumentException("--skills keywords needs a keyword model's outputs,"
                    + " which recordings lack; use category or embedding");
        };
        SkillProfiles profiles = ProfileBuilder.fromRecorded(setup.profileData(), setup.pool(),
                q -> setup.profileIds().contains(q.id()), skillsOf);
        RouterResources resources = RouterResources.of(profiles);
        if (source == SkillSource.EMBEDDING) {
            resources = resources.withEmbedding(evalEmbedder(setup, questions), profileIndex(setup));
        }
        return RouterFactory.create(new RouterConfig(source, kind, setup.k(), (long) seed, null, null), resources);
    }

    private static QuestionIndex profileIndex(ReplaySetup setup) {
        List<String> ids = new ArrayList<>();
        List<float[]> vectors = new ArrayList<>();
        for (RecordedQuestion q : setup.profileData().questions()) {
            if (setup.profileIds().contains(q.id())) {
                ids.add(q.id());
                vectors.add(vector(setup, q.text()));
            }
        }
        return new QuestionIndex(MiniLmEmbedder.MODEL_ID, ids, vectors.toArray(float[][]::new));
    }

    private static PrecomputedEmbedder evalEmbedder(ReplaySetup setup, List<RecordedQuestion> questions) {
        Map<String, float[]> byText = new LinkedHashMap<>();
        for (RecordedQuestion q : questions) {
            byText.putIfAbsent(RoutingEvaluation.instance(q).text(), vector(setup, q.text()));
        }
        return new PrecomputedEmbedder(MiniLmEmbedder.MODEL_ID, List.copyOf(byText.keySet()),
                byText.values().toArray(float[][]::new), null);
    }

    private static float[] vector(ReplaySetup setup, String text) {
        if (setup.embeddings() == null) {
            throw new IllegalStateException("embedding skills need the question embeddings");
        }
        float[] v = setup.embeddings().get(text);
        if (v == null) {
            throw new IllegalStateException("no embedding for question text: " + text.substring(0, Math.min(60, text.length())));
        }
        return v;
    }
}
