package io.symoe.skillrouter.recruit;

import java.util.List;

/**
 * The cost-aware variant of {@link SequentialStop}: call the next expert only while the accuracy it is expected to
 * add ({@link SequentialStop#expectedGain}) is worth its price, {@code value · gain ≥ price}, and the question's
 * budget still covers it. {@code value} is what one more right answer is worth in the prices' unit ($ per right
 * answer with per-call prices in $; with every price 1 it is calls per right answer), so it is the knob a frontier
 * sweeps. The first expert is always called: a question needs one answer.
 *
 * @param value      worth of one more right answer, in the prices' unit, &gt;= 0
 * @param budget     the most one question may spend (positive infinity for none)
 * @param maxExperts the most experts called for one question
 * @param scale      β, the calibration factor on vote weights (see {@link SequentialStop})
 */
public record CostAwareStop(double value, double budget, int maxExperts, double scale) implements StopRule {
    public CostAwareStop {
        if (!(value >= 0) || Double.isInfinite(value)) {
            throw new IllegalArgumentException("value must be a finite number >= 0, got " + value);
        }
        if (!(budget > 0)) {
            throw new IllegalArgumentException("budget must be > 0, got " + budget);
        }
        if (maxExperts < 1) {
            throw new IllegalArgumentException("maxExperts must be >= 1, got " + maxExperts);
        }
        if (!(scale > 0) || Double.isInfinite(scale)) {
            throw new IllegalArgumentException("scale must be a finite number > 0, got " + scale);
        }
    }

    @Override
    public boolean stopAfter(List<SequentialStop.Vote> votes, double spent, List<Next> upcoming, int options) {
        return !callNext(votes, spent, upcoming, options);
    }

    /** An expert not yet called: its vote weight and price. */
    public record Next(double weight, double price) {
        public Next {
            if (!(price >= 0) || Double.isInfinite(price)) {
                throw new IllegalArgumentException("price must be a finite number >= 0, got " + price);
            }
        }
    }

    /**
     * Whether to call the next expert after {@code votes}, having spent {@code spent}: yes when the next one, or the
     * next two together, are expected to add accuracy worth their price. Looking two ahead matters: a single weak
     * vote against a leader changes no decision, so its myopic gain is 0, while two agreeing ones can.
     *
     * @param upcoming the experts not yet called, in calling order (empty: nobody left)
     */
    public boolean callNext(List<SequentialStop.Vote> votes, double spent, List<Next> upcoming, int options) {
        if (upcoming.isEmpty() || votes.size() >= maxExperts) {
            return false;
        }
        Next first = upcoming.getFirst();
        if (votes.isEmpty()) {
            return true;
        }
        if (spent + first.price() > budget) {
            return false;
        }
        if (value * SequentialStop.expectedGain(votes, first.weight(), options, scale) >= first.price()) {
            return true;
        }
        if (upcoming.size() < 2 || votes.size() + 2 > maxExperts) {
            return false;
        }
        Next second = upcoming.get(1);
        double pair = first.price() + second.price();
        return spent + pair <= budget && value * SequentialStop.expectedGain(votes,
                new double[] {first.weight(), second.weight()}, options, scale) >= pair;
    }
}
