package io.symoe.benchmarks.cost;

import io.symoe.core.AnswerFormat;
import io.symoe.core.RecruitedExpert;
import io.symoe.core.recorded.RecordedOutcome;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ExpertVoteTest {
    private static RecordedOutcome said(String text, boolean right) {
        return new RecordedOutcome(text, null, right ? 1 : 0, 0.001);
    }

    private static RecruitedExpert e(String m, double w) {
        return new RecruitedExpert(m, w);
    }

    @Test
    void multipleChoiceIsAMajorityVoteOverExtractedLetters() {
        ExpertVote vote = new ExpertVote(new AnswerFormat.MultipleChoice(4));
        assertEquals(Optional.of("B"), vote.letter(said("['B\\n']", false)));
        assertEquals(Optional.of("C"), vote.letter(said("['The answer is (C)']", false)));
        assertEquals(Optional.empty(), vote.letter(said("['I do']", false)));

        // Two wrong experts agreeing on B outvote the most competent one, who was right with A.
        Map<String, RecordedOutcome> out = Map.of("x", said("['A']", true), "y", said("['B']", false),
                "z", said("['B']", false));
        assertFalse(vote.correct(List.of(e("x", 3), e("y", 1), e("z", 1)), out));
        // Split votes: the larger summed weight wins.
        Map<String, RecordedOutcome> split = Map.of("x", said("['A']", true), "y", said("['B']", false));
        assertTrue(vote.correct(List.of(e("y", 1), e("x", 2)), split));
        // An abstainer has no vote; if everyone abstains, the most competent expert's grade counts.
        Map<String, RecordedOutcome> abstain = Map.of("x", said("['I do']", true), "y", said("['sorry']", false));
        assertTrue(vote.correct(List.of(e("y", 1), e("x", 2)), abstain));
        assertFalse(vote.correct(List.of(e("y", 3), e("x", 2)), abstain));
        // A model without a record cannot carry the answer.
        assertFalse(vote.correct(List.of(e("missing", 1)), Map.of()));
    }

    @Test
    void freeTextTrustsTheMostCompetentExpert() {
        ExpertVote vote = new ExpertVote(new AnswerFormat.FreeText());
        Map<String, RecordedOutcome> out = Map.of("x", said("def f(): return 1", true),
                "y", said("def f(): return 2", false), "z", said("def f(): return 2", false));
        assertTrue(vote.correct(List.of(e("y", 1), e("x", 3), e("z", 1)), out));
        assertFalse(vote.correct(List.of(e("y", 4), e("x", 3)), out));
    }

    @Test
    void routerBenchTextFindsTheQuestionAfterTheShots() {
        String prompt = "['Shot?\\nA) a\\nB) b\\nAnswer:\\nA\\n\\nReal question?\\nA) x\\nB) y\\nC) z\\nD) w\\nE) v\\nAnswer:']";
        String q = RouterBenchText.question(prompt);
        assertTrue(q.startsWith("Real question?"), q);
        assertEquals(5, RouterBenchText.options(q));
        assertEquals(0, RouterBenchText.options("Write a python function to add two numbers."));
    }
}
