package io.symoe.skillrouter;

import io.symoe.core.AnswerFormat;
import io.symoe.core.Instance;
import io.symoe.core.Task;
import io.symoe.core.config.RecruiterKind;
import io.symoe.core.config.RouterConfig;
import io.symoe.core.config.SkillSource;
import io.symoe.skillrouter.embedding.QuestionIndex;
import io.symoe.skillrouter.embedding.TextEmbedder;
import io.symoe.skillrouter.profile.SkillProfiles;
import io.symoe.skillrouter.recruit.AdaptiveRecruiter;
import io.symoe.skillrouter.recruit.CompetenceWeightedRecruiter;
import io.symoe.skillrouter.recruit.CostAwareRecruiter;
import io.symoe.skillrouter.recruit.SymbolicRecruiter;
import io.symoe.skillrouter.recruit.TopKRecruiter;
import io.symoe.skillrouter.skills.CategoryProfiler;
import io.symoe.skillrouter.skills.FakeGenerator;
import io.symoe.skillrouter.skills.KeywordProfiler;
import io.symoe.skillrouter.skills.NearestQuestionProfiler;
import io.symoe.skillrouter.testing.Profiles;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static io.symoe.skillrouter.testing.Profiles.row;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RouterFactoryTest {
    private static final Task MC = new Task("mmlu", new AnswerFormat.MultipleChoice(4));
    private static final SkillProfiles CATEGORY = Profiles.of(List.of("a", "b", "c"),
            row(List.of("law"), 0, 1, 1), row(List.of("math"), 1, 0, 0), row(List.of("math"), 1, 1, 0));

    private static RouterConfig config(SkillSource s, RecruiterKind r) {
        return new RouterConfig(s, r, 2, 5L, null, s == SkillSource.KEYWORDS ? "kw" : null);
    }

    @Test
    void eachRecruiterKindBuildsItsStrategy() {
        RouterResources res = RouterResources.of(CATEGORY);
        assertInstanceOf(SymbolicRecruiter.class, RouterFactory.recruiter(config(SkillSource.CATEGORY, RecruiterKind.SYMBOLIC), res));
        assertInstanceOf(TopKRecruiter.class, RouterFactory.recruiter(config(SkillSource.CATEGORY, RecruiterKind.TOP_K), res));
        assertInstanceOf(CompetenceWeightedRecruiter.class,
                RouterFactory.recruiter(config(SkillSource.CATEGORY, RecruiterKind.COMPETENCE_WEIGHTED), res));
        assertInstanceOf(CostAwareRecruiter.class, RouterFactory.recruiter(config(SkillSource.CATEGORY, RecruiterKind.COST_AWARE), res));
        assertInstanceOf(AdaptiveRecruiter.class, RouterFactory.recruiter(config(SkillSource.CATEGORY, RecruiterKind.ADAPTIVE), res));
    }

    @Test
    void categoryRouterRoutesByMetadataAndSetsTheTasksAggregator() {
        Router router = RouterFactory.create(config(SkillSource.CATEGORY, RecruiterKind.TOP_K),
                RouterResources.of(CATEGORY).withAggregators(Map.of("mmlu", "c")));
        assertInstanceOf(CategoryProfiler.class, router.profiler());
        var a = router.route(new Instance("1", "A limit question", MC, List.of(), Map.of("category", "Math")));
        assertEquals(List.of("a", "b"), a.experts().stream().map(e -> e.modelId()).toList());
        assertEquals("c", a.aggregatorId());
        assertEquals(List.of("c"), a.candidates());
    }

    @Test
    void keywordAndEmbeddingSourcesNeedTheirResources() {
        var kw = config(SkillSource.KEYWORDS, RecruiterKind.SYMBOLIC);
        var e = assertThrows(IllegalArgumentException.class, () -> RouterFactory.create(kw, RouterResources.of(CATEGORY)));
        assertTrue(e.getMessage().contains("generator"), e.getMessage());
        FakeGenerator gen = new FakeGenerator((p, prompt) -> "Keywords: math, math");
        assertInstanceOf(KeywordProfiler.class, RouterFactory.create(kw, RouterResources.of(CATEGORY).withKeywords(gen, null)).profiler());

        var emb = config(SkillSource.EMBEDDING, RecruiterKind.COMPETENCE_WEIGHTED);
        assertThrows(IllegalArgumentException.class, () -> RouterFactory.create(emb, RouterResources.of(CATEGORY)));
        TextEmbedder unit = new TextEmbedder() {
            public String modelId() { return "toy"; }
            public int dimension() { return 1; }
            public float[][] embed(List<String> t) { return t.stream().map(x -> new float[]{1}).toArray(float[][]::new); }
        };
        var index = new QuestionIndex("toy", List.of("1"), new float[][]{{1}});
        assertInstanceOf(NearestQuestionProfiler.class,
                RouterFactory.create(emb, RouterResources.of(CATEGORY).withEmbedding(unit, index)).profiler());
        assertThrows(IllegalArgumentException.class, () -> RouterFactory.create(emb, null));
    }

    @Test
    void keywordRouterEndToEndWithAFakeKeywordModel() {
        FakeGenerator gen = new FakeGenerator((p, prompt) -> "Keywords: Math., law");
        Router router = RouterFactory.create(config(SkillSource.KEYWORDS, RecruiterKind.TOP_K),
                RouterResources.of(CATEGORY).withKeywords(gen, null));
        var assignments = router.route(List.of(new Instance("1", "q", MC), new Instance("2", "r", MC)));
        assertEquals(2, assignments.size());
        // skills [math, law]: a = +2 − 1 = 1, b = 0 + 1 = 1, c = −2 + 1 = −1 → a, b (tie by global accuracy, then order)
        assertEquals(List.of("math", "law"), assignments.getFirst().skills().stream().map(s -> s.name()).toList());
        assertEquals(2, assignments.getFirst().experts().size());
        assertEquals(5, gen.calls.size());
    }
}
