package io.symoe.benchmarks.replay;

import io.symoe.aggregator.strategy.Aggregator;
import io.symoe.core.RecruitedExpert;
import io.symoe.core.recorded.RecordedQuestion;

import java.util.ArrayList;
import java.util.List;

/** A named way to recruit experts for recorded questions, for replay sweeps. */
public interface ReplayRouter {
    String name();

    /** Whether results vary with the seed (then a sweep runs every seed). */
    boolean stochastic();

    /** The oracle router is right when any pool model is right; it recruits the whole pool. */
    default boolean oracle() {
        return false;
    }

    /** The experts for each question, in question order. */
    List<List<RecruitedExpert>> recruit(ReplaySetup setup, List<RecordedQuestion> questions, int seed);

    /** The skills its {@code runs} row names: the sweep's {@code --skills}, unless the router fixes its own. */
    default String skillsLabel(ReplaySetup setup) {
        return setup.skills().name().toLowerCase(java.util.Locale.ROOT);
    }

    /** The aggregation its {@code runs} row names: the sweep's {@code --aggregator}, unless it merges its own way. */
    default String aggregatorLabel(ReplaySetup setup) {
        return setup.aggregator();
    }

    /** Whether {@link #answers} reads the experts' reasoning texts (then the recordings are read with them). */
    default boolean readsTexts() {
        return false;
    }

    /**
     * Each question's merged answer (null: none) from its recruited experts' recorded answers; the sweep's vote
     * unless the router brings its own aggregation.
     */
    default List<String> answers(ReplaySetup setup, List<RecordedQuestion> questions,
                                 List<List<RecruitedExpert>> recruited, Aggregator vote) {
        List<String> out = new ArrayList<>(questions.size());
        for (int i = 0; i < questions.size(); i++) {
            out.add(ReplaySweep.vote(vote, questions.get(i), recruited.get(i)));
        }
        return out;
    }
}
