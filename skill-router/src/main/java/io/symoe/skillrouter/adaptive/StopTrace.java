package io.symoe.skillrouter.adaptive;

import io.symoe.skillrouter.recruit.CostAwareStop;
import io.symoe.skillrouter.recruit.SequentialStop;
import io.symoe.skillrouter.recruit.StopRule;

import java.util.List;
import java.util.Objects;

/**
 * One training question as the stopping rule would see it: the votes of its recruited experts in calling order
 * (all of them, up to the budget), the gold answer and the number of options. Replaying a rule on a trace is then
 * exact: it reads a prefix of {@code votes}.
 */
public record StopTrace(List<SequentialStop.Vote> votes, String gold, int options) {
    public StopTrace {
        votes = List.copyOf(votes);
        Objects.requireNonNull(gold, "gold");
        if (votes.isEmpty()) {
            throw new IllegalArgumentException("a trace needs at least one recruited expert");
        }
    }

    /** What a rule did on one trace: experts called and whether its answer was right. */
    public record Outcome(int calls, boolean right) {}

    /** Replays {@code rule} with every call priced 1 (what the served expected-gain rule assumes). */
    public Outcome replay(StopRule rule) {
        List<CostAwareStop.Next> upcoming = new java.util.ArrayList<>(votes.size());
        for (SequentialStop.Vote v : votes) {
            upcoming.add(new CostAwareStop.Next(v.weight(), 1));
        }
        return replay(rule, upcoming);
    }

    /**
     * Replays {@code rule}: call the experts in order while it says go on, answer the leader.
     *
     * @param upcoming each expert's weight and price, as {@code votes}
     */
    public Outcome replay(StopRule rule, List<CostAwareStop.Next> upcoming) {
        int n = 0;
        double spent = 0;
        // The first expert is always called: a question needs an answer.
        do {
            spent += upcoming.get(n).price();
            n++;
        } while (n < votes.size() && !rule.stopAfter(votes.subList(0, n), spent, upcoming.subList(n, votes.size()),
                options));
        var leader = rule.leader(votes.subList(0, n), options).answer();
        return new Outcome(n, leader.isPresent() && leader.get().equals(gold));
    }

    /** log P(gold | the first n votes) under calibration {@code scale}; an unvoted gold shares the rest evenly. */
    double logLikelihood(int n, double scale) {
        java.util.Map<String, Double> score = new java.util.LinkedHashMap<>();
        for (SequentialStop.Vote v : votes.subList(0, n)) {
            v.answer().ifPresent(a -> score.merge(a, scale * v.weight(), Double::sum));
        }
        int unvoted = Math.max(0, Math.max(2, options) - score.size());
        double top = score.values().stream().mapToDouble(Double::doubleValue).max().orElse(0);
        top = Math.max(top, 0);
        double z = unvoted * Math.exp(-top);
        for (double s : score.values()) {
            z += Math.exp(s - top);
        }
        double g = score.containsKey(gold) ? score.get(gold) : 0;
        return g - top - Math.log(z);
    }
}
