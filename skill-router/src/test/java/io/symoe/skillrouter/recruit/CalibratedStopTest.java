package io.symoe.skillrouter.recruit;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The calibration factor β, the expected gain of more experts, and the cost-aware rule built on it. */
class CalibratedStopTest {
    private static SequentialStop.Vote vote(double p, String answer) {
        return new SequentialStop.Vote(CompetenceEstimate.voteWeight(p, 10), Optional.ofNullable(answer));
    }

    @Test
    void aScaleBelowOneTempersAgreement() {
        var two = List.of(vote(0.6, "A"), vote(0.6, "A"));
        double raw = SequentialStop.posterior(two, 10).probability();
        double tempered = SequentialStop.posterior(two, 10, 0.5).probability();
        assertTrue(tempered < raw, tempered + " < " + raw);
        // β = 0.5 on a weight w is exactly the posterior of weight w/2: one vote of p' with log-odds halved.
        double w = 0.5 * 2 * CompetenceEstimate.voteWeight(0.6, 10);
        assertEquals(Math.exp(w) / (Math.exp(w) + 9), tempered, 1e-12);
        var rule = new SequentialStop(0.9, 5, 0.5);
        assertFalse(rule.stop(two, 10), "calibrated, two 0.6 experts agreeing are not 90 % sure");
        assertTrue(new SequentialStop(0.9, 5).stop(two, 10), "uncalibrated they are (0.98)");
        assertThrows(IllegalArgumentException.class, () -> new SequentialStop(0.5, 3, 0));
    }

    @Test
    void expectedGainMatchesAHandComputedCase() {
        // Two options, one vote of p = 0.6 for A: π = (0.6, 0.4). A next expert of p = 0.9 flips the decision when
        // it says B: E[max] = P(A,A) + P(B,B) = 0.6·0.9 + 0.4·0.9 = 0.9, so the gain is 0.9 − 0.6.
        var votes = List.of(new SequentialStop.Vote(CompetenceEstimate.voteWeight(0.6, 2), Optional.of("A")));
        double gain = SequentialStop.expectedGain(votes, CompetenceEstimate.voteWeight(0.9, 2), 2, 1.0);
        assertEquals(0.3, gain, 1e-9);
        // A weaker next expert than the leader's cannot overturn it: no gain from one more vote ...
        double weak = SequentialStop.expectedGain(votes, CompetenceEstimate.voteWeight(0.55, 2), 2, 1.0);
        assertEquals(0, weak, 1e-12);
        // ... but two of them agreeing can, which is why the cost-aware rule looks two ahead.
        double w = CompetenceEstimate.voteWeight(0.55, 2);
        assertEquals(0, SequentialStop.expectedGain(votes, new double[] {w, w}, 2, 1.0), 1e-12,
                "two 0.55 voters agreeing on B give odds 0.55²/0.45² · 0.4/0.6 < 1: still A");
        double w7 = CompetenceEstimate.voteWeight(0.7, 2);
        assertTrue(SequentialStop.expectedGain(votes, new double[] {w7, w7}, 2, 1.0) > 0);
    }

    @Test
    void costAwareStopWeighsGainAgainstPriceAndBudget() {
        var leader = List.of(vote(0.5, "A"));
        double w = CompetenceEstimate.voteWeight(0.5, 10);
        var cheap = List.of(new CostAwareStop.Next(w, 0.01), new CostAwareStop.Next(w, 0.01));
        var dear = List.of(new CostAwareStop.Next(w, 10), new CostAwareStop.Next(w, 10));
        var rule = new CostAwareStop(1.0, Double.POSITIVE_INFINITY, 5, 1.0);
        assertTrue(rule.callNext(List.of(), 0, dear, 10), "the first expert is always called");
        assertTrue(rule.callNext(leader, 0.01, cheap, 10), "a cheap expert is worth asking at 50 % confidence");
        assertFalse(rule.callNext(leader, 10, dear, 10), "a gain below 1 never pays a price of 10 at value 1");
        assertFalse(new CostAwareStop(1.0, 0.015, 5, 1.0).callNext(leader, 0.01, cheap, 10), "over budget");
        assertFalse(new CostAwareStop(1.0, Double.POSITIVE_INFINITY, 1, 1.0).callNext(leader, 0.01, cheap, 10),
                "max experts");
        assertFalse(rule.callNext(leader, 0.01, List.of(), 10), "nobody left");
        assertThrows(IllegalArgumentException.class, () -> new CostAwareStop.Next(w, -1));
        assertThrows(IllegalArgumentException.class, () -> new CostAwareStop(-1, 1, 3, 1));
    }
}
