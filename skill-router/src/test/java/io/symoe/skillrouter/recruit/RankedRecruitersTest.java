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

import java.util.List;
import java.util.Map;

import static io.symoe.skillrouter.testing.Profiles.row;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RankedRecruitersTest {
    private static final Task MC = new Task("mc", new AnswerFormat.MultipleChoice(10));
    private static final Instance Q = new Instance("q", "text", MC);
    private static final List<String> MODELS = List.of("a", "b", "c", "d");

    // 4 questions: q1 (math) a b right; q2 (math) a right; q3 (law) c d right; q4 (law) b c d right
    // global accuracy: a 2/4, b 2/4, c 2/4, d 2/4 — equal, so local skill evidence decides
    private static final SkillProfiles P = Profiles.of(MODELS,
            row(List.of("math"), 1, 1, 0, 0), row(List.of("math"), 1, 0, 0, 0),
            row(List.of("law"), 0, 0, 1, 1), row(List.of("law"), 0, 1, 1, 1));

    private static List<String> ids(Assignment a) {
        return a.experts().stream().map(RecruitedExpert::modelId).toList();
    }

    @Test
    void competenceEstimateShrinksSkillAccuracyTowardsGlobal() {
        // math, weight 1, prior 2: a = (2 + 2·0.5)/(2 + 2) = 0.75; b = (1 + 1)/4 = 0.5; c = d = (0 + 1)/4 = 0.25
        assertArrayEquals(new double[]{0.75, 0.5, 0.25, 0.25},
                CompetenceEstimate.estimate(P, List.of(new Skill("math")), 2), 1e-12);
        // a skill weight scales its evidence: math at weight 2 → a = (4 + 1)/(4 + 2)
        assertEquals(5 / 6.0, CompetenceEstimate.estimate(P, List.of(new Skill("math", 2)), 2)[0], 1e-12);
        // no evidence: the global accuracy itself
        assertArrayEquals(new double[]{0.5, 0.5, 0.5, 0.5}, CompetenceEstimate.estimate(P, List.of(), 2), 1e-12);
    }

    @Test
    void voteWeightIsLogOddsTimesWrongOptions() {
        assertEquals(Math.log(0.5 * 9 / 0.5), CompetenceEstimate.voteWeight(0.5, 10), 1e-12);
        assertTrue(CompetenceEstimate.voteWeight(0.9, 10) > CompetenceEstimate.voteWeight(0.6, 10));
        assertEquals(1e-3, CompetenceEstimate.voteWeight(0.1, 2), 1e-12); // below chance: never negative
    }

    @Test
    void topKTakesTheBestLocalScoresWithoutReplacementAndTiesByPoolOrder() {
        // law: P = [−2, 0, +2, +2] → c, d, then b (0) over a (−2)
        Assignment a = new TopKRecruiter(P, 3).recruit(Q, List.of(new Skill("law")));
        assertEquals(List.of("c", "d", "b"), ids(a));
        assertEquals(List.of("a"), a.candidates());
        assertEquals(0.5, a.experts().getFirst().weight(), 1e-12); // c's share of the positive score 2/(2+2+0)
    }

    @Test
    void competenceWeightedRanksByEstimateAndWeightsByLogOdds() {
        Assignment a = new CompetenceWeightedRecruiter(P, 2).recruit(Q, List.of(new Skill("math")));
        assertEquals(List.of("a", "b"), ids(a));
        assertEquals(List.of("c", "d"), a.candidates());
        assertEquals(CompetenceEstimate.voteWeight(0.75, 10), a.experts().get(0).weight(), 1e-12);
        assertEquals(CompetenceEstimate.voteWeight(0.5, 10), a.experts().get(1).weight(), 1e-12);
    }

    @Test
    void costAwareTradesAccuracyForPrice() {
        List<Skill> math = List.of(new Skill("math"));
        // estimates [0.75, 0.5, 0.25, 0.25]; a costs 10 (max) → a's score 0.75 − λ
        var cheap = new CostAwareRecruiter(P, 1, Map.of("a", 10.0, "b", 1.0), 0.1).recruit(Q, math);
        assertEquals(List.of("a"), ids(cheap), "λ = 0.1 keeps the much better model");
        var frugal = new CostAwareRecruiter(P, 1, Map.of("a", 10.0, "b", 1.0), 0.5).recruit(Q, math);
        // a: 0.75 − 0.5 = 0.25; b: 0.5 − 0.05 = 0.45; c, d: 0.25 → b
        assertEquals(List.of("b"), ids(frugal));
        assertThrows(IllegalArgumentException.class, () -> new CostAwareRecruiter(P, 1, Map.of("a", -1.0), 0.1));
    }

    @Test
    void adaptiveSizesTheTeamByTheBestExpertsConfidence() {
        var policy = new AdaptiveRecruiter.Policy(0.7, 0.3, 4);
        assertEquals(1, policy.teamSize(0.7, 3));
        assertEquals(3, policy.teamSize(0.5, 3));
        assertEquals(4, policy.teamSize(0.29, 3));
        AdaptiveRecruiter r = new AdaptiveRecruiter(P, 3, policy);
        // math: best estimate 0.75 ≥ 0.7 → one expert
        assertEquals(List.of("a"), ids(r.recruit(Q, List.of(new Skill("math")))));
        // no evidence: best 0.5 → k = 3
        assertEquals(3, r.recruit(Q, List.of()).experts().size());
        assertThrows(IllegalArgumentException.class, () -> new AdaptiveRecruiter.Policy(0.2, 0.3, 4));
    }
}
