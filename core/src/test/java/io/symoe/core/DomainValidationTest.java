package io.symoe.core;

import io.symoe.core.generation.GenerationParams;
import io.symoe.core.generation.Prompt;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DomainValidationTest {
    private static final Task MMLU = new Task("mmlu-pro", new AnswerFormat.MultipleChoice(10));

    @Test
    void instanceKeepsItsFieldsAndCopiesCollections() {
        List<String> choices = new ArrayList<>(List.of("a", "b", "c", "d", "e", "f", "g", "h", "i", "j"));
        Instance i = new Instance("q1", "What is 2+2?", MMLU, choices, Map.of("category", "math"));
        choices.clear();
        assertEquals(10, i.choices().size(), "the record must not see later changes to the caller's list");
        assertEquals("math", i.metadata().get("category"));
        assertThrows(UnsupportedOperationException.class, () -> i.choices().add("k"));
    }

    @Test
    void instanceRejectsBlankIdAndTextWithTheFieldName() {
        var e = assertThrows(IllegalArgumentException.class, () -> new Instance(" ", "text", MMLU));
        assertEquals("instance.id must not be blank", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new Instance("q", "", MMLU));
        assertEquals("instance.text must not be blank", e.getMessage());
    }

    @Test
    void instanceChoicesMustMatchTheTaskFormat() {
        var e = assertThrows(IllegalArgumentException.class,
                () -> new Instance("q", "t", MMLU, List.of("a", "b", "c", "d"), Map.of()));
        assertTrue(e.getMessage().contains("has 4 choices but its task 'mmlu-pro' expects 10"), e.getMessage());
        // Free-text tasks carry no choices, and an instance may omit inline options.
        new Instance("q", "t", MMLU, List.of(), Map.of());
    }

    @Test
    void instanceRejectsNullElements() {
        List<String> withNull = new ArrayList<>();
        withNull.add(null);
        withNull.add("b");
        var e = assertThrows(IllegalArgumentException.class,
                () -> new Instance("q", "t", new Task("t", new AnswerFormat.MultipleChoice(2)), withNull, Map.of()));
        assertEquals("instance.choices[0] must not be null", e.getMessage());
    }

    @Test
    void multipleChoiceBoundsAndLastLetter() {
        assertEquals('J', new AnswerFormat.MultipleChoice(10).lastLetter());
        assertEquals('D', new AnswerFormat.MultipleChoice(4).lastLetter());
        assertThrows(IllegalArgumentException.class, () -> new AnswerFormat.MultipleChoice(1));
        assertThrows(IllegalArgumentException.class, () -> new AnswerFormat.MultipleChoice(27));
    }

    @Test
    void answerFormatsAreAClosedSet() {
        AnswerFormat f = new AnswerFormat.IntegerAnswer();
        String kind = switch (f) {
            case AnswerFormat.MultipleChoice mc -> "mc" + mc.options();
            case AnswerFormat.IntegerAnswer ia -> "int";
            case AnswerFormat.FreeText ft -> "text";
        };
        assertEquals("int", kind);
    }

    @Test
    void modelSpecValidation() {
        var ok = new ModelSpec("m", BackendKind.REPLAY, 1L << 30, Duration.ofSeconds(30), 8192, 1024);
        assertEquals(1L << 30, ok.memoryBytes());
        assertThrows(IllegalArgumentException.class,
                () -> new ModelSpec("m", BackendKind.REPLAY, -1, Duration.ZERO, 8192, 1024));
        assertThrows(IllegalArgumentException.class,
                () -> new ModelSpec("m", BackendKind.REPLAY, 0, Duration.ofSeconds(-1), 8192, 1024));
        var e = assertThrows(IllegalArgumentException.class,
                () -> new ModelSpec("m", BackendKind.REPLAY, 0, Duration.ZERO, 1024, 2048));
        assertTrue(e.getMessage().contains("exceeds maxContext"), e.getMessage());
    }

    @Test
    void assignmentAllowsRepeatedExpertsAndListsDistinctModels() {
        // Symbolic-MoE draws with replacement: the same model twice is two samples.
        var a = new Assignment("q1", List.of(new Skill("algebra")),
                List.of(new RecruitedExpert("m1", 0.5), new RecruitedExpert("m2", 0.3), new RecruitedExpert("m1", 0.5)),
                List.of("m3"), null);
        assertEquals(3, a.experts().size());
        assertEquals(List.of("m1", "m2"), List.copyOf(a.distinctModels()));
        assertThrows(IllegalArgumentException.class, () -> new Assignment("q1", List.of(), List.of(), List.of(), null));
        assertThrows(IllegalArgumentException.class,
                () -> new Assignment("q1", List.of(), List.of(new RecruitedExpert("m", 1)), List.of(), " "));
    }

    @Test
    void weightsMustBeFiniteAndNonNegative() {
        assertThrows(IllegalArgumentException.class, () -> new RecruitedExpert("m", Double.NaN));
        assertThrows(IllegalArgumentException.class, () -> new RecruitedExpert("m", -0.1));
        assertThrows(IllegalArgumentException.class, () -> new Skill("x", Double.POSITIVE_INFINITY));
    }

    @Test
    void generationParamsValidation() {
        var p = GenerationParams.GREEDY.withTemperature(0.7).withSeed(7);
        assertEquals(0.7, p.temperature());
        assertEquals(OptionalLong.of(7), p.seed());
        assertThrows(IllegalArgumentException.class, () -> GenerationParams.GREEDY.withTemperature(-1));
        assertThrows(IllegalArgumentException.class,
                () -> new GenerationParams(0, 0, 10, OptionalLong.empty(), List.of()));
        assertThrows(IllegalArgumentException.class, () -> GenerationParams.GREEDY.withMaxTokens(0));
    }

    @Test
    void promptNeedsMessagesAndFindsTheLastUserTurn() {
        var p = Prompt.ofUser("q1", "hello");
        assertEquals("hello", p.lastUserContent());
        assertThrows(IllegalArgumentException.class, () -> new Prompt("q1", List.of()));
    }

    @Test
    void expertOutputAndAnswerDefaultOptionalFields() {
        var out = new ExpertOutput("m", "q", "text", null, null, Duration.ofMillis(5));
        assertTrue(out.extractedAnswer().isEmpty());
        assertEquals(TokenCounts.UNKNOWN, out.tokens());
        var ans = new Answer("q", "B", null, "majority-vote", List.of(out), false);
        assertTrue(ans.extractedAnswer().isEmpty());
        assertThrows(IllegalArgumentException.class, () -> new Answer("q", "B", null, "", List.of(), false));
    }

    @Test
    void byteSizePrintsReadableUnits() {
        assertEquals("8GiB", ByteSize.ofGiB(8).toString());
        assertEquals("512MiB", ByteSize.ofMiB(512).toString());
        assertEquals("1000B", new ByteSize(1000).toString());
        assertThrows(IllegalArgumentException.class, () -> new ByteSize(-1));
    }
}
