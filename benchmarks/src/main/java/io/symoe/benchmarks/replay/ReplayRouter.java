package io.symoe.benchmarks.replay;

import io.symoe.core.RecruitedExpert;
import io.symoe.core.recorded.RecordedQuestion;

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
}
