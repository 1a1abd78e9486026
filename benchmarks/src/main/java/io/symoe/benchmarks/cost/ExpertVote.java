package io.symoe.benchmarks.cost;

import io.symoe.aggregator.extract.AnswerExtractor;
import io.symoe.aggregator.extract.AnswerExtractors;
import io.symoe.aggregator.extract.ExtractionMode;
import io.symoe.core.AnswerFormat;
import io.symoe.core.RecruitedExpert;
import io.symoe.core.recorded.RecordedOutcome;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Whether a group of recruited experts answers a RouterBench question correctly, from recordings that hold each
 * model's response text and its 0/1 correctness but no gold answer.
 *
 * <p>The rule, chosen so that nothing is invented: the group's answer is carried by one expert, and the question
 * counts as right exactly when that expert's recorded correctness is 1.
 * <ul>
 *   <li>Multiple choice (ARC): each expert's letter is extracted from its response with the aggregator's
 *       extractor; the letter most experts gave wins (ties: the larger summed competence weight, then the earlier
 *       recruited); its carrier is the highest-weight expert that gave it. Experts without an extractable letter
 *       abstain; if all abstain, the highest-weight expert carries. This is a real majority vote: agreement is
 *       read from the texts, correctness from the recorded grade of the voter whose answer is returned.</li>
 *   <li>Free text (MBPP code): programs cannot be compared for equivalence without running them, and the
 *       recordings hold only pass/fail, so the group returns the answer of its most competent expert (highest
 *       weight). For k &gt; 1 this is "ask several, trust the most competent", not a vote.</li>
 * </ul>
 * With k = 1 both reduce to the single expert's recorded correctness. A model with no record for the question
 * counts as wrong (it cannot carry) and abstains from votes.
 */
public final class ExpertVote {
    private final AnswerFormat format;
    private final AnswerExtractor extractor;

    public ExpertVote(AnswerFormat format) {
        this.format = format;
        this.extractor = format instanceof AnswerFormat.MultipleChoice
                ? AnswerExtractors.forFormat(format, ExtractionMode.STRICT) : null;
    }

    public AnswerFormat format() {
        return format;
    }

    /** The letter an expert gave, if it can be read from its recorded response. */
    public Optional<String> letter(RecordedOutcome outcome) {
        if (extractor == null || outcome == null || outcome.text() == null) {
            return Optional.empty();
        }
        String text = RouterBenchText.unwrap(outcome.text()).strip();
        // Asked to "print only a single choice", most models answer with the bare letter, which the strict
        // extractor (looking for "the answer is (X)" / "Answer: X") would not read.
        if (text.length() == 1 && text.charAt(0) >= 'A' && text.charAt(0) <= lastLetter()) {
            return Optional.of(text);
        }
        return extractor.extract(text).answer();
    }

    private char lastLetter() {
        return ((AnswerFormat.MultipleChoice) format).lastLetter();
    }

    /** Whether the experts' combined answer is right (see the class comment for the rule). */
    public boolean correct(List<RecruitedExpert> experts, Map<String, RecordedOutcome> outcomes) {
        if (experts.isEmpty()) {
            return false;
        }
        RecruitedExpert carrier = null;
        if (extractor != null && experts.size() > 1) {
            Map<String, double[]> tally = new LinkedHashMap<>(); // letter -> {votes, weight}
            Map<String, RecruitedExpert> best = new LinkedHashMap<>();
            for (RecruitedExpert e : experts) {
                Optional<String> l = letter(outcomes.get(e.modelId()));
                if (l.isEmpty()) {
                    continue;
                }
                double[] t = tally.computeIfAbsent(l.get(), x -> new double[2]);
                t[0] += 1;
                t[1] += e.weight();
                best.merge(l.get(), e, (a, b) -> b.weight() > a.weight() ? b : a);
            }
            String winner = null;
            for (var entry : tally.entrySet()) {
                double[] t = entry.getValue();
                if (winner == null) {
                    winner = entry.getKey();
                    continue;
                }
                double[] w = tally.get(winner);
                if (t[0] > w[0] || t[0] == w[0] && t[1] > w[1]) {
                    winner = entry.getKey();
                }
            }
            carrier = winner == null ? null : best.get(winner);
        }
        if (carrier == null) {
            carrier = experts.getFirst();
            for (RecruitedExpert e : experts) {
                if (e.weight() > carrier.weight()) {
                    carrier = e;
                }
            }
        }
        RecordedOutcome o = outcomes.get(carrier.modelId());
        return o != null && o.score() >= 0.5;
    }
}
