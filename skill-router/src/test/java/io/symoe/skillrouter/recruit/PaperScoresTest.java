package io.symoe.skillrouter.recruit;

import io.symoe.core.Skill;
import io.symoe.skillrouter.profile.SkillProfiles;
import io.symoe.skillrouter.testing.Profiles;
import org.junit.jupiter.api.Test;

import java.util.Iterator;
import java.util.List;

import static io.symoe.skillrouter.testing.Profiles.row;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

class PaperScoresTest {
    private static final double EPS = 1e-12;

    @Test
    void negativeMinimumShiftsEveryCompetenceToMinPlusOne() {
        // G = [-3, 1, 5], min = -3: G' = G + 3 + 1 = [1, 5, 9]
        assertArrayEquals(new double[]{1, 5, 9}, PaperScores.shifted(new double[]{-3, 1, 5}), EPS);
        // γ = G'² / Σ G'² = [1, 25, 81] / 107
        assertArrayEquals(new double[]{1 / 107.0, 25 / 107.0, 81 / 107.0},
                PaperScores.gamma(new double[]{-3, 1, 5}), EPS);
    }

    @Test
    void nonNegativeCompetenceIsNotShifted() {
        assertArrayEquals(new double[]{0, 2, 4}, PaperScores.shifted(new double[]{0, 2, 4}), EPS);
        // γ = [0, 4, 16] / 20: a model with G = 0 is never drawn through γ
        assertArrayEquals(new double[]{0, 0.2, 0.8}, PaperScores.gamma(new double[]{0, 2, 4}), EPS);
    }

    @Test
    void positiveLocalScoresRestrictTheCandidates() {
        // S = [2, -1, 3], γ = [0.5, 0.25, 0.25]: candidates {0, 2}, raw weights [1, 0, 0.75], sum 1.75
        double[] w = PaperScores.drawWeights(new double[]{2, -1, 3}, new double[]{0.5, 0.25, 0.25});
        assertArrayEquals(new double[]{1 / 1.75, 0, 0.75 / 1.75}, w, EPS);
    }

    @Test
    void noPositiveLocalScoreShiftsAllModelsIn() {
        // S = [-2, -1, 0], min = -2: (S - min + 1) = [1, 2, 3]; × γ [0.5, 0.25, 0.25] = [0.5, 0.5, 0.75] / 1.75
        double[] w = PaperScores.drawWeights(new double[]{-2, -1, 0}, new double[]{0.5, 0.25, 0.25});
        assertArrayEquals(new double[]{0.5 / 1.75, 0.5 / 1.75, 0.75 / 1.75}, w, EPS);
    }

    @Test
    void drawsAreWithReplacementAndFollowTheCumulativeWeights() {
        double[] w = {0.5, 0.25, 0.25};
        // cumulative [0.5, 0.75, 1.0]
        assertArrayEquals(new int[]{0, 1, 2}, PaperScores.drawWithReplacement(w, 3, uniforms(0.1, 0.5, 0.9)));
        assertArrayEquals(new int[]{0, 0, 0}, PaperScores.drawWithReplacement(w, 3, uniforms(0.2, 0.3, 0.49)));
        assertArrayEquals(new int[]{2, 1, 2}, PaperScores.drawWithReplacement(w, 3, uniforms(0.75, 0.74, 0.99)));
        // a zero-weight model is never drawn, even on a boundary
        assertArrayEquals(new int[]{2, 0}, PaperScores.drawWithReplacement(new double[]{0.5, 0, 0.5}, 2, uniforms(0.5, 0)));
    }

    @Test
    void localScoreSumsTheIntegerProfileOverKeywordsKeepingDuplicates() {
        // model a: physics right twice, wrong once → P = +1; law wrong → −1
        // model b: physics wrong ×3 → −3; law right → +1
        SkillProfiles p = Profiles.of(List.of("a", "b"),
                row(List.of("physics"), 1, 0), row(List.of("physics"), 1, 0), row(List.of("physics"), 0, 0),
                row(List.of("law"), 0, 1));
        assertEquals(1, p.tally("physics").paperScore(0), EPS);
        assertEquals(-3, p.tally("physics").paperScore(1), EPS);
        // K' = [physics, physics, law, unknown]: a = 1 + 1 − 1 = 1; b = −3 − 3 + 1 = −5
        double[] s = PaperScores.localScores(p, List.of(new Skill("physics"), new Skill("physics"), new Skill("law"),
                new Skill("unknown")));
        assertArrayEquals(new double[]{1, -5}, s, EPS);
        // G = Σ_w P: a = 1 − 1 = 0, b = −3 + 1 = −2
        assertArrayEquals(new double[]{0, -2}, p.paperGlobalScores(), EPS);
    }

    private static java.util.function.DoubleSupplier uniforms(double... u) {
        Iterator<Double> it = java.util.Arrays.stream(u).boxed().iterator();
        return it::next;
    }
}
