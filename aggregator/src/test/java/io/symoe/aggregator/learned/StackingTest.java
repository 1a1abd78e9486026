package io.symoe.aggregator.learned;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class StackingTest {
    private static final List<String> LETTERS = List.of("A", "B", "C", "D");
    private static final Set<String> POOL = Set.of("sage", "echo1", "echo2");

    /**
     * A pool where the vote is misled: "sage" is right 80 % of the time, while "echo1" and "echo2" usually agree on
     * the same wrong answer. Every weight is 0, so only the one-hot "which expert gave it" features can tell.
     */
    private static List<TrainingQuestion> misledPool(int n, long seed) {
        Random rnd = new Random(seed);
        List<TrainingQuestion> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            String gold = LETTERS.get(rnd.nextInt(4));
            String wrong = other(gold, rnd);
            String sage = rnd.nextDouble() < 0.8 ? gold : other(gold, rnd);
            boolean together = rnd.nextDouble() < 0.7;
            String e1 = together ? wrong : LETTERS.get(rnd.nextInt(4));
            String e2 = together ? wrong : LETTERS.get(rnd.nextInt(4));
            out.add(new TrainingQuestion(List.of(vote("echo1", e1), vote("sage", sage), vote("echo2", e2)), 4, gold));
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

    private static ExpertVote vote(String model, String answer) {
        return new ExpertVote(model, 0, Optional.of(answer), "");
    }

    private static double accuracy(StackingModel m, List<TrainingQuestion> qs) {
        int right = 0;
        for (TrainingQuestion q : qs) {
            right += m.choose(q.votes(), q.options()).map(c -> c.candidate().answer().equals(q.gold())).orElse(false)
                    ? 1 : 0;
        }
        return (double) right / qs.size();
    }

    private static double plurality(List<TrainingQuestion> qs) {
        int right = 0;
        for (TrainingQuestion q : qs) {
            Map<String, Long> counts = new java.util.LinkedHashMap<>();
            q.votes().forEach(v -> counts.merge(v.answer().orElseThrow(), 1L, Long::sum));
            String best = counts.entrySet().stream().max(Map.Entry.comparingByValue()).orElseThrow().getKey();
            right += best.equals(q.gold()) ? 1 : 0;
        }
        return (double) right / qs.size();
    }

    @Test
    void candidatesCountVotesWeightsAndWhoGaveThem() {
        var features = new CandidateFeatures(POOL, Map.of("A", 0.5, "B", 0.5));
        List<Candidate> cs = features.candidates(List.of(
                new ExpertVote("sage", 2.0, Optional.of("B"), ""),
                new ExpertVote("echo1", -1.0, Optional.of("A"), ""),
                new ExpertVote("echo2", -0.5, Optional.of("A"), ""),
                new ExpertVote("mute", 1.0, Optional.empty(), "")), 4);
        assertEquals(List.of("B", "A"), cs.stream().map(Candidate::answer).toList(), "first-seen order");
        Map<String, Double> b = cs.get(0).features();
        Map<String, Double> a = cs.get(1).features();
        assertEquals(1.0, b.get("votes"));
        assertEquals(2.0, a.get("votes"));
        assertEquals(2.0 / 3, a.get("vote_share"), 1e-12, "the abstaining expert does not count");
        assertEquals(1.0, a.get("plurality"));
        assertEquals(0.0, b.get("plurality"));
        assertEquals(-1.5, a.get("weight_sum"), 1e-12);
        assertEquals(3.5, b.get("weight_margin"), 1e-12);
        assertEquals(1.0, b.get("top_expert"));
        assertEquals(0.5, a.get("first_rank"), 1e-12);
        assertEquals(2.0, a.get("prior_ratio"), 1e-12, "gold half the time among 4 options: twice uniform");
        assertEquals(1.0, a.get("by=echo1"));
        assertEquals(null, a.get("by=sage"));
        assertEquals(1.0, a.get("posterior") + b.get("posterior"), 1e-12);
        assertTrue(b.get("posterior") > a.get("posterior"), "log-odds 2 beats -1.5 with one vote's evidence more");
        assertEquals(List.of(), features.candidates(List.of(new ExpertVote("sage", 1, Optional.empty(), "")), 4));
    }

    @Test
    void reasoningFeaturesReadHedgesChangesLoopsAndTheFinalLine() {
        var clean = ReasoningFeatures.of("We compute 2+2=4.\nThe answer is (B)", "B");
        assertEquals(1.0, clean.present());
        assertEquals(1.0, clean.cleanFinal());
        assertEquals(0.0, clean.answerChanges());
        assertEquals(0.0, clean.hedges());
        var unsure = ReasoningFeatures.of("Maybe the answer is (A). Wait, perhaps not. The answer is (C).\n"
                + "Hmm, probably the answer is (C).\nLet me double-check the units once more.", "C");
        assertEquals(0.0, unsure.cleanFinal(), "the last line states no answer");
        assertEquals(1.0, unsure.answerChanges(), "it said A before settling on C");
        assertTrue(unsure.hedges() > 0);
        var loop = ReasoningFeatures.of("the answer is (D) the answer is (D) the answer is (D)", "D");
        assertEquals(1.0, loop.loop());
        assertEquals(ReasoningFeatures.ABSENT, ReasoningFeatures.of("", "A"));
    }

    @Test
    void learnsWhichExpertToTrustWhereTheVoteIsMisled() {
        List<TrainingQuestion> train = misledPool(3000, 1);
        List<TrainingQuestion> test = misledPool(1000, 2);
        StackingModel model = StackingTrainer.train(train, POOL, 7);
        double learned = accuracy(model, test);
        double vote = plurality(test);
        assertTrue(vote < 0.5, "the synthetic vote is misled: " + vote);
        assertTrue(learned > 0.72, "learned " + learned + " should approach sage's 0.8");
        assertTrue(learned > vote + 0.2, "learned " + learned + " vs vote " + vote);
        assertEquals(3000, model.trainingQuestions());
    }

    @Test
    void refusesTrainingDataWithOnlyOneLabel() {
        var allRight = List.of(new TrainingQuestion(List.of(vote("sage", "A")), 4, "A"));
        var e = assertThrows(IllegalArgumentException.class, () -> StackingTrainer.train(allRight, POOL, 1));
        assertTrue(e.getMessage().contains("both right and wrong"), e.getMessage());
    }

    @Test
    void savedModelScoresExactlyAsTheTrainedOne(@TempDir Path dir) {
        StackingModel model = StackingTrainer.train(misledPool(500, 3), POOL, 7);
        Path file = dir.resolve(StackingModelFile.FILE_NAME);
        StackingModelFile.write(model, file);
        StackingModel back = StackingModelFile.read(file);
        assertEquals(model.features(), back.features());
        assertEquals(500, back.trainingQuestions());
        for (TrainingQuestion q : misledPool(50, 4)) {
            var a = model.score(q.votes(), 4);
            var b = back.score(q.votes(), 4);
            assertEquals(a.size(), b.size());
            for (int i = 0; i < a.size(); i++) {
                assertEquals(a.get(i).candidate().answer(), b.get(i).candidate().answer());
                assertEquals(a.get(i).score(), b.get(i).score(), 1e-12);
            }
        }
    }

    @Test
    void aVersionOneLogisticRegressionFileStillLoadsAndScoresAsBefore(@TempDir Path dir) throws IOException {
        // The learner before the trees: Tribuo's logistic regression, saved in the same envelope.
        List<TrainingQuestion> train = misledPool(1000, 6);
        var features = new CandidateFeatures(POOL, StackingTrainer.priors(train));
        var labels = new org.tribuo.classification.LabelFactory();
        var data = new org.tribuo.MutableDataset<>(
                new org.tribuo.provenance.SimpleDataSourceProvenance("v1", labels), labels);
        for (TrainingQuestion q : train) {
            for (Candidate c : features.candidates(q.votes(), q.options())) {
                data.add(StackingModel.example(new org.tribuo.classification.Label(
                        c.answer().equals(q.gold()) ? StackingModel.RIGHT : StackingModel.WRONG), c));
            }
        }
        var lr = new org.tribuo.classification.sgd.linear.LinearSGDTrainer(
                new org.tribuo.classification.sgd.objectives.LogMulticlass(),
                new org.tribuo.math.optimisers.AdaGrad(1.0, 0.1), 5, Integer.MAX_VALUE, 1, 7L).train(data);
        StackingModel old = new StackingModel(lr, features, train.size());
        Path file = dir.resolve(StackingModelFile.FILE_NAME);
        StackingModelFile.write(old, file);
        assertTrue(Files.readString(file).contains("\"kind\" : \"tribuo-logistic-regression\""));
        StackingModel back = StackingModelFile.read(file);
        for (TrainingQuestion q : misledPool(50, 8)) {
            assertEquals(old.choose(q.votes(), 4).map(c -> c.candidate().answer()),
                    back.choose(q.votes(), 4).map(c -> c.candidate().answer()));
        }
        assertTrue(accuracy(back, misledPool(500, 9)) > 0.72, "the loaded v1 model still follows sage");
    }

    @Test
    void theTreesAreWhatTheFileSaysItHolds(@TempDir Path dir) throws IOException {
        Path file = dir.resolve(StackingModelFile.FILE_NAME);
        StackingModelFile.write(StackingTrainer.train(misledPool(300, 10), POOL, 7), file);
        assertTrue(Files.readString(file).contains("\"kind\" : \"tribuo-xgboost\""), Files.readString(file));
    }

    @Test
    void refusesAnUnknownVersionAndAForeignFile(@TempDir Path dir) throws IOException {
        StackingModel model = StackingTrainer.train(misledPool(200, 5), POOL, 7);
        Path file = dir.resolve(StackingModelFile.FILE_NAME);
        StackingModelFile.write(model, file);
        Files.writeString(file, Files.readString(file).replace("\"version\" : 2", "\"version\" : 99"));
        var e = assertThrows(IllegalArgumentException.class, () -> StackingModelFile.read(file));
        assertTrue(e.getMessage().contains("version 99 is not supported"), e.getMessage());
        Files.writeString(file, "{\"profiles\": []}");
        e = assertThrows(IllegalArgumentException.class, () -> StackingModelFile.read(file));
        assertTrue(e.getMessage().contains("not a symoe aggregator model"), e.getMessage());
    }

    /** A machine without libgomp gets told what to install, not a bare UnsatisfiedLinkError from deep in XGBoost4J. */
    @Test
    void aMissingNativeLibrarySaysWhatToInstall() {
        var e = NativeLibraryMissing.explain(new UnsatisfiedLinkError("libgomp.so.1: cannot open shared object file"));
        assertTrue(e.getMessage().contains("apt-get install libgomp1") && e.getMessage().contains("libgomp.so.1: cannot open"),
                e.getMessage());
    }
}
