package io.symoe.benchmarks.replay;

import io.symoe.core.config.SkillSource;
import io.symoe.core.recorded.RecordedDataset;
import io.symoe.core.recorded.RecordedQuestion;
import io.symoe.modelpool.recorded.MmluProOutputsReader;
import io.symoe.skillrouter.adaptive.StopLearner;
import io.symoe.skillrouter.eval.Pools;
import io.symoe.testsupport.SharedData;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The adaptive-k curves cross-validated on a real subset of ../shared (the first 1 200 recorded questions, the
 * small pool, category skills so no embedding is needed): the learned rows keep their call targets on held-out
 * folds, the gain rules call more as a right answer is worth more, and every point has a $ axis from the built-in
 * prices. Skips without ../shared.
 */
class AdaptiveCurvesRealDataTest {

    @Test
    void learnedRowsAndCostCurvesOnRealRecordings() {
        RecordedDataset all = MmluProOutputsReader.read(SharedData.require("data/mmlu-pro-outputs"),
                MmluProOutputsReader.Options.OUTCOMES_ONLY);
        List<RecordedQuestion> subset = all.questions().subList(0, 1200);
        RecordedDataset data = new RecordedDataset(all.source(), all.models(), subset, 0);
        List<String> ids = subset.stream().map(RecordedQuestion::id).toList();
        var base = new ReplaySetup(data, new LinkedHashSet<>(ids), data, ids, Pools.SMALL, SkillSource.CATEGORY, 3,
                "majority-vote", null);
        var report = CrossValidation.run(base, List.of(ReplayRouters.byName("topk-vote")), "small",
                new CrossValidation.Settings(5, 1, 1, 1, 6), done -> { }, ModelPrices.builtIn());

        Map<String, CrossValidation.Row> rows = report.rows().stream()
                .collect(Collectors.toMap(CrossValidation.Row::router, r -> r, (a, b) -> a, LinkedHashMap::new));
        CrossValidation.Row learned = rows.get(AdaptiveCurves.LEARNED);
        assertEquals(5, learned.chosen().size(), "one threshold learned per fold: " + rows.keySet());
        // Learned on an inner split for 0.6 × 3 calls; held out it may drift a little, not by a whole call.
        assertTrue(learned.callsMean() <= StopLearner.defaultTargetCalls(3) + 0.3, "calls " + learned.callsMean());
        assertTrue(rows.get(AdaptiveCurves.CALIBRATED).callsMean() <= 3.3);
        assertEquals(5, report.chosenScale().size());
        report.chosenScale().forEach(b -> assertTrue(StopLearner.SCALES.contains(b), "scale " + b));

        double[] gainCalls = report.frontier().stream().filter(p -> p.router().equals("sequential-gain"))
                .mapToDouble(CrossValidation.FrontierPoint::callsMean).toArray();
        assertEquals(AdaptiveCurves.VALUES.size(), gainCalls.length);
        for (int i = 1; i < gainCalls.length; i++) {
            assertTrue(gainCalls[i] >= gainCalls[i - 1] - 1e-12, "a right answer worth more buys more calls: "
                    + java.util.Arrays.toString(gainCalls));
        }
        ModelPrices prices = ModelPrices.builtIn();
        for (CrossValidation.FrontierPoint p : report.frontier()) {
            assertTrue(Double.isFinite(p.costMean()), "a $ axis for " + p);
            if (p.router().equals("best-single")) {
                double cheapest = Pools.SMALL.stream().mapToDouble(prices::of).min().orElseThrow();
                assertTrue(p.costMean() >= cheapest - 1e-12);
            }
        }
        // Fewer calls cost less: the k-curve of topk-vote is priced by the models it calls.
        var topk = report.frontier().stream().filter(p -> p.router().equals("topk-vote")).toList();
        for (int i = 1; i < topk.size(); i++) {
            assertTrue(topk.get(i).costMean() > topk.get(i - 1).costMean());
        }
    }
}
