package io.symoe.skillrouter.eval;

import io.symoe.core.Assignment;
import io.symoe.core.config.RecruiterKind;
import io.symoe.core.config.SkillSource;
import io.symoe.core.recorded.RecordedDataset;
import io.symoe.core.recorded.RecordedQuestion;
import io.symoe.testsupport.SharedData;
import io.symoe.modelpool.recorded.MmluProOutputsReader;
import io.symoe.skillrouter.RouterFactory;
import io.symoe.skillrouter.RouterResources;
import io.symoe.skillrouter.cli.RouteEvalCommand;
import io.symoe.skillrouter.embedding.CachingEmbedder;
import io.symoe.skillrouter.profile.SkillProfiles;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Routing on the real MMLU-Pro outputs in ../shared (read-only; skipped when absent). Profiles come from one
 * split and route the other; the numbers are printed so a run shows them.
 */
class RecordedRoutingTest {
    private static RecordedDataset dataset;

    private static synchronized RecordedDataset dataset() {
        Path dir = SharedData.require("data/mmlu-pro-outputs");
        if (dataset == null) {
            dataset = MmluProOutputsReader.read(dir, MmluProOutputsReader.Options.OUTCOMES_ONLY);
        }
        return dataset;
    }

    @Test
    void paperSplitCategoryProfilesRouteTheTestSplitNearThePapersNumbers() {
        Path paper = SharedData.require("data/symbolic-moe/MMLU_Pro_train.json").getParent();
        RecordedDataset ds = dataset();
        Split split = Split.paper(ds, paper.resolve("MMLU_Pro_train.json"), paper.resolve("MMLU_Pro_test.json"));
        assertEquals(350, split.profile().size());
        assertTrue(split.eval().size() >= 2090, "the paper's 2 100 test questions, less unmatched/overlapping ones");

        List<String> full = Pools.resolve("full", ds.models());
        RoutingEvaluation eval = new RoutingEvaluation(ds, full, split, null);
        SkillProfiles profiles = eval.profiles(SkillSource.CATEGORY);
        System.out.println("paper split, full pool, category profiles: " + profiles.coverage());
        assertEquals(350, profiles.coverage().questions());
        assertEquals(14, profiles.coverage().skills());
        assertEquals(1.0, profiles.coverage().density(), 1e-9, "all 28 models answer every profile question");

        var fullSymbolic = eval.evaluate(RoutingEvaluation.config(SkillSource.CATEGORY, RecruiterKind.SYMBOLIC, 3, 1));
        var smallSymbolic = new RoutingEvaluation(ds, Pools.SMALL, split, null)
                .evaluate(RoutingEvaluation.config(SkillSource.CATEGORY, RecruiterKind.SYMBOLIC, 3, 1));
        System.out.println("paper split: " + fullSymbolic + " | small: " + smallSymbolic);
        // The paper's replay numbers for this method: 67.99 (full) / 44.85 (small); sampling noise ~±1.5.
        assertEquals(0.6799, fullSymbolic.accuracy(), 0.025);
        assertEquals(0.4485, smallSymbolic.accuracy(), 0.025);
        assertEquals(3.0, fullSymbolic.meanCalls(), 1e-9);
    }

    @Test
    void embeddingProfilesFromOneSplitRouteTheOtherAndBeatThePapersSampling() {
        RecordedDataset all = dataset();
        // A fixed 3 000-question subsample keeps a cold run (no embedding cache yet) well under a minute.
        List<RecordedQuestion> qs = new ArrayList<>(all.questions());
        Collections.shuffle(qs, new Random(5));
        RecordedDataset ds = new RecordedDataset(all.source() + " (3000 subsample)", all.models(), qs.subList(0, 3000), 0);
        Map<String, float[]> emb = RouteEvalCommand.embed(ds, CachingEmbedder.defaultDir());
        Split split = Split.random(ds, 0.8, 1);
        RoutingEvaluation eval = new RoutingEvaluation(ds, Pools.SMALL, split, emb);

        SkillProfiles profiles = eval.profiles(SkillSource.EMBEDDING);
        assertEquals(2400, profiles.coverage().questions());
        assertEquals(2400, profiles.skills().size(), "one skill per profile question");
        // Assignments for questions the profiles never saw: 3 distinct experts, skills are profile questions.
        var router = RouterFactory.create(RoutingEvaluation.config(SkillSource.EMBEDDING, RecruiterKind.COMPETENCE_WEIGHTED, 3, 1),
                RouterResources.of(profiles).withEmbedding(
                        new io.symoe.skillrouter.embedding.PrecomputedEmbedder(io.symoe.skillrouter.embedding.MiniLmEmbedder.MODEL_ID,
                                ds.questions().stream().map(RecordedQuestion::text).toList(),
                                ds.questions().stream().map(q -> emb.get(q.id())).toArray(float[][]::new), null),
                        indexOf(split.profile(), emb)));
        RecordedQuestion unseen = ds.byId().get(split.eval().iterator().next());
        Assignment a = router.route(RoutingEvaluation.instance(unseen));
        assertEquals(3, a.distinctModels().size());
        assertEquals(Pools.SMALL.size() - 3, a.candidates().size());
        Set<String> profileSkills = profiles.skills();
        assertTrue(a.skills().stream().allMatch(s -> profileSkills.contains(s.name())));

        var topk = eval.topkVote(3);
        var paper = eval.evaluate(RoutingEvaluation.config(SkillSource.CATEGORY, RecruiterKind.SYMBOLIC, 3, 1));
        var knn = eval.evaluate(RoutingEvaluation.config(SkillSource.EMBEDDING, RecruiterKind.COMPETENCE_WEIGHTED, 3, 1));
        System.out.println(topk + "\n" + paper + "\n" + knn);
        assertEquals(600, knn.questions());
        // Measured on this subsample: kNN competence-weighted clearly above the paper's sampling recruiter.
        assertTrue(knn.accuracy() > paper.accuracy() + 0.02, knn + " vs " + paper);
        assertTrue(knn.accuracy() >= topk.accuracy() - 0.01, knn + " vs " + topk);
    }

    private static io.symoe.skillrouter.embedding.QuestionIndex indexOf(Set<String> ids, Map<String, float[]> emb) {
        List<String> list = List.copyOf(ids);
        return new io.symoe.skillrouter.embedding.QuestionIndex(io.symoe.skillrouter.embedding.MiniLmEmbedder.MODEL_ID,
                list, list.stream().map(emb::get).toArray(float[][]::new));
    }
}
