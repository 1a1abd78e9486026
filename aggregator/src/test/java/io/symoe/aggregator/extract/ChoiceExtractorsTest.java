package io.symoe.aggregator.extract;

import io.symoe.core.AnswerFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ChoiceExtractorsTest {
    static final AnswerFormat.MultipleChoice TEN = new AnswerFormat.MultipleChoice(10);
    static final AnswerFormat.MultipleChoice FOUR = new AnswerFormat.MultipleChoice(4);

    final AnswerExtractor strict = new StrictChoiceExtractor(TEN);
    final AnswerExtractor parity = new PaperParityChoiceExtractor(TEN);

    static Optional<String> answer(AnswerExtractor x, String text) {
        return x.extract(text).answer();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
            "Step by step... The answer is (C).                 | C",
            "So the answer is C.                                 | C",
            "Answer: B                                           | B",
            "answer: (J)                                         | J",
            "The final answer is: (D)                            | D",
            "THE ANSWER IS (E)                                   | E",
            "The answer is (A). On reflection the answer is (G). | G",
            "The answer is \\(\\boxed{D}\\).                     | D",
            "The answer is \\( \\boxed{F} \\).                   | F",
            "**Answer:** **C**                                   | C",
            "The answer is $\\boxed{\\text{(H)}}$                 | H",
    })
    void strictTakesTheLastExplicitAnswerPhrase(String text, String expected) {
        Extraction e = strict.extract(text);
        assertEquals(Optional.of(expected), e.answer());
        assertEquals(ExtractionRule.ANSWER_PHRASE, e.rule());
        assertFalse(e.fallback());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
            "I think (B) is plausible but (C) too.",
            "The answer is Alice.",
            "Answer: 42",
            "The answer is (K).",
            "No letters here at all",
            "\"\"",
    })
    void strictGivesNoAnswerWithoutAnExplicitPhrase(String text) {
        Extraction e = strict.extract(text);
        assertEquals(Extraction.NONE, e);
        assertEquals(ExtractionRule.NONE, e.rule());
    }

    @Test
    void strictRespectsTheOptionRange() {
        AnswerExtractor four = new StrictChoiceExtractor(FOUR);
        assertEquals(Optional.empty(), answer(four, "The answer is (E)."));
        assertEquals(Optional.of("D"), answer(four, "The answer is (D)."));
    }

    @Test
    void strictIgnoresAnInventedFollowUpQuestion() {
        // A 5-shot base model answering, then inventing the next exemplar (seen in the recorded Llama-3 runs).
        String text = " So we need 300 lumens. The answer is (B).\n\nQuestion:\nA 1000 W motor has a slip of 5%."
                + "\nOptions:\nA. 50 Hz\nB. 10 Hz\nAnswer: Let's think step by step. ... The answer is (E).";
        assertEquals(Optional.of("B"), answer(strict, text));
        // A response that restates the question first is read whole.
        assertEquals(Optional.of("D"), answer(strict, "Let me restate.\nQuestion: which motor?\nThe answer is (D)."));
    }

    @Test
    void strictAndParityReadOnlyAfterTheLastThinkTag() {
        String text = "<think>Maybe the answer is (A)... no, (B)) hmm</think>\nThe answer is (C).";
        assertEquals(Optional.of("C"), answer(strict, text));
        assertEquals(Optional.of("C"), answer(parity, text));
        assertEquals(Optional.empty(), answer(strict, "<think>the answer is (A)</think> I cannot decide."));
    }

    @Test
    void parityTakesTheLastLetterBeforeAParenthesis() {
        Extraction e = parity.extract("Option (A) is wrong, (D) is right, so D) it is. Also see E.");
        assertEquals(Optional.of("D"), e.answer());
        assertEquals(ExtractionRule.LETTER_PAREN, e.rule());
        assertFalse(e.fallback());
    }

    @Test
    void parityFallsBackToTheLastCapitalLetterInRange() {
        // No "X)" anywhere: the paper's second findall takes the last capital in A..J anywhere, even inside words.
        Extraction e = parity.extract("Therefore I choose option Big");
        assertEquals(Optional.of("B"), e.answer());
        assertEquals(ExtractionRule.ANY_LETTER, e.rule());
        assertTrue(e.fallback());
        assertEquals(Optional.of("I"), answer(parity, "I think so."));
        assertEquals(Optional.empty(), answer(parity, "no capitals in range: xyz KLM"));
    }

    @Test
    void parityReproducesThePipeQuirkOnlyUnderParity() {
        // '[A|B|C|...]' in the paper's regex also matches '|', so a table row ending in "|)" answers "|".
        String table = "The answer is (C).\n| value | (x|)";
        assertEquals(Optional.of("|"), answer(parity, table));
        assertEquals(Optional.of("C"), answer(strict, table));
        assertEquals(Optional.of("|"), answer(parity, "a | b"));
        assertEquals(Optional.empty(), answer(strict, "a | b"));
    }

    @Test
    void parityRespectsTheOptionRange() {
        AnswerExtractor four = new PaperParityChoiceExtractor(FOUR);
        assertEquals(Optional.of("B"), answer(four, "B) or E) or F)"));
    }

    @Test
    void harnessRuleTakesTheFirstAnswerIsThenAnswerColonThenAStandaloneLetter() {
        AnswerExtractor h = new MmluProHarnessExtractor();
        assertEquals(Optional.of("A"), answer(h, "The answer is (A). Later: the answer is (B)."));
        // Second rule: the last "Answer: X" on the first line that has one.
        assertEquals(Optional.of("C"), answer(h, "x Answer: B then answer: C\nAnswer: D"));
        Extraction e = h.extract("I pick E, not F1 or xG.");
        assertEquals(Optional.of("E"), e.answer());
        assertEquals(ExtractionRule.ANY_LETTER, e.rule());
        assertEquals(Optional.empty(), answer(h, "nothing"));
    }

    @Test
    void harnessSecondRuleIsLinearOnLongLines() {
        // The literal Python regex ".*[aA]nswer:" backtracks quadratically on long lines; ours must not.
        String longLine = "x".repeat(2_000_000) + " Answer: H";
        assertEquals(Optional.of("H"), answer(new MmluProHarnessExtractor(), longLine));
    }

    @Test
    void factoryPicksByFormatAndMode() {
        assertTrue(AnswerExtractors.forFormat(TEN, ExtractionMode.STRICT) instanceof StrictChoiceExtractor);
        assertTrue(AnswerExtractors.forFormat(TEN, ExtractionMode.PAPER_PARITY) instanceof PaperParityChoiceExtractor);
        assertTrue(AnswerExtractors.forFormat(new AnswerFormat.IntegerAnswer(), ExtractionMode.STRICT)
                instanceof BoxedAnswerExtractor);
        assertTrue(AnswerExtractors.forFormat(new AnswerFormat.FreeText(), ExtractionMode.STRICT)
                instanceof FreeTextExtractor);
    }

    @Test
    void tallyCountsRulesAndFallbacks() {
        ExtractionTally tally = new ExtractionTally();
        AnswerExtractor counted = tally.recording(parity);
        counted.extract("(A) and B)");
        counted.extract("just Fine");
        counted.extract("nothing");
        assertEquals(3, tally.total());
        assertEquals(1, tally.count(ExtractionRule.LETTER_PAREN));
        assertEquals(1, tally.count(ExtractionRule.ANY_LETTER));
        assertEquals(1, tally.none());
        assertEquals(1, tally.fallbacks());
        assertEquals(1.0 / 3, tally.fallbackRate(), 1e-12);
    }
}
