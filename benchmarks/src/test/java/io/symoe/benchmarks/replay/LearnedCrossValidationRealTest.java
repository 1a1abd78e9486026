package io.symoe.benchmarks.replay;

import io.symoe.core.config.SkillSource;
import io.symoe.core.recorded.RecordedDataset;
import io.symoe.core.recorded.RecordedQuestion;
import io.symoe.modelpool.recorded.MmluProOutputsReader;
import io.symoe.skillrouter.embedding.CachingEmbedder;
import io.symoe.skillrouter.embedding.MiniLmEmbedder;
import io.symoe.skillrouter.eval.Pools;
import io.symoe.testsupport.SharedData;
import org.junit.jupiter.api.Test;

import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The cross-validated {@code default} row (the learned aggregator over default-vote's experts) on a real subset of ../shared (1 200 questions, six of the small
 * pool's models, with their reasoning texts): structural truths of a learned choice among default's experts,
 * which a bug in the folds or the features would break.
 */
class LearnedCrossValidationRealTest {

    @Test
    void learnedRowChoosesAmongDefaultsExpertsOnHeldOutFolds() {
        Set<String> six = new LinkedHashSet<>(Pools.resolve("small",
                MmluProOutputsReader.read(SharedData.require("data/mmlu-pro-outputs"),
                        MmluProOutputsReader.Options.OUTCOMES_ONLY).models()).subList(0, 6));
        RecordedDataset all = MmluProOutputsReader.read(SharedData.require("data/mmlu-pro-outputs"),
                MmluProOutputsReader.Options.ALL.only(six::contains));
        List<RecordedQuestion> subset = all.questions().stream().sorted(Comparator.comparing(RecordedQuestion::id))
                .limit(1200).toList();
        RecordedDataset data = new RecordedDataset(all.source(), all.models(), subset, 0);
        Map<String, float[]> vectors = new LinkedHashMap<>();
        try (MiniLmEmbedder minilm = new MiniLmEmbedder()) {
            List<String> texts = subset.stream().map(RecordedQuestion::text).distinct().toList();
            float[][] v = new CachingEmbedder(minilm, CachingEmbedder.defaultDir()).embed(texts);
            for (int i = 0; i < texts.size(); i++) {
                vectors.put(texts.get(i), v[i]);
            }
        }
        List<String> ids = subset.stream().map(RecordedQuestion::id).toList();
        var setup = new ReplaySetup(data, new LinkedHashSet<>(ids), data, ids, List.copyOf(six), SkillSource.EMBEDDING,
                3, "majority-vote", vectors);
        var report = CrossValidation.run(setup, List.of(ReplayRouters.byName("topk-vote"),
                ReplayRouters.byName("default"), ReplayRouters.byName("default-vote")), "six", new CrossValidation.Settings(5, 1, 0, 1, 6), done -> { });

        Map<String, Double> frontier = new LinkedHashMap<>();
        report.frontier().forEach(p -> frontier.put(p.router() + "@" + (int) p.value(), p.accuracyMean()));
        assertEquals(frontier.get("default-vote@1"), frontier.get("default@1"), 1e-9,
                "one expert leaves one candidate: the learned choice is default's first expert's answer");
        assertTrue(frontier.get("default@3") <= frontier.get("team-oracle@3") + 1e-9,
                "it only picks among the three experts' answers: " + frontier);
        var learned = report.rows().stream().filter(r -> r.router().equals("default")).findFirst()
                .orElseThrow();
        assertEquals(5, learned.accuracy().length);
        assertEquals(3.0, learned.callsMean(), 1e-9);
        // Trained on ~960 questions per fold it must at least hold the vote's level over the same experts.
        assertTrue(frontier.get("default@3") > frontier.get("default-vote@3") - 2.0, "learned vs vote: " + frontier);
    }
}
