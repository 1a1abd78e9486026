package io.symoe.aggregator.measure;

import io.symoe.aggregator.extract.AnswerExtractor;
import io.symoe.aggregator.extract.ExtractionRule;
import io.symoe.aggregator.extract.MmluProHarnessExtractor;
import io.symoe.aggregator.extract.PaperParityChoiceExtractor;
import io.symoe.aggregator.extract.StrictChoiceExtractor;
import io.symoe.core.AnswerFormat;
import io.symoe.core.recorded.RecordedDataset;
import io.symoe.core.recorded.RecordedOutcome;
import io.symoe.testsupport.SharedData;
import io.symoe.modelpool.recorded.MmluProOutputsReader;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;
import java.util.function.Function;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Extraction and consensus skip on the real MMLU-Pro outputs of 29 models (≈ 265 k texts). The texts are read
 * once (≈ 5 s); extraction over all of them takes about a second per extractor. The asserted bounds are the
 * measured values rounded down, so a regression in an extractor shows up here.
 */
class MmluProRecordedOutputsTest {
    static final AnswerFormat.MultipleChoice TEN = new AnswerFormat.MultipleChoice(10);
    static final List<String> SMALL_POOL = List.of("Llama-2-7b-hf", "Meta-Llama-3-8B", "Meta-Llama-3_1-8B",
            "Meta-Llama-3_1-8B-Instruct", "Mistral-7B-v0.1", "Mistral-7B-v0.2-hf", "Mistral-7B-Instruct-v0.1",
            "Mistral-7B-Instruct-v0.2", "Phi-3-mini-4k-instruct", "Qwen1.5-7B-Chat", "Yi-6B", "Yi-6b-Chat",
            "gemma-7b", "mathstral-7B");

    static RecordedDataset data;

    @BeforeAll
    static void read() {
        data = MmluProOutputsReader.read(SharedData.require("data/mmlu-pro-outputs"));
    }

    static void note(String line) {
        System.out.println("[mmlu-pro] " + line);
    }

    @Test
    void harnessRuleReproducesTheRecordedPredictions() {
        var r = ExtractorAgreement.measure(data, new MmluProHarnessExtractor());
        note("harness " + r + " " + r.tally());
        assertEquals(29, data.models().size());
        assertTrue(r.texts() > 260_000, "texts " + r.texts());
        // Where both answer they agree; the extra answers are the harness's third rule (last standalone letter),
        // which the runs that produced these files evidently did not apply (their pred is null there).
        assertTrue(r.agreementWhereBoth() >= 0.999, r.toString());
    }

    @Test
    void strictExtractorAgreesWithTheHarness() {
        var r = ExtractorAgreement.measure(data, new StrictChoiceExtractor(TEN));
        note("strict " + r + " " + r.tally());
        assertTrue(r.agreementWhereBoth() >= 0.992, r.toString());
        assertTrue(r.agreementOverall() >= 0.980, r.toString());
        assertEquals(0, r.tally().fallbacks(), "strict has no fallback rule");
        // No answer for about one text in ten: degenerate or truncated generations without a final phrase.
        assertTrue(r.tally().noneRate() < 0.104, r.toString());
    }

    @Test
    void paperParityExtractorAgreesLessAndFallsBackOften() {
        var r = ExtractorAgreement.measure(data, new PaperParityChoiceExtractor(TEN));
        note("parity " + r + " " + r.tally());
        assertTrue(r.agreementWhereBoth() >= 0.955, r.toString());
        assertTrue(r.tally().fallbackRate() > 0.06 && r.tally().fallbackRate() < 0.07, r.toString());
        long pipes = data.questions().stream().flatMap(q -> q.outcomes().values().stream())
                .filter(o -> o.text() != null)
                .map(o -> new PaperParityChoiceExtractor(TEN).extract(o.text()).answer())
                .filter(a -> a.equals(Optional.of("|"))).count();
        note("parity '|' answers: " + pipes);
    }

    private static Function<RecordedOutcome, Optional<String>> strict() {
        AnswerExtractor x = new StrictChoiceExtractor(TEN);
        return o -> o.text() == null ? Optional.empty() : x.extract(o.text()).answer();
    }

    private static Function<RecordedOutcome, Optional<String>> pred() {
        return o -> Optional.ofNullable(o.prediction());
    }

    @Test
    void consensusSkipSavingsAtKEquals3() {
        List<String> full = data.models().stream().filter(m -> !m.equals("DeepSeek-Coder-V2")).toList();
        assertEquals(28, full.size());
        List<String> topFull = ConsensusSkipSavings.topByAccuracy(data, full, 3);
        List<String> topSmall = ConsensusSkipSavings.topByAccuracy(data, SMALL_POOL, 3);
        note("top-3 full pool " + topFull);
        note("top-3 small pool " + topSmall);
        for (String m : concat(topFull, topSmall)) {
            note(String.format("accuracy %s %.4f", m, ConsensusSkipSavings.accuracy(data, m)));
        }
        assertEquals(List.of("gemini-1.5-pro-002", "gemini-1.5-flash-002", "Meta-Llama-3_1-70B-Instruct"), topFull);
        assertEquals(List.of("Meta-Llama-3_1-8B-Instruct", "mathstral-7B", "Phi-3-mini-4k-instruct"), topSmall);
        var random = ConsensusSkipSavings.randomDistinct(full, 3, 42);
        var predFull = ConsensusSkipSavings.measure(data.questions(), q -> topFull, pred());
        var predSmall = ConsensusSkipSavings.measure(data.questions(), q -> topSmall, pred());
        var predRandom = ConsensusSkipSavings.measure(data.questions(), random, pred());
        random = ConsensusSkipSavings.randomDistinct(full, 3, 42);
        var strictFull = ConsensusSkipSavings.measure(data.questions(), q -> topFull, strict());
        var strictSmall = ConsensusSkipSavings.measure(data.questions(), q -> topSmall, strict());
        var strictRandom = ConsensusSkipSavings.measure(data.questions(), random, strict());
        note("pred   top3-full   " + predFull);
        note("pred   top3-small  " + predSmall);
        note("pred   random-full " + predRandom);
        note("strict top3-full   " + strictFull);
        note("strict top3-small  " + strictSmall);
        note("strict random-full " + strictRandom);
        // Strong experts agree on about half the questions; weak or random triples on a fifth to a quarter.
        assertBetween(0.53, 0.55, strictFull.savedFraction());
        assertBetween(0.27, 0.29, strictSmall.savedFraction());
        assertBetween(0.20, 0.22, strictRandom.savedFraction());
        assertBetween(0.52, 0.54, predFull.savedFraction());
        // Unanimous answers are far more often right than contested ones: skipping the aggregator there is cheap.
        for (var r : List.of(predFull, predSmall, predRandom, strictFull, strictSmall, strictRandom)) {
            assertTrue(r.unanimousAccuracy() > r.contestedVoteAccuracy() + 0.3, r.toString());
            assertTrue(r.unanimousAccuracy() > 0.78, r.toString());
        }
    }

    @Test
    void competenceWeightingAndTieBreakOnRandomTriples() {
        // Competence proxy: each model's overall recorded accuracy (the router's per-instance skill scores are
        // skill-router's business; this only checks that weighting by a sensible competence helps the vote).
        List<String> full = data.models().stream().filter(m -> !m.equals("DeepSeek-Coder-V2")).toList();
        java.util.Map<String, Double> acc = new java.util.HashMap<>();
        full.forEach(m -> acc.put(m, ConsensusSkipSavings.accuracy(data, m)));
        var triples = ConsensusSkipSavings.randomDistinct(full, 3, 7);
        int majorityFirst = 0, majorityCompetence = 0, weighted = 0;
        for (var q : data.questions()) {
            List<String> experts = triples.apply(q);
            List<io.symoe.aggregator.strategy.Ballot> ballots = new java.util.ArrayList<>();
            for (int i = 0; i < experts.size(); i++) {
                RecordedOutcome o = q.outcomes().get(experts.get(i));
                Optional<String> a = o == null ? Optional.empty() : Optional.ofNullable(o.prediction());
                ballots.add(new io.symoe.aggregator.strategy.Ballot(i, experts.get(i), a,
                        a.isPresent() ? ExtractionRule.ANSWER_PHRASE : ExtractionRule.NONE, acc.get(experts.get(i))));
            }
            majorityFirst += correct(q.gold(), io.symoe.aggregator.strategy.VoteTally.count(ballots, false,
                    io.symoe.aggregator.strategy.TieBreak.FIRST_SEEN));
            majorityCompetence += correct(q.gold(), io.symoe.aggregator.strategy.VoteTally.count(ballots, false,
                    io.symoe.aggregator.strategy.TieBreak.COMPETENCE));
            weighted += correct(q.gold(), io.symoe.aggregator.strategy.VoteTally.count(ballots, true,
                    io.symoe.aggregator.strategy.TieBreak.COMPETENCE));
        }
        double n = data.questions().size();
        note(String.format("random triples seed 7: majority/first-seen %.4f, majority/competence %.4f,"
                + " competence-weighted %.4f", majorityFirst / n, majorityCompetence / n, weighted / n));
        assertTrue(majorityCompetence > majorityFirst, "competence tie-break should beat first-seen");
        assertTrue(weighted >= majorityCompetence, "weighting should not lose to the plain majority here");
    }

    private static int correct(String gold, io.symoe.aggregator.strategy.VoteTally t) {
        return t.winner().isPresent() && t.winner().get().equals(gold) ? 1 : 0;
    }

    private static List<String> concat(List<String> a, List<String> b) {
        return java.util.stream.Stream.concat(a.stream(), b.stream()).toList();
    }

    private static void assertBetween(double lo, double hi, double v) {
        assertTrue(v >= lo && v <= hi, v + " not in [" + lo + ", " + hi + "]");
    }
}
