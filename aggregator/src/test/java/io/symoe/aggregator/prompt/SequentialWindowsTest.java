package io.symoe.aggregator.prompt;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class SequentialWindowsTest {
    @ParameterizedTest
    @CsvSource({"1,1,1", "6,6,1", "6,10,1", "6,3,2", "7,3,3", "6,1,6", "64,5,13"})
    void stepCountIsCeilOfNOverW(int n, int w, int steps) {
        SequentialWindows sw = SequentialWindows.inOrder(n, w);
        assertEquals(steps, sw.stepCount());
        assertEquals(n, sw.steps().stream().mapToInt(List::size).sum(), "every sample fed exactly once");
        sw.steps().forEach(s -> assertEquals(true, s.size() >= 1 && s.size() <= w));
    }

    @Test
    void windowsFollowTheGivenOrder() {
        SequentialWindows sw = SequentialWindows.over(List.of(4, 2, 0, 1, 3), 2);
        assertEquals(List.of(List.of(4, 2), List.of(0, 1), List.of(3)), sw.steps());
        assertEquals(List.of(4, 2, 0, 1, 3), sw.order());
    }

    @Test
    void windowForBudgetsOutputCarriedSynthesisFixedTextAndSamples() {
        // 8192 - 2 x 1024 - 144 = 6000 -> 6000 / 1000 = 6 samples.
        assertEquals(6, SequentialWindows.windowFor(8192, 1024, 144, 1000, 10));
        assertEquals(4, SequentialWindows.windowFor(8192, 1024, 144, 1000, 4), "clamped to N");
        assertEquals(5, SequentialWindows.windowFor(8191, 1024, 144, 1000, 10));
        assertThrows(IllegalArgumentException.class, () -> SequentialWindows.windowFor(2000, 1024, 0, 100, 3));
        assertThrows(IllegalArgumentException.class, () -> SequentialWindows.windowFor(0, 1, 0, 1, 1));
        assertThrows(IllegalArgumentException.class, () -> SequentialWindows.inOrder(0, 1));
        assertThrows(IllegalArgumentException.class, () -> SequentialWindows.inOrder(3, 0));
    }

    @Test
    void promptListsResponsesAfterTheCarriedSynthesis() {
        String p = SynthesisPrompt.render("Q?", "<think>x</think>prior synthesis", List.of("r1", "r2"), "Box it.");
        int synth = p.indexOf("### Synthesis of the earlier responses:\nprior synthesis\n\n");
        int m1 = p.indexOf("### Model 1's response:\nr1\n\n");
        int m2 = p.indexOf("### Model 2's response:\nr2\n\n");
        int q = p.indexOf("Question: Q?\nBox it.");
        assertEquals(true, synth > 0 && m1 > synth && m2 > m1 && q > m2, p);
        assertEquals(true, p.endsWith("Question: Q?\nBox it."));
        assertThrows(IllegalArgumentException.class, () -> SynthesisPrompt.render("Q", List.of(), ""));
        assertEquals(true, SynthesisPrompt.render("Q", List.of("r"), "").endsWith("Question: Q"));
    }

    @Test
    void tokenEstimateRoundsUpFourCharactersPerToken() {
        assertEquals(0, TokenEstimate.of(""));
        assertEquals(1, TokenEstimate.of("abc"));
        assertEquals(1, TokenEstimate.of("abcd"));
        assertEquals(2, TokenEstimate.of("abcde"));
    }
}
