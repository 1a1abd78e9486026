package io.symoe.aggregator.measure;

import io.symoe.aggregator.extract.ExtractionRule;
import io.symoe.aggregator.strategy.Ballot;
import io.symoe.aggregator.strategy.TieBreak;
import io.symoe.aggregator.strategy.VoteTally;
import io.symoe.core.recorded.RecordedDataset;
import io.symoe.core.recorded.RecordedOutcome;
import io.symoe.core.recorded.RecordedQuestion;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Random;
import java.util.function.Function;

/**
 * What consensus skip saves on recorded outputs: for each question, k experts are chosen, their answers read, and
 * the question counts as skipped when all k agree (an expert without a record, or without an answer, breaks the
 * consensus, as it would live). Also how accurate the unanimous answers are compared with the majority vote on
 * the rest — the evidence that skipping the aggregator there costs little.
 */
public final class ConsensusSkipSavings {
    private ConsensusSkipSavings() {}

    /**
     * @param questions          questions considered
     * @param unanimous          questions where all k experts gave the same answer (aggregator calls saved)
     * @param unanimousCorrect   of those, how many equal the gold answer
     * @param contested          the rest
     * @param contestedVoteCorrect of those, how many the majority vote (competence-free, first-seen ties) gets right
     * @param contestedAnyCorrect  of those, how many have at least one correct expert (what an aggregator could
     *                             reach at best by picking)
     */
    public record Report(int questions, int unanimous, int unanimousCorrect, int contested, int contestedVoteCorrect,
                         int contestedAnyCorrect) {
        public double savedFraction() {
            return questions == 0 ? 0 : (double) unanimous / questions;
        }

        public double unanimousAccuracy() {
            return unanimous == 0 ? 0 : (double) unanimousCorrect / unanimous;
        }

        public double contestedVoteAccuracy() {
            return contested == 0 ? 0 : (double) contestedVoteCorrect / contested;
        }

        public double contestedOracleAccuracy() {
            return contested == 0 ? 0 : (double) contestedAnyCorrect / contested;
        }

        @Override
        public String toString() {
            return String.format("questions=%d saved=%.4f unanimousAcc=%.4f contested=%d contestedVoteAcc=%.4f"
                            + " contestedOracle=%.4f", questions, savedFraction(), unanimousAccuracy(), contested,
                    contestedVoteAccuracy(), contestedOracleAccuracy());
        }
    }

    /**
     * @param experts  the k experts chosen for a question (a model may repeat)
     * @param answerOf an outcome's answer (the harness's {@code pred}, or an extractor over its text)
     */
    public static Report measure(List<RecordedQuestion> questions, Function<RecordedQuestion, List<String>> experts,
                                 Function<RecordedOutcome, Optional<String>> answerOf) {
        int unanimous = 0, unanimousCorrect = 0, contested = 0, voteCorrect = 0, anyCorrect = 0;
        for (RecordedQuestion q : questions) {
            List<String> chosen = experts.apply(q);
            List<Ballot> ballots = new ArrayList<>(chosen.size());
            boolean any = false;
            for (int i = 0; i < chosen.size(); i++) {
                RecordedOutcome o = q.outcomes().get(chosen.get(i));
                Optional<String> a = o == null ? Optional.empty() : answerOf.apply(o);
                any |= a.isPresent() && a.get().equals(q.gold());
                ballots.add(new Ballot(i, chosen.get(i), a,
                        a.isPresent() ? ExtractionRule.ANSWER_PHRASE : ExtractionRule.NONE, 0));
            }
            VoteTally tally = VoteTally.count(ballots, false, TieBreak.FIRST_SEEN);
            boolean correct = tally.winner().isPresent() && tally.winner().get().equals(q.gold());
            if (tally.unanimous()) {
                unanimous++;
                unanimousCorrect += correct ? 1 : 0;
            } else {
                contested++;
                voteCorrect += correct ? 1 : 0;
                anyCorrect += any ? 1 : 0;
            }
        }
        return new Report(questions.size(), unanimous, unanimousCorrect, contested, voteCorrect, anyCorrect);
    }

    /** The k models of {@code pool} with the highest recorded accuracy over all questions (a missing record counts as wrong); ties by name. */
    public static List<String> topByAccuracy(RecordedDataset dataset, List<String> pool, int k) {
        Objects.requireNonNull(pool, "pool");
        if (k < 1 || k > pool.size()) {
            throw new IllegalArgumentException("k must be in 1.." + pool.size() + ", got " + k);
        }
        return pool.stream()
                .sorted(Comparator.comparingDouble((String m) -> -accuracy(dataset, m)).thenComparing(m -> m))
                .limit(k)
                .toList();
    }

    public static double accuracy(RecordedDataset dataset, String model) {
        long correct = dataset.questions().stream()
                .filter(q -> q.outcomes().containsKey(model) && q.outcomes().get(model).correct())
                .count();
        return dataset.questions().isEmpty() ? 0 : (double) correct / dataset.questions().size();
    }

    /** For each question, k distinct models drawn uniformly from the pool by a seeded generator (deterministic in question order). */
    public static Function<RecordedQuestion, List<String>> randomDistinct(List<String> pool, int k, long seed) {
        if (k < 1 || k > pool.size()) {
            throw new IllegalArgumentException("k must be in 1.." + pool.size() + ", got " + k);
        }
        Random random = new Random(seed);
        List<String> copy = List.copyOf(pool);
        return q -> {
            List<String> shuffled = new ArrayList<>(copy);
            // Partial Fisher–Yates: the first k positions are a uniform k-subset in random order.
            for (int i = 0; i < k; i++) {
                int j = i + random.nextInt(shuffled.size() - i);
                String t = shuffled.get(i);
                shuffled.set(i, shuffled.get(j));
                shuffled.set(j, t);
            }
            return List.copyOf(shuffled.subList(0, k));
        };
    }
}
