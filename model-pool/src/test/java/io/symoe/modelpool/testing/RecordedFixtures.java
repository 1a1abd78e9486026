package io.symoe.modelpool.testing;

import io.symoe.core.recorded.RecordedDataset;
import io.symoe.core.recorded.RecordedOutcome;
import io.symoe.core.recorded.RecordedQuestion;

import java.util.List;
import java.util.Map;

/** A tiny recorded dataset in the neutral shape, for replay tests that need no shared data. */
public final class RecordedFixtures {
    private RecordedFixtures() {}

    public static RecordedDataset small() {
        return new RecordedDataset("fixture", List.of("alpha", "beta", "gamma"), List.of(
                question("q1", "What is 2 + 2?", "math", "B",
                        Map.of("alpha", out("2 + 2 = 4, so the answer is (B).", "B", 1),
                                "beta", out("I think the answer is (C).", "C", 0),
                                "gamma", out("Four. The answer is (B).", "B", 1))),
                question("q2", "Which gas do plants absorb?", "biology", "A",
                        Map.of("alpha", out("Carbon dioxide: the answer is (A).", "A", 1),
                                "beta", out("Plants absorb CO2 during photosynthesis, which releases oxygen as a by-product. The answer is (A).", "A", 1),
                                "gamma", out("Oxygen. The answer is (B).", "B", 0))),
                question("q3", "Who wrote Hamlet?", "literature", "D",
                        Map.of("alpha", out("Shakespeare, (D).", "D", 1)))
        ), 0);
    }

    private static RecordedQuestion question(String id, String text, String category, String gold, Map<String, RecordedOutcome> outcomes) {
        return new RecordedQuestion(id, text, List.of("a", "b", "c", "d"), gold, category, outcomes);
    }

    private static RecordedOutcome out(String text, String prediction, double score) {
        return new RecordedOutcome(text, prediction, score, 0);
    }
}
