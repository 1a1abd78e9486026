package io.symoe.aggregator.learned;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Adaptive k on the learned posterior: the stop replay, the threshold choice for a target, the trainer on a
 * synthetic pool where the first expert's weight says how far to trust it, and the version-2 model file.
 */
class StagedTest {
    private static final List<String> LETTERS = List.of("A", "B", "C", "D");
    private static final Set<String> POOL = Set.of("lead", "second", "third");

    /**
     * The first expert ("lead") is right 95 % of the time when its competence weight is high (easy questions) and
     * 35 % when it is low (hard ones); the other two are right 60 % of the time, independently. So one call is
     * enough on an easy question, and a hard one needs the others' votes.
     */
    private static List<TrainingQuestion> pool(int n, long seed) {
        Random rnd = new Random(seed);
        List<TrainingQuestion> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            String gold = LETTERS.get(rnd.nextInt(4));
            boolean easy = rnd.nextBoolean();
            double w = easy ? 2.5 + rnd.nextDouble() : rnd.nextDouble() * 0.5;
            out.add(new TrainingQuestion(List.of(
                    vote("lead", w, rnd.nextDouble() < (easy ? 0.95 : 0.35) ? gold : other(gold, rnd)),
                    vote("second", 1, rnd.nextDouble() < 0.6 ? gold : other(gold, rnd)),
                    vote("third", 1, rnd.nextDouble() < 0.6 ? gold : other(gold, rnd))), 4, gold));
        }
        return out;
    }

    private static String other(String gold, Random rnd) {
        String x;
        do {
            x = LETTERS.get(rnd.nextInt(4));
        } while (x.equals(gold));
        return x;
    }

    private static ExpertVote vote(String model, double weight, String answer) {
        return new ExpertVote(model, weight, Optional.of(answer), "");
    }

    @Test
    void aTraceStopsAtTheFirstConfidentStageAndAnswersItsLeader() {
        var t = new StagedTrace(Arrays.asList(null, "A", "B"), new double[] {0, 0.4, 0.9}, "B");
        assertEquals(new StagedTrace.Outcome(3, true), t.replay(0.5), "no leader, then 0.4 < 0.5: all three");
        assertEquals(new StagedTrace.Outcome(2, false), t.replay(0.4), "0.4 reaches 0.4: stops on A");
        assertEquals(new StagedTrace.Outcome(3, true), t.replay(0.99), "the last stage answers whatever its P");
        assertTrue(StagedModel.confident(Optional.of(0.7), 0.7));
        assertEquals(new StagedTrace.Outcome(1, false), t.replay(List.of(0.0, 0.9)), "0 stops at stage 1 always");
        assertEquals(new StagedTrace.Outcome(3, true), t.replay(List.of(0.9, 1.01)), "above 1 never stops");
        assertFalse(StagedModel.confident(Optional.empty(), 0.05));
    }

    @Test
    void theThresholdIsTheMostAccurateWithinTheTarget() {
        // Half the questions are settled at stage 1 (P 0.9, right); the other half's stage-1 leader (P 0.3) is
        // wrong and stage 2 fixes it.
        List<StagedTrace> traces = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            traces.add(i % 2 == 0 ? new StagedTrace(List.of("A", "A"), new double[] {0.9, 0.95}, "A")
                    : new StagedTrace(List.of("B", "A"), new double[] {0.3, 0.8}, "A"));
        }
        var roomy = StagedThreshold.choose(traces, 2);
        assertEquals(100.0, roomy.choice().validationAccuracy(), 1e-9);
        assertEquals(1.5, roomy.choice().validationCalls(), 1e-9, "the cheapest of the equally accurate");
        double t = roomy.thresholds().getFirst();
        assertTrue(t > 0.3 && t <= 0.9, roomy.toString());
        var perStage = StagedThreshold.choose(traces, 2, StagedThreshold.Mode.PER_STAGE);
        assertEquals(roomy.choice(), perStage.choice(), "one stop decision: the same best rule");
        var tight = StagedThreshold.choose(traces, 1);
        assertEquals(1.0, tight.choice().validationCalls(), 1e-9);
        assertEquals(50.0, tight.choice().validationAccuracy(), 1e-9);
        assertThrows(IllegalArgumentException.class, () -> StagedThreshold.choose(traces, 0.5));
    }

    @Test
    void perStageThresholdsCanCapTheCalls() {
        // Stage 2 is always right and stage 3 never helps: the best rule within 2 calls stops at stage 2 always.
        List<StagedTrace> traces = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            traces.add(new StagedTrace(List.of("B", "A", "A"), new double[] {0.2, 0.5, 0.6}, "A"));
        }
        var c = StagedThreshold.choose(traces, 2, StagedThreshold.Mode.PER_STAGE);
        assertEquals(100.0, c.choice().validationAccuracy(), 1e-9);
        assertEquals(2.0, c.choice().validationCalls(), 1e-9);
        assertEquals(0.0, c.thresholds().get(1), "stage 2 stops always: " + c);
    }

    @Test
    void theTrainedRuleStopsEarlyOnEasyQuestionsAndCallsMoreOnHardOnes() {
        List<TrainingQuestion> train = pool(3000, 1);
        List<List<TrainingQuestion>> parts = List.of(train.subList(0, 1000), train.subList(1000, 2000),
                train.subList(2000, 3000));
        StagedModel staged = StagedTrainer.train(parts, 2, POOL, 3, 2.0, 7);
        assertEquals(3, staged.maxExperts());
        assertTrue(staged.choice().validationCalls() <= 2.0, staged.choice().toString());
        assertEquals(1000, staged.choice().validationQuestions());
        int easyCalls = 0;
        int hardCalls = 0;
        int easy = 0;
        List<TrainingQuestion> test = pool(600, 2);
        for (TrainingQuestion q : test) {
            int calls = 1;
            while (!staged.stop(q.votes().subList(0, calls), 4)) {
                calls++;
            }
            boolean isEasy = q.votes().getFirst().weight() > 2;
            easy += isEasy ? 1 : 0;
            easyCalls += isEasy ? calls : 0;
            hardCalls += isEasy ? 0 : calls;
        }
        double easyMean = (double) easyCalls / easy;
        double hardMean = (double) hardCalls / (test.size() - easy);
        assertTrue(easyMean < 1.2, "an easy question is settled by its first expert: " + easyMean);
        assertTrue(hardMean > 2.0, "a hard one calls the others: " + hardMean);
    }

    @Test
    void aVersionTwoFileServesTheSameStagesAndThreshold(@TempDir Path dir) throws IOException {
        List<TrainingQuestion> train = pool(900, 3);
        List<List<TrainingQuestion>> parts = List.of(train.subList(0, 450), train.subList(450, 900));
        StagedModel staged = StagedTrainer.train(parts, 1, POOL, 3, 2.0, 7);
        Path file = dir.resolve(StackingModelFile.FILE_NAME);
        StackingModelFile.write(staged.at(3), staged, file);
        assertTrue(Files.readString(file).contains("\"version\" : 2"));
        StagedModel back = StackingModelFile.readStaged(file).orElseThrow();
        assertEquals(staged.thresholds(), back.thresholds());
        assertEquals(staged.choice(), back.choice());
        for (TrainingQuestion q : pool(50, 4)) {
            for (int m = 1; m <= 3; m++) {
                var votes = q.votes().subList(0, m);
                assertEquals(staged.leader(votes, 4).map(ScoredCandidate::score),
                        back.leader(votes, 4).map(ScoredCandidate::score));
                assertEquals(staged.stop(votes, 4), back.stop(votes, 4));
            }
            assertEquals(staged.at(3).score(q.votes(), 4).getFirst().score(),
                    StackingModelFile.read(file).score(q.votes(), 4).getFirst().score(), 1e-12,
                    "the fixed model of the envelope is stage 3's");
        }
    }

    /** A version-1 file (the envelope before stages) still loads, with its fixed model and no stages. */
    @Test
    void aVersionOneFileHasNoStagesAndScoresAsBefore(@TempDir Path dir) throws IOException {
        StackingModel model = StackingTrainer.train(pool(400, 5), POOL, 7);
        Path file = dir.resolve(StackingModelFile.FILE_NAME);
        StackingModelFile.write(model, file);
        Files.writeString(file, Files.readString(file).replace("\"version\" : 2", "\"version\" : 1"));
        assertEquals(Optional.empty(), StackingModelFile.readStaged(file));
        StackingModel back = StackingModelFile.read(file);
        for (TrainingQuestion q : pool(30, 6)) {
            assertEquals(model.score(q.votes(), 4).getFirst().score(), back.score(q.votes(), 4).getFirst().score(),
                    1e-12);
        }
    }

    @Test
    void aThresholdThatIsNotANumberIsRefused(@TempDir Path dir) throws IOException {
        List<TrainingQuestion> train = pool(400, 8);
        StagedModel staged = StagedTrainer.train(List.of(train.subList(0, 200), train.subList(200, 400)), 1, POOL,
                2, 1.5, 7);
        Path file = dir.resolve(StackingModelFile.FILE_NAME);
        StackingModelFile.write(staged.at(2), staged, file);
        Files.writeString(file, Files.readString(file).replaceFirst("\"thresholds\" : \\[", "\"thresholds\" : [ null, "));
        var e = assertThrows(IllegalArgumentException.class, () -> StackingModelFile.readStaged(file));
        assertTrue(e.getMessage().contains("is not a number"), e.getMessage());
    }
}
