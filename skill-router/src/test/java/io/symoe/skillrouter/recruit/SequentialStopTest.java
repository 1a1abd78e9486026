package io.symoe.skillrouter.recruit;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SequentialStopTest {
    private static SequentialStop.Vote vote(double p, String answer) {
        return new SequentialStop.Vote(CompetenceEstimate.voteWeight(p, 10), Optional.ofNullable(answer));
    }

    @Test
    void oneExpertsPosteriorIsItsAccuracy() {
        // With errors spread evenly over the 9 wrong options, a lone voter of accuracy p leaves exactly p.
        var post = SequentialStop.posterior(List.of(vote(0.7, "B")), 10);
        assertEquals(Optional.of("B"), post.answer());
        assertEquals(0.7, post.probability(), 1e-9);
    }

    @Test
    void agreementRaisesAndDisagreementLowersThePosterior() {
        double one = SequentialStop.posterior(List.of(vote(0.6, "A")), 10).probability();
        double agree = SequentialStop.posterior(List.of(vote(0.6, "A"), vote(0.6, "A")), 10).probability();
        double split = SequentialStop.posterior(List.of(vote(0.6, "A"), vote(0.6, "C")), 10).probability();
        assertTrue(agree > one, agree + " > " + one);
        assertTrue(split < one, split + " < " + one);
        assertEquals(split, SequentialStop.posterior(List.of(vote(0.6, "A"), vote(0.6, "C")), 10).probability());
    }

    @Test
    void stopsOnConfidenceOrBudgetAndAbstentionsDoNotCount() {
        var rule = new SequentialStop(0.9, 3);
        assertFalse(rule.stop(List.of(vote(0.7, "A")), 10));
        assertTrue(rule.stop(List.of(vote(0.7, "A"), vote(0.7, "A")), 10), "two 0.7 experts agreeing give 0.98");
        assertFalse(rule.stop(List.of(vote(0.99, null), vote(0.6, "A")), 10));
        assertTrue(rule.stop(List.of(vote(0.3, "A"), vote(0.3, "B"), vote(0.3, "C")), 10), "the budget");
        assertEquals(Optional.empty(), SequentialStop.posterior(List.of(vote(0.9, null)), 10).answer());
        assertThrows(IllegalArgumentException.class, () -> new SequentialStop(0, 3));
        assertThrows(IllegalArgumentException.class, () -> new SequentialStop(0.5, 0));
    }
}
