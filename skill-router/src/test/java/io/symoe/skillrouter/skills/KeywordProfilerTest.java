package io.symoe.skillrouter.skills;

import io.symoe.core.AnswerFormat;
import io.symoe.core.Instance;
import io.symoe.core.Skill;
import io.symoe.core.Task;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class KeywordProfilerTest {
    private static final Task MC = new Task("mc", new AnswerFormat.MultipleChoice(4));

    @Test
    void samplesFiveTimesAtTemperaturePointSevenWithDistinctSeedsAndKeepsTheConsensus() {
        // canned samples per sample seed (base seed 100 → seeds 100..104), per instance
        Map<Long, String> chem = Map.of(
                100L, "Keywords: Organic Chemistry, reaction kinetics",
                101L, "Sure! Keywords: organic chemistry., stoichiometry",
                102L, "Keywords: stoichiometry, a very long keyword indeed",
                103L, "Keywords: a very long keyword indeed, thermodynamics",
                104L, "I cannot help");
        FakeGenerator gen = new FakeGenerator((params, prompt) -> prompt.instanceId().equals("chem")
                ? chem.get(params.seed().orElseThrow())
                : "Keywords: law, ethics");
        KeywordProfiler profiler = new KeywordProfiler(gen, "kw-model", null, 100);
        List<List<Skill>> skills = profiler.skills(List.of(
                new Instance("chem", "What is the yield of ...?", MC), new Instance("law", "Is a contract ...?", MC)));

        assertEquals(List.of(new Skill("organic chemistry"), new Skill("stoichiometry")), skills.get(0));
        assertEquals(List.of(new Skill("law"), new Skill("ethics")), skills.get(1));
        assertEquals(5, gen.calls.size(), "one batch per sample, each covering every instance");
        assertEquals(List.of(100L, 101L, 102L, 103L, 104L),
                gen.calls.stream().map(c -> c.params().seed().orElseThrow()).sorted().toList());
        gen.calls.forEach(c -> {
            assertEquals("kw-model", c.modelId());
            assertEquals(0.7, c.params().temperature());
            assertEquals(2, c.prompts().size());
            assertTrue(c.prompts().getFirst().lastUserContent().contains("Keywords: <keyword1>"));
        });
    }

    @Test
    void noConsensusMeansNoSkills() {
        FakeGenerator gen = new FakeGenerator((params, prompt) -> "Keywords: k" + params.seed().orElseThrow());
        assertEquals(List.of(), new KeywordProfiler(gen, "m", null, 1).skills(new Instance("q", "text", MC)));
    }
}
