package io.symoe.aggregator.strategy;

import io.symoe.aggregator.extract.ExtractionMode;
import io.symoe.aggregator.extract.ExtractionRule;
import io.symoe.aggregator.testing.Requests;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import static io.symoe.aggregator.testing.Requests.expert;
import static io.symoe.aggregator.testing.Requests.mc;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class VoteAggregatorTest {
    static AggregationResult run(Aggregator a, AggregationRequest r) {
        return a.aggregate(r).toCompletableFuture().join();
    }

    @Test
    void majorityWinsAndProvenanceListsTheAgreeingExperts() {
        var r = mc("q1", null,
                expert("m1", 0.2, "reasoning... The answer is (B)."),
                expert("m2", 0.9, "The answer is (C)."),
                expert("m3", 0.1, "<think>maybe (C)</think>The answer is (B)."));
        AggregationResult res = run(VoteAggregator.majority(TieBreak.FIRST_SEEN, ExtractionMode.STRICT), r);
        assertEquals(Optional.of("B"), res.answer().extractedAnswer());
        assertEquals("majority-vote", res.answer().strategy());
        assertEquals("reasoning... The answer is (B).", res.answer().text());
        assertFalse(res.answer().aggregatorCalled());
        AggregationProvenance p = res.provenance();
        assertEquals(List.of("m1", "m3"), p.agreeing());
        assertEquals(Map.of("B", 2.0, "C", 1.0), p.votes());
        assertEquals(List.of("B", "C"), List.copyOf(p.votes().keySet()));
        assertFalse(p.modelCalled());
        assertFalse(p.consensusSkipped());
        assertEquals(3, res.answer().experts().size());
    }

    @Test
    void outcomeOnlyOutputsVoteWithTheirProvidedAnswer() {
        // Recorded outcomes without text (replay benchmarks) carry the harness's prediction instead.
        var base = mc("q9", null, expert("m1", 0.5, "x"), expert("m2", 0.5, "x"), expert("m3", 0.5, "x"));
        List<io.symoe.core.ExpertOutput> outs = List.of(
                new io.symoe.core.ExpertOutput("m1", "q9", "", Optional.of("C"), null, java.time.Duration.ZERO),
                new io.symoe.core.ExpertOutput("m2", "q9", "", Optional.of("C"), null, java.time.Duration.ZERO),
                new io.symoe.core.ExpertOutput("m3", "q9", "", Optional.empty(), null, java.time.Duration.ZERO));
        var r = new AggregationRequest(base.instance(), base.assignment(), outs, base.answerInstruction());
        AggregationResult res = run(VoteAggregator.majority(TieBreak.FIRST_SEEN, ExtractionMode.PAPER_PARITY), r);
        assertEquals(Optional.of("C"), res.answer().extractedAnswer());
        assertEquals(ExtractionRule.PROVIDED, res.provenance().ballots().getFirst().rule());
        assertEquals(Map.of("C", 2.0), res.provenance().votes());
    }

    @Test
    void tiesGoToTheFirstSeenAnswerUnderParity() {
        var r = mc("q2", null,
                expert("weak", 0.1, "The answer is (A)."),
                expert("strong", 0.9, "The answer is (D)."));
        AggregationResult res = run(VoteAggregator.majority(TieBreak.FIRST_SEEN, ExtractionMode.STRICT), r);
        assertEquals(Optional.of("A"), res.answer().extractedAnswer());
        VoteTally tally = res.provenance().tally();
        assertTrue(tally.tie());
        assertEquals(List.of("A", "D"), tally.tied());
        assertEquals(Optional.of(TieBreak.FIRST_SEEN), tally.decidedBy(), "parity keeps first-seen even against competence");
    }

    @Test
    void tiesGoToTheMoreCompetentVotersWithTheCompetenceTieBreak() {
        var r = mc("q3", null,
                expert("weak1", 0.1, "The answer is (A)."),
                expert("weak2", 0.2, "The answer is (A)."),
                expert("strong", 0.5, "The answer is (D)."),
                expert("mid", 0.25, "The answer is (D)."));
        // 2 votes each; competence A = 0.3, D = 0.75.
        AggregationResult res = run(VoteAggregator.majority(TieBreak.COMPETENCE, ExtractionMode.STRICT), r);
        assertEquals(Optional.of("D"), res.answer().extractedAnswer());
        VoteTally tally = res.provenance().tally();
        assertEquals(List.of("A", "D"), tally.tied());
        assertEquals(Optional.of(TieBreak.COMPETENCE), tally.decidedBy());
        assertEquals(0.75, tally.competence().get("D"), 1e-12);
    }

    @Test
    void aTieOfEqualCompetenceFallsBackToFirstSeenAndSaysSo() {
        var r = mc("q3b", null,
                expert("x", 0.4, "The answer is (B)."),
                expert("y", 0.4, "The answer is (C)."));
        VoteTally tally = run(VoteAggregator.majority(TieBreak.COMPETENCE, ExtractionMode.STRICT), r).provenance().tally();
        assertEquals(Optional.of("B"), tally.winner());
        assertEquals(Optional.of(TieBreak.FIRST_SEEN), tally.decidedBy());
    }

    @Test
    void aClearMajorityIsNoTie() {
        var r = mc("q3c", null,
                expert("x", 0.1, "The answer is (B)."),
                expert("y", 0.1, "The answer is (B)."),
                expert("z", 0.9, "The answer is (C)."));
        VoteTally tally = run(VoteAggregator.majority(TieBreak.COMPETENCE, ExtractionMode.STRICT), r).provenance().tally();
        assertFalse(tally.tie());
        assertEquals(List.of("B"), tally.tied());
        assertEquals(Optional.empty(), tally.decidedBy());
    }

    @Test
    void competenceWeightedVoteLetsOneStrongExpertOutvoteTwoWeakOnes() {
        var r = mc("q4", null,
                expert("weak1", 0.2, "The answer is (A)."),
                expert("weak2", 0.3, "The answer is (A)."),
                expert("strong", 0.9, "The answer is (F)."));
        AggregationResult weighted = run(VoteAggregator.weighted(ExtractionMode.STRICT), r);
        assertEquals(Optional.of("F"), weighted.answer().extractedAnswer());
        assertEquals("weighted-vote", weighted.answer().strategy());
        assertEquals(0.5, weighted.provenance().votes().get("A"), 1e-12);
        assertEquals(0.9, weighted.provenance().votes().get("F"), 1e-12);
        assertEquals(List.of("strong"), weighted.provenance().agreeing());
        // The plain majority disagrees on the same request.
        assertEquals(Optional.of("A"), run(VoteAggregator.majority(TieBreak.COMPETENCE, ExtractionMode.STRICT), r)
                .answer().extractedAnswer());
    }

    @Test
    void weightedVoteWithoutAnyCompetenceCountsHeads() {
        var r = mc("q5", null,
                expert("a", 0, "The answer is (B)."),
                expert("b", 0, "The answer is (C)."),
                expert("c", 0, "The answer is (C)."));
        AggregationResult res = run(VoteAggregator.weighted(ExtractionMode.STRICT), r);
        assertEquals(Optional.of("C"), res.answer().extractedAnswer());
        assertEquals(2.0, res.provenance().votes().get("C"), 1e-12);
    }

    @Test
    void expertsWithoutAnAnswerAbstain() {
        var r = mc("q6", null,
                expert("a", 0.5, "I am not sure."),
                expert("b", 0.5, "rambling without end"),
                expert("c", 0.1, "The answer is (H)."));
        AggregationResult res = run(VoteAggregator.majority(TieBreak.FIRST_SEEN, ExtractionMode.STRICT), r);
        assertEquals(Optional.of("H"), res.answer().extractedAnswer());
        assertEquals(List.of("a", "b"), res.provenance().tally().abstentions());
        assertEquals(ExtractionRule.NONE, res.provenance().ballots().get(0).rule());
    }

    @Test
    void allAbstainingGivesNoAnswer() {
        var r = mc("q7", null, expert("a", 0.5, "?"), expert("b", 0.5, "??"));
        AggregationResult res = run(VoteAggregator.majority(TieBreak.FIRST_SEEN, ExtractionMode.STRICT), r);
        assertEquals(Optional.empty(), res.answer().extractedAnswer());
        assertEquals("", res.answer().text());
        assertEquals(List.of(), res.provenance().agreeing());
    }

    @Test
    void paperParityModeUsesTheLooseExtractor() {
        var r = mc("q8", null, expert("a", 0.5, "I'd go with B) here"), expert("b", 0.5, "Clearly B"));
        assertEquals(Optional.of("B"), run(VoteAggregator.majority(TieBreak.FIRST_SEEN, ExtractionMode.PAPER_PARITY), r)
                .answer().extractedAnswer());
        assertEquals(Optional.empty(), run(VoteAggregator.majority(TieBreak.FIRST_SEEN, ExtractionMode.STRICT), r)
                .answer().extractedAnswer());
    }

    @Test
    void aRepeatedModelMatchesItsDrawsInOrderAndAnUnrecruitedOneGetsTheLowestWeight() {
        var base = mc("q9", null,
                expert("m", 0.7, "The answer is (A)."),
                expert("m", 0.3, "The answer is (B)."),
                expert("x", 0.1, "The answer is (C)."));
        var outputs = new java.util.ArrayList<>(base.outputs());
        outputs.set(2, new io.symoe.core.ExpertOutput("replacement", "q9", "The answer is (C).", null, null,
                java.time.Duration.ZERO));
        var r = new AggregationRequest(base.instance(), base.assignment(), outputs, base.answerInstruction());
        List<Ballot> ballots = Ballots.of(r, new io.symoe.aggregator.extract.StrictChoiceExtractor(
                new io.symoe.core.AnswerFormat.MultipleChoice(10)));
        assertEquals(List.of(0.7, 0.3, 0.1), ballots.stream().map(Ballot::weight).toList());
    }

    @Test
    void requestsAreValidatedAtTheEdge() {
        var r = mc("q10", null, expert("a", 0.5, "The answer is (A)."));
        assertThrows(IllegalArgumentException.class,
                () -> new AggregationRequest(r.instance(), r.assignment(), List.of(), ""));
        var other = mc("other", null, expert("a", 0.5, "x"));
        assertThrows(IllegalArgumentException.class,
                () -> new AggregationRequest(r.instance(), other.assignment(), r.outputs(), ""));
        assertThrows(IllegalArgumentException.class,
                () -> new AggregationRequest(r.instance(), r.assignment(), other.outputs(), ""));
    }

    @Test
    void integerAnswersVoteAfterNormalisation() {
        var r = Requests.request("aime1", Requests.AIME, null,
                expert("a", 0.3, "so \\boxed{080}"),
                expert("b", 0.3, "thus $\\boxed{80}$"),
                expert("c", 0.9, "\\boxed{81}"));
        AggregationResult res = run(VoteAggregator.majority(TieBreak.COMPETENCE, ExtractionMode.STRICT), r);
        assertEquals(Optional.of("80"), res.answer().extractedAnswer());
        assertEquals(List.of("a", "b"), res.provenance().agreeing());
    }

    @Test
    void unanimityNeedsTwoVotersAndNoAbstention() {
        assertTrue(VoteTally.count(List.of(ballot("a", "A"), ballot("b", "A")), false, TieBreak.FIRST_SEEN)
                .unanimous());
        assertFalse(VoteTally.count(List.of(ballot("a", "A")), false, TieBreak.FIRST_SEEN).unanimous());
        assertFalse(VoteTally.count(List.of(ballot("a", "A"), ballot("b", null)), false, TieBreak.FIRST_SEEN)
                .unanimous());
        assertFalse(VoteTally.count(List.of(ballot("a", "A"), ballot("b", "B")), false, TieBreak.FIRST_SEEN)
                .unanimous());
    }

    static Ballot ballot(String model, String answer) {
        return new Ballot(0, model, Optional.ofNullable(answer),
                answer == null ? ExtractionRule.NONE : ExtractionRule.ANSWER_PHRASE, 1);
    }
}
