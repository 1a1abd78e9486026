package io.symoe.aggregator.extract;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.symoe.testsupport.SharedData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BoxedAndFreeTextExtractorsTest {
    final AnswerExtractor strictInt = new BoxedAnswerExtractor(ExtractionMode.STRICT, true);
    final AnswerExtractor parityInt = new BoxedAnswerExtractor(ExtractionMode.PAPER_PARITY, true);

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
            "The answer is \\boxed{080}.                         | 80",
            "First \\boxed{12}, then corrected: \\boxed{204}     | 204",
            "So $\\boxed{ 33 }$                                  | 33",
            "\\fbox{7}                                           | 7",
            "\\boxed{1{,}000}                                    | 1000",
            "\\boxed{1,000}                                      | 1000",
            "\\boxed{\\text{025}}                                | 25",
            "\\boxed{0}                                          | 0",
            "\\boxed{-007}                                       | -7",
            "The answer is \\boxed 5$ done                       | 5",
    })
    void boxedIntegersAreNormalised(String text, String expected) {
        Extraction e = strictInt.extract(text);
        assertEquals(Optional.of(expected), e.answer());
        assertEquals(ExtractionRule.BOXED, e.rule());
    }

    @Test
    void bracesBalanceAndNonIntegersStayAsWritten() {
        assertEquals("\\frac{1}{2}", BoxedAnswerExtractor.lastBoxedContent("x \\boxed{\\frac{1}{2}} y"));
        assertEquals(Optional.of("\\frac{1}{2}"), strictInt.extract("\\boxed{\\frac{1}{2}}").answer());
        assertEquals(Optional.of("x^{2}"),
                new BoxedAnswerExtractor(ExtractionMode.STRICT, false).extract("\\boxed{x^{2}}").answer());
        // An escaped brace does not close the box.
        assertEquals("\\{1\\}", BoxedAnswerExtractor.lastBoxedContent("\\boxed{\\{1\\}}"));
    }

    @Test
    void anUnclosedLastBoxFallsBackToTheEarlierClosedOne() {
        assertEquals("17", BoxedAnswerExtractor.lastBoxedContent("\\boxed{17} and then \\boxed{1"));
        assertNull(BoxedAnswerExtractor.lastBoxedContent("truncated \\boxed{12"));
    }

    @Test
    void noBoxIsNoAnswerStrictlyAndTheWholeTextUnderParity() {
        String text = "I believe the result is 42.";
        assertEquals(Extraction.NONE, strictInt.extract(text));
        Extraction p = parityInt.extract(text);
        assertEquals(Optional.of(text), p.answer());
        assertEquals(ExtractionRule.WHOLE_TEXT, p.rule());
        assertTrue(p.fallback());
    }

    @Test
    void boxesInsideTheReasoningTraceDoNotCount() {
        assertEquals(Optional.of("5"), strictInt.extract("<think>\\boxed{4}? no</think> so \\boxed{5}").answer());
        assertEquals(Extraction.NONE, strictInt.extract("<think>\\boxed{4}</think> I give up"));
    }

    @Test
    void aimeGoldAnswersRoundTripThroughTheNormaliser() throws Exception {
        Path test = SharedData.require("data/symbolic-moe/AIME24_test.json");
        Path train = test.resolveSibling("AIME24_train.json");
        ObjectMapper mapper = new ObjectMapper();
        int n = 0;
        int multi = 0;
        for (Path p : new Path[]{test, train}) {
            if (!Files.exists(p)) {
                continue;
            }
            for (JsonNode rec : mapper.readTree(p.toFile())) {
                String gold = rec.get("gold_answer").asText();
                // One training record accepts two answers: "080 or 081 (both were accepted)"; each must normalise.
                var accepted = java.util.regex.Pattern.compile("\\d+").matcher(gold).results()
                        .map(m -> m.group()).toList();
                assertTrue(!accepted.isEmpty(), "gold without an integer: " + gold);
                if (accepted.size() > 1) {
                    multi++;
                }
                for (String one : accepted) {
                    int value = Integer.parseInt(one);
                    assertTrue(value >= 0 && value <= 999, "AIME answers are 0..999: " + gold);
                    // A model may box it plainly, zero-padded to three digits, or in math mode.
                    for (String written : new String[]{one, String.format("%03d", value), "$" + one + "$"}) {
                        assertEquals(Optional.of(String.valueOf(value)),
                                strictInt.extract("Hence \\boxed{" + written + "}.").answer(), written);
                    }
                }
                n++;
            }
        }
        assertEquals(1, multi, "records accepting several answers");
        assertTrue(n >= 384 || n == 30, "read " + n + " AIME records");
    }

    @Test
    void freeTextNormalisesForComparison() {
        AnswerExtractor free = new FreeTextExtractor();
        assertEquals(Optional.of("paris"), free.extract("  Paris. ").answer());
        assertEquals(free.extract("The  capital is\nParis").answer(), free.extract("the capital is Paris.").answer());
        assertEquals(Optional.of("42"), free.extract("long reasoning \\boxed{42}").answer());
        assertEquals(Extraction.NONE, free.extract("  "));
        assertEquals(Optional.of("ok"), free.extract("<think>hmm</think>OK").answer());
    }

    @Test
    void reasoningTraceKeepsTextWithoutATag() {
        assertEquals("abc", ReasoningTrace.afterThinking("abc"));
        assertEquals(" b", ReasoningTrace.afterThinking("<think>a</think>x</think> b"));
        assertEquals("", ReasoningTrace.afterThinking(null));
    }
}
