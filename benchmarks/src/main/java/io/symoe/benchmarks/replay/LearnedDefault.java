package io.symoe.benchmarks.replay;

import io.symoe.aggregator.strategy.Aggregator;
import io.symoe.core.RecruitedExpert;
import io.symoe.core.recorded.RecordedQuestion;

import java.util.List;

/**
 * The {@code default} router: {@code default-vote}'s experts (embedding skills, competence-weighted recruiting),
 * merged by the stacking model trained on the profile questions only, cross-fitted over {@link #PARTS} parts
 * stratified by category. Deterministic: the parts and the trees' subsampling use {@link #SEED}, so {@code --seeds} does
 * not apply (it runs once, as every deterministic router does).
 */
final class LearnedDefault implements ReplayRouter {
    /** Cross-fitting parts of the profile questions, as {@code profiles-build --learned-aggregator} uses. */
    static final int PARTS = 5;
    static final long SEED = 0;

    private final ReplayRouter experts;

    LearnedDefault(ReplayRouter experts) {
        this.experts = experts;
    }

    @Override
    public String name() {
        return "default";
    }

    @Override
    public boolean stochastic() {
        return false;
    }

    @Override
    public String skillsLabel(ReplaySetup setup) {
        return experts.skillsLabel(setup);
    }

    @Override
    public String aggregatorLabel(ReplaySetup setup) {
        return "learned";
    }

    @Override
    public boolean readsTexts() {
        return true;
    }

    @Override
    public List<List<RecruitedExpert>> recruit(ReplaySetup setup, List<RecordedQuestion> questions, int seed) {
        return experts.recruit(setup, questions, seed);
    }

    @Override
    public List<String> answers(ReplaySetup setup, List<RecordedQuestion> questions,
                                List<List<RecruitedExpert>> recruited, Aggregator vote) {
        List<RecordedQuestion> profile = setup.profileData().questions().stream()
                .filter(q -> setup.profileIds().contains(q.id())).toList();
        if (profile.size() < 2) {
            throw new IllegalArgumentException("the default router trains its aggregator on the profile questions;"
                    + " it needs at least 2, got " + profile.size());
        }
        List<List<String>> parts = CrossValidation.folds(profile, Math.min(PARTS, profile.size()), SEED);
        var fit = LearnedAggregation.crossFit(setup, parts, experts, setup.k());
        var model = LearnedAggregation.train(fit, setup.pool(), setup.k(), SEED);
        return LearnedAggregation.choose(model, questions, recruited, setup.k());
    }
}
