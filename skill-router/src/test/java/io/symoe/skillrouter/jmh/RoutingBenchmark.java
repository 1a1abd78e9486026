package io.symoe.skillrouter.jmh;

import io.symoe.core.AnswerFormat;
import io.symoe.core.Assignment;
import io.symoe.core.Instance;
import io.symoe.core.Skill;
import io.symoe.core.Task;
import io.symoe.core.recorded.RecordedOutcome;
import io.symoe.skillrouter.embedding.QuestionIndex;
import io.symoe.skillrouter.embedding.TextEmbedder;
import io.symoe.skillrouter.embedding.Vectors;
import io.symoe.skillrouter.profile.ProfileBuilder;
import io.symoe.skillrouter.profile.SkillProfiles;
import io.symoe.skillrouter.recruit.AdaptiveRecruiter;
import io.symoe.skillrouter.recruit.CompetenceWeightedRecruiter;
import io.symoe.skillrouter.recruit.SymbolicRecruiter;
import io.symoe.skillrouter.skills.NearestQuestionProfiler;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

/**
 * The routing decision per instance, at the shape of the MMLU-Pro experiments: 28 models, 7 356 profile
 * questions (80% of 9 195), MiniLM's 384 dimensions, 400 neighbours. Data are synthetic (seeded) so the benchmark
 * runs anywhere; only shapes matter for timing. Embedding the question is measured separately
 * ({@link EmbeddingBenchmark}).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector", "--enable-native-access=ALL-UNNAMED"})
public class RoutingBenchmark {
    static final int MODELS = 28;
    static final int PROFILE_QUESTIONS = 7356;
    static final int DIM = 384;

    @Param({"400"})
    public int neighbours;

    private NearestQuestionProfiler knn;
    private CompetenceWeightedRecruiter competence;
    private AdaptiveRecruiter adaptive;
    private SymbolicRecruiter symbolicCategory;
    private float[][] queries;
    private List<List<Skill>> querySkills;
    private Instance instance;
    private int next;

    @Setup
    public void setup() {
        SplittableRandom rng = new SplittableRandom(42);
        List<String> models = new ArrayList<>();
        for (int m = 0; m < MODELS; m++) {
            models.add("model-" + m);
        }
        ProfileBuilder byQuestion = new ProfileBuilder(models);
        ProfileBuilder byCategory = new ProfileBuilder(models);
        List<String> ids = new ArrayList<>();
        float[][] vectors = new float[PROFILE_QUESTIONS][];
        for (int q = 0; q < PROFILE_QUESTIONS; q++) {
            Map<String, RecordedOutcome> outcomes = new LinkedHashMap<>();
            for (int m = 0; m < MODELS; m++) {
                outcomes.put(models.get(m), new RecordedOutcome(null, null, rng.nextDouble() < 0.2 + m / 50.0 ? 1 : 0, 0));
            }
            String id = "q" + q;
            ids.add(id);
            byQuestion.add(List.of(ProfileBuilder.questionSkillName(id)), outcomes);
            byCategory.add(List.of("cat" + (q % 14)), outcomes);
            vectors[q] = randomUnit(rng);
        }
        SkillProfiles questionProfiles = byQuestion.build();
        QuestionIndex index = new QuestionIndex("synthetic", ids, vectors);
        TextEmbedder none = new TextEmbedder() {
            public String modelId() { return "synthetic"; }
            public int dimension() { return DIM; }
            public float[][] embed(List<String> texts) { throw new UnsupportedOperationException(); }
        };
        knn = new NearestQuestionProfiler(none, index, neighbours, NearestQuestionProfiler.DEFAULT_TEMPERATURE);
        competence = new CompetenceWeightedRecruiter(questionProfiles, 3);
        adaptive = new AdaptiveRecruiter(questionProfiles, 3, AdaptiveRecruiter.Policy.DEFAULT);
        symbolicCategory = new SymbolicRecruiter(byCategory.build(), 3, 1);
        queries = new float[64][];
        querySkills = new ArrayList<>();
        for (int i = 0; i < queries.length; i++) {
            queries[i] = randomUnit(rng);
            querySkills.add(knn.skillsOf(queries[i]));
        }
        instance = new Instance("bench", "question", new Task("mmlu-pro", new AnswerFormat.MultipleChoice(10)));
    }

    private static float[] randomUnit(SplittableRandom rng) {
        float[] v = new float[DIM];
        for (int j = 0; j < DIM; j++) {
            v[j] = (float) rng.nextGaussian();
        }
        return Vectors.normalised(v);
    }

    private int nextIndex() {
        next = (next + 1) & 63;
        return next;
    }

    /** The recruiting decision alone, given the instance's 400 neighbour skills. */
    @Benchmark
    public Assignment recruitCompetenceWeighted() {
        return competence.recruit(instance, querySkills.get(nextIndex()));
    }

    @Benchmark
    public Assignment recruitAdaptive() {
        return adaptive.recruit(instance, querySkills.get(nextIndex()));
    }

    /** The paper's recruiter on one category skill (γ precomputed once per profile). */
    @Benchmark
    public Assignment recruitSymbolicCategory() {
        return symbolicCategory.recruit(instance, List.of(new Skill("cat" + (nextIndex() % 14))));
    }

    /** kNN (QuestionIndex.nearest, two passes at this size) over 7 356 profile questions for an embedded query. */
    @Benchmark
    public List<Skill> nearestNeighbourSkills() {
        return knn.skillsOf(queries[nextIndex()]);
    }

    /** kNN skills + recruiting: everything after the embedding. */
    @Benchmark
    public Assignment knnAndRecruit() {
        return competence.recruit(instance, knn.skillsOf(queries[nextIndex()]));
    }
}
