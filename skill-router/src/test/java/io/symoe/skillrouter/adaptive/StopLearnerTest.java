package io.symoe.skillrouter.adaptive;

import io.symoe.skillrouter.recruit.CompetenceEstimate;
import io.symoe.skillrouter.recruit.SequentialStop;
import io.symoe.skillrouter.recruit.StopPolicy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class StopLearnerTest {
    /**
     * Simulated questions whose experts claim accuracy {@code claimed} but are right with {@code actual}, and whose
     * wrong answers all fall on one option (the correlated errors real experts make).
     */
    private static List<StopTrace> traces(int n, double claimed, double actual, long seed) {
        Random rnd = new Random(seed);
        List<StopTrace> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            List<SequentialStop.Vote> votes = new ArrayList<>();
            for (int m = 0; m < 5; m++) {
                String a = rnd.nextDouble() < actual ? "A" : "B";
                votes.add(new SequentialStop.Vote(CompetenceEstimate.voteWeight(claimed, 10), Optional.of(a)));
            }
            out.add(new StopTrace(votes, "A", 10));
        }
        return out;
    }

    @Test
    void calibrationTempersOverconfidentExperts() {
        // Experts claiming 0.8 that are right 0.6 of the time, with errors piled on one option: agreement is worth
        // far less than the raw weights say, so the likelihood prefers β < 1.
        double beta = StopLearner.calibrate(traces(2000, 0.8, 0.6, 1));
        assertTrue(beta < 1, "beta " + beta);
    }

    @Test
    void theLearnedRuleKeepsTheTargetCallsOnItsTrainingTraces() {
        List<StopTrace> train = traces(2000, 0.6, 0.6, 2);
        for (double target : List.of(1.0, 1.8, 3.0)) {
            StopLearner.Learned l = StopLearner.learn(train, target, 5);
            double[] s = StopLearner.score(train, l.rule(5));
            assertTrue(s[1] <= target + 1e-9, "calls " + s[1] + " for target " + target + ": " + l);
            assertEquals(s[0], l.accuracy(), 1e-9);
            assertEquals(s[1], l.callsMean(), 1e-9);
            // The served learner takes the better family: never worse than the threshold rule alone.
            StopLearner.Learned t = StopLearner.learn(train, target, 5, l.scale());
            assertTrue(l.accuracy() >= t.accuracy(), l + " vs " + t);
        }
        // A bigger budget never buys less accuracy on the traces it was learned on.
        assertTrue(StopLearner.learn(train, 3.0, 5).accuracy() >= StopLearner.learn(train, 1.0, 5).accuracy());
        assertThrows(IllegalArgumentException.class, () -> StopLearner.learn(train, 0.5, 5));
        assertThrows(IllegalArgumentException.class, () -> StopLearner.learn(List.of(), 2, 5));
    }

    @Test
    void theExpectedGainRuleCallsMoreAsARightAnswerIsWorthMore() {
        List<StopTrace> train = traces(1000, 0.6, 0.6, 4);
        double previous = 0;
        for (double v : StopLearner.VALUES) {
            double calls = StopLearner.score(train, new StopPolicy(StopPolicy.Kind.EXPECTED_GAIN, v, 0.5,
                    StopPolicy.Source.CONFIG, "").stop(5))[1];
            assertTrue(calls >= previous - 1e-12, "value " + v + ": " + calls + " calls after " + previous);
            previous = calls;
        }
        assertTrue(previous > 1, "at the largest value more than one expert is worth calling: " + previous);
    }

    @Test
    void aTraceReplaysAPrefixAndAnswersTheLeader() {
        var t = new StopTrace(List.of(
                new SequentialStop.Vote(CompetenceEstimate.voteWeight(0.5, 10), Optional.of("B")),
                new SequentialStop.Vote(CompetenceEstimate.voteWeight(0.5, 10), Optional.of("A")),
                new SequentialStop.Vote(CompetenceEstimate.voteWeight(0.5, 10), Optional.of("A"))), "A", 10);
        assertEquals(new StopTrace.Outcome(1, false), t.replay(new SequentialStop(0.3, 3)), "0.5 > 0.3: stop at B");
        assertEquals(new StopTrace.Outcome(3, true), t.replay(new SequentialStop(0.99, 3)), "the budget, A leads");
        assertEquals(new StopTrace.Outcome(2, false), t.replay(new SequentialStop(0.99, 2)), "a budget of 2: B first");
    }

    @Test
    void thePolicyRoundTripsThroughItsVersionedFile(@TempDir Path dir) throws Exception {
        StopLearner.Learned l = StopLearner.learn(traces(500, 0.6, 0.6, 3), 1.8, 5);
        Path file = dir.resolve(StopPolicyJson.FILE_NAME);
        StopPolicyJson.write(l, 5, file);
        StopPolicy p = StopPolicyJson.besideProfiles(dir).orElseThrow();
        assertEquals(l.kind(), p.kind());
        assertEquals(l.knob(), p.knob());
        assertEquals(l.scale(), p.scale());
        assertEquals(StopPolicy.Source.LEARNED, p.source());
        assertTrue(p.detail().contains("1.80 calls"), p.detail());
        String saved = Files.readString(file);
        Files.writeString(file, saved.replaceFirst("\"rule\" : \"[a-z-]+\"", "\"rule\" : \"guess\""));
        var bad = assertThrows(IllegalArgumentException.class, () -> StopPolicyJson.read(file));
        assertTrue(bad.getMessage().contains("threshold or expected-gain"), bad.getMessage());
        Files.writeString(file, saved.replace("\"version\" : 1", "\"version\" : 9"));
        var e = assertThrows(IllegalArgumentException.class, () -> StopPolicyJson.read(file));
        assertTrue(e.getMessage().contains("profiles-build"), e.getMessage());
        Path empty = Files.createDirectory(dir.resolve("empty"));
        assertEquals(Optional.empty(), StopPolicyJson.besideProfiles(empty), "no file: nothing learned");
    }
}
