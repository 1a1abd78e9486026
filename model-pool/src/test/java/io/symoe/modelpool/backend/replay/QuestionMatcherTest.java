package io.symoe.modelpool.backend.replay;

import io.symoe.core.recorded.RecordedQuestion;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

class QuestionMatcherTest {
    private static RecordedQuestion q(String id, String text, String... options) {
        return new RecordedQuestion(id, text, List.of(options), "A", "math", Map.of());
    }

    private static final List<RecordedQuestion> RECORDED = List.of(
            q("1", "What is the value of x+1 when x = 2?", "3", "1", "2"),
            q("2", "What is the value of x-1 when x = 2?", "3", "1", "2"),
            // Two questions sharing a stem, told apart by their options only.
            q("3", "Which of these is a prime number?", "4", "6", "7"),
            q("4", "Which of these is a prime number?", "9", "11", "15"),
            // An exact duplicate under another id, as MMLU-Pro has ~100 of.
            q("5", "Typical advertising regulatory bodies suggest that adverts must not: encourage _________.", "safe practices", "unsafe practices"),
            q("6", "Typical advertising regulatory bodies suggest that adverts must not: encourage _________.", "safe practices", "unsafe practices"),
            q("7", "Studies into the etiology of schizophrenia point to which factor?", "Dopamine excess", "Lifestyle"));
    private final QuestionMatcher matcher = QuestionMatcher.of(RECORDED);

    private String found(String asked) {
        return assertInstanceOf(QuestionMatch.Found.class, matcher.match(asked), asked).question().id();
    }

    @Test
    void theStemAloneMatchesDespiteCaseSpacingAndPunctuation() {
        assertEquals("1", found("what is the value of   x+1 when x = 2"));
        assertEquals("7", found("  Studies into the etiology of Schizophrenia point to which factor ? "));
    }

    @Test
    void mathsSymbolsAreKeptSoNearTwinsStayApart() {
        assertEquals("2", found("What is the value of x-1 when x = 2?"));
        assertInstanceOf(QuestionMatch.Unrecorded.class, matcher.match("What is the value of x*1 when x = 2?"));
    }

    @Test
    void everyUsualLayoutOfTheOptionsMatches() {
        List<String> layouts = List.of(
                "Which of these is a prime number? The options are: (A) 9 (B) 11 (C) 15",
                "Which of these is a prime number? (A) 9 (B) 11 (C) 15",
                "Which of these is a prime number?\nA. 9\nB. 11\nC. 15",
                "Which of these is a prime number?\nA) 9\nB) 11\nC) 15\n",
                "Which of these is a prime number?\n\nOptions:\nA: 9\nB: 11\nC: 15");
        for (String asked : layouts) {
            QuestionMatch.Found f = assertInstanceOf(QuestionMatch.Found.class, matcher.match(asked), asked);
            assertEquals("4", f.question().id(), asked);
            assertEquals(QuestionMatch.How.WITH_OPTIONS, f.how(), asked);
        }
    }

    @Test
    void aSharedStemWithoutOptionsIsAmbiguousAndNamesTheCandidates() {
        QuestionMatch.Ambiguous a = assertInstanceOf(QuestionMatch.Ambiguous.class,
                matcher.match("Which of these is a prime number?"));
        assertEquals(List.of("3", "4"), a.candidates().stream().map(RecordedQuestion::id).toList());
        String message = a.message("recordings/");
        assertTrue(message.contains("question 3 with options (A) 4 (B) 6 (C) 7"), message);
        assertTrue(message.contains("question 4 with options (A) 9 (B) 11 (C) 15"), message);
        assertTrue(message.contains("Send the question with its options"), message);
    }

    @Test
    void identicalRecordedCopiesAreOneQuestionServedByTheFirst() {
        QuestionMatch.Found f = assertInstanceOf(QuestionMatch.Found.class, matcher.match(
                "Typical advertising regulatory bodies suggest that adverts must not: encourage _________."));
        assertEquals("5", f.question().id());
        assertEquals(List.of("6"), f.copies().stream().map(RecordedQuestion::id).toList());
    }

    @Test
    void optionsAgreeingOnlyInPartStillFindTheirStem() {
        // The paper's copy of a question can carry more options than the recording kept.
        QuestionMatch.Found f = assertInstanceOf(QuestionMatch.Found.class, matcher.match(
                "Studies into the etiology of schizophrenia point to which factor? The options are:"
                        + " (A) Dopamine excess (B) Lifestyle (C) Diet"));
        assertEquals("7", f.question().id());
        assertEquals(QuestionMatch.How.PARTIAL_OPTIONS, f.how());
        // The same stem with options that are not the recorded ones is not that question.
        assertInstanceOf(QuestionMatch.Unrecorded.class, matcher.match(
                "Studies into the etiology of schizophrenia point to which factor? (A) Sunlight (B) Diet"));
    }

    @Test
    void anInstructionLineOrQuestionLabelBeforeTheQuestionIsSkipped() {
        assertEquals("4", found("Answer the following multiple choice question.\n"
                + "Question: Which of these is a prime number?\n(A) 9 (B) 11 (C) 15\nAnswer:"));
        assertEquals("1", found("Question: What is the value of x+1 when x = 2?"));
    }

    @Test
    void anUnrecordedQuestionSaysWhatWasLookedForAndWhatToDo() {
        QuestionMatch.Unrecorded u = assertInstanceOf(QuestionMatch.Unrecorded.class, matcher.match(
                "What is the airspeed velocity of an unladen swallow, in metres per second, roughly speaking today?"));
        String message = u.message("../shared/data/mmlu-pro-outputs");
        assertTrue(message.contains("\"What is the airspeed velocity of an unladen swallow, in metres per second,"
                + " roughly …\""), message);
        assertTrue(message.contains("serves only the questions it recorded"), message);
        assertTrue(message.contains("start without --replay, with a config whose pool lists backends and models"), message);
    }
}
