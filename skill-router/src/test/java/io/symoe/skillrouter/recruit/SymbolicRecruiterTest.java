package io.symoe.skillrouter.recruit;

import io.symoe.core.AnswerFormat;
import io.symoe.core.Assignment;
import io.symoe.core.Instance;
import io.symoe.core.RecruitedExpert;
import io.symoe.core.Skill;
import io.symoe.core.Task;
import io.symoe.skillrouter.profile.SkillProfiles;
import io.symoe.skillrouter.testing.Profiles;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static io.symoe.skillrouter.testing.Profiles.row;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SymbolicRecruiterTest {
    private static final Task MC = new Task("mc", new AnswerFormat.MultipleChoice(4));
    private static final List<String> MODELS = List.of("a", "b", "c");

    // physics: a +2, b 0 (1 right 1 wrong), c −2; law: a −1, b +1, c +1
    private static final SkillProfiles P = Profiles.of(MODELS,
            row(List.of("physics"), 1, 1, 0), row(List.of("physics"), 1, 0, 0),
            row(List.of("law"), 0, 1, 1));

    @Test
    void distributionIsLocalTimesGammaOverPositiveModels() {
        // G = [2 − 1, 0 + 1, −2 + 1] = [1, 1, −1] → shift by 2: [3, 3, 1] → γ = [9, 9, 1] / 19
        SymbolicRecruiter r = new SymbolicRecruiter(P, 3, 7);
        assertArrayEquals(new double[]{9 / 19.0, 9 / 19.0, 1 / 19.0}, r.gamma(), 1e-12);
        // skills [physics]: S = [2, 0, −2]; only a is positive → a with probability 1
        assertArrayEquals(new double[]{1, 0, 0}, r.distribution(List.of(new Skill("physics"))), 1e-12);
        // skills [law]: S = [−1, 1, 1]: b, c with 1·9/19 and 1·1/19 → [0, 0.9, 0.1]
        assertArrayEquals(new double[]{0, 0.9, 0.1}, r.distribution(List.of(new Skill("law"))), 1e-12);
    }

    @Test
    void drawsKWithReplacementReproduciblyUnderTheSeed() {
        SymbolicRecruiter r = new SymbolicRecruiter(P, 3, 7);
        Instance q = new Instance("q1", "why?", MC);
        Assignment one = r.recruit(q, List.of(new Skill("physics")));
        // a is the only candidate: three separate draws of the same model
        assertEquals(List.of("a", "a", "a"), one.experts().stream().map(RecruitedExpert::modelId).toList());
        assertEquals(List.of("b", "c"), one.candidates());
        assertEquals(one, r.recruit(q, List.of(new Skill("physics"))));
        Assignment law = r.recruit(q, List.of(new Skill("law")));
        assertEquals(law, new SymbolicRecruiter(P, 3, 7).recruit(q, List.of(new Skill("law"))));
        assertTrue(law.experts().stream().allMatch(e -> !e.modelId().equals("a")));
    }

    @Test
    void drawFrequenciesFollowTheDistribution() {
        SymbolicRecruiter r = new SymbolicRecruiter(P, 3, 11);
        Map<String, Integer> counts = new HashMap<>();
        for (int i = 0; i < 2000; i++) {
            for (RecruitedExpert e : r.recruit(new Instance("q" + i, "x", MC), List.of(new Skill("law"))).experts()) {
                counts.merge(e.modelId(), 1, Integer::sum);
            }
        }
        double c = counts.getOrDefault("c", 0) / 6000.0;
        assertEquals(0.1, c, 0.02, "model c should be drawn about 10% of the time, got " + c);
        assertEquals(0, counts.getOrDefault("a", 0));
    }

    @Test
    void noSkillsMeansUniformDraws() {
        SymbolicRecruiter r = new SymbolicRecruiter(P, 3, 7);
        assertArrayEquals(new double[]{1 / 3.0, 1 / 3.0, 1 / 3.0}, r.distribution(List.of()), 1e-12);
        assertArrayEquals(new double[]{1 / 3.0, 1 / 3.0, 1 / 3.0}, r.distribution(List.of(new Skill("cooking"))), 1e-12);
        Map<String, Integer> counts = new HashMap<>();
        for (int i = 0; i < 600; i++) {
            r.recruit(new Instance("u" + i, "x", MC), List.of()).experts()
                    .forEach(e -> counts.merge(e.modelId(), 1, Integer::sum));
        }
        assertEquals(3, counts.size());
        counts.values().forEach(n -> assertEquals(600, n, 90));
        // each instance has its own stream: draws differ between instances
        long distinctTeams = java.util.stream.IntStream.range(0, 10)
                .mapToObj(i -> r.recruit(new Instance("u" + i, "x", MC), List.of()).experts()).distinct().count();
        assertTrue(distinctTeams > 1);
    }
}
