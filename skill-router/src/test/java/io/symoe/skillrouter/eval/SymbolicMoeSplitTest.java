package io.symoe.skillrouter.eval;

import io.symoe.core.recorded.RecordedDataset;
import io.symoe.core.recorded.RecordedOutcome;
import io.symoe.core.recorded.RecordedQuestion;
import io.symoe.testsupport.SharedData;
import io.symoe.modelpool.recorded.MmluProOutputsReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

class SymbolicMoeSplitTest {

    private static RecordedQuestion q(String id, String text, List<String> options) {
        return new RecordedQuestion(id, text, options, "A", "math",
                Map.of("m", new RecordedOutcome("t", "A", 1, 0)));
    }

    @Test
    void matchesByStemAndOptionsWithTheReplayServicesMatcher(@TempDir Path dir) throws Exception {
        var data = new RecordedDataset("t", List.of("m"), List.of(
                q("1", "What  is 2+2?", List.of("3", "4")),
                q("2", "Same stem", List.of("a", "b")),
                q("3", "same   STEM", List.of("c", "d"))), 0);
        Files.writeString(dir.resolve("MMLU_Pro_train.json"), """
                [{"question": "what is 2+2? The options are: (A) 3 (B) 4", "gold_answer": "B"}]""");
        Files.writeString(dir.resolve("MMLU_Pro_test.json"), """
                [{"question": "Same stem The options are: (A) c (B) d", "gold_answer": "A"},
                 {"question": "Unknown question The options are: (A) x (B) y", "gold_answer": "A"},
                 {"question": "Same stem", "gold_answer": "A"}]""");
        SymbolicMoeSplit split = SymbolicMoeSplit.load(dir, data);
        assertEquals(List.of("1"), split.profileIds());
        assertEquals(List.of("3"), split.evalIds());
        assertEquals(1, split.unmatched());
        assertEquals(1, split.ambiguous(), "a shared stem without options is counted, not guessed");
    }

    @Test
    void realPaperSplitMatches2099Of2100() {
        Path outputs = SharedData.require("data/mmlu-pro-outputs");
        Path split = SharedData.require("data/symbolic-moe");
        RecordedDataset d = MmluProOutputsReader.read(outputs,
                MmluProOutputsReader.Options.OUTCOMES_ONLY.only(m -> m.equals("Yi-6B")));
        SymbolicMoeSplit s = SymbolicMoeSplit.load(split, d);
        assertEquals(350, s.profileIds().size());
        assertEquals(2099, s.evalIds().size(), "the issue's independent count: 2 099 of 2 100 test questions match");
        assertEquals(1, s.unmatched());
        // The paper's test file repeats a few questions; they keep their weight in the score, as in the paper.
        assertEquals(2095, new HashSet<>(s.evalIds()).size());
    }
}
