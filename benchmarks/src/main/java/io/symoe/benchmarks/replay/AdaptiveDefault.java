package io.symoe.benchmarks.replay;

import io.symoe.aggregator.learned.StackingModel;
import io.symoe.aggregator.learned.StagedThreshold;
import io.symoe.aggregator.learned.StagedTrace;
import io.symoe.aggregator.learned.StagedTrainer;
import io.symoe.aggregator.strategy.Aggregator;
import io.symoe.core.RecruitedExpert;
import io.symoe.core.recorded.RecordedQuestion;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;

/**
 * The {@code default-adaptive} router of plain sweeps: {@code default-vote}'s experts called one at a time, up to
 * {@link StagedTrainer#MAX_STAGES}, until the learned aggregator's stage model is confident enough
 * ({@code aggregator}'s {@code StagedModel}); everything is trained on the profile questions only, as
 * {@link LearnedDefault} is: stage models on all {@link LearnedDefault#PARTS} cross-fitted parts, the thresholds
 * for at most k calls per question chosen on the last part, scored by stage models trained without it. Its
 * {@code runs} row counts the experts actually called. Deterministic, like {@code default}.
 */
final class AdaptiveDefault implements ReplayRouter {
    private final ReplayRouter experts;
    private final String name;
    private final StagedThreshold.Mode mode;
    /** The last {@link #recruit} call's questions and answers, which {@link #answers} hands on. */
    private List<RecordedQuestion> lastQuestions;
    private List<String> lastAnswers;

    AdaptiveDefault(String name, ReplayRouter experts, StagedThreshold.Mode mode) {
        this.name = name;
        this.experts = experts;
        this.mode = mode;
    }

    @Override
    public String name() {
        return name;
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

    /** The experts called for each question: the prefix of default's ranking at which the staged rule stopped. */
    @Override
    public List<List<RecruitedExpert>> recruit(ReplaySetup setup, List<RecordedQuestion> questions, int seed) {
        List<RecordedQuestion> profile = setup.profileData().questions().stream()
                .filter(q -> setup.profileIds().contains(q.id())).toList();
        if (profile.size() < 2) {
            throw new IllegalArgumentException(name + " trains its aggregator on the profile questions; it needs at"
                    + " least 2, got " + profile.size());
        }
        int stages = Math.min(StagedTrainer.MAX_STAGES, setup.pool().size());
        List<List<String>> parts = CrossValidation.folds(profile, Math.min(LearnedDefault.PARTS, profile.size()),
                LearnedDefault.SEED);
        var fit = LearnedAggregation.crossFit(setup, parts, experts, stages);
        List<Optional<StackingModel>> models = new ArrayList<>(stages);
        for (int m = 1; m <= stages; m++) {
            models.add(LearnedAggregation.train(fit, setup.pool(), m, LearnedDefault.SEED));
        }
        List<StagedTrace> validation = LearnedAggregation.validationTraces(fit, new HashSet<>(parts.getLast()),
                setup.pool(), stages, LearnedDefault.SEED);
        List<Double> thresholds = StagedThreshold.choose(validation, setup.k(), mode).thresholds();
        ReplaySetup wide = new ReplaySetup(setup.profileData(), setup.profileIds(), setup.evalData(),
                setup.evalIds(), setup.pool(), setup.skills(), stages, setup.aggregator(), setup.embeddings());
        List<List<RecruitedExpert>> ranked = experts.recruit(wide, questions, seed);
        List<StagedTrace> traces = LearnedAggregation.traces(fit, models, questions, ranked);
        StagedRun run = StagedRun.of(traces, ranked, thresholds);
        lastQuestions = questions;
        lastAnswers = run.answers();
        return run.called();
    }

    /** What the staged rule did on each question: the prefix of its ranked experts it called, and its answer. */
    record StagedRun(List<List<RecruitedExpert>> called, List<String> answers) {
        static StagedRun of(List<StagedTrace> traces, List<List<RecruitedExpert>> ranked, List<Double> thresholds) {
            AdaptiveCurves.sameQuestions(traces, ranked);
            List<List<RecruitedExpert>> called = new ArrayList<>(traces.size());
            List<String> answers = new ArrayList<>(traces.size());
            for (int i = 0; i < traces.size(); i++) {
                StagedTrace.Outcome o = traces.get(i).replay(thresholds);
                called.add(ranked.get(i).subList(0, o.calls()));
                answers.add(traces.get(i).leaders().get(o.calls() - 1));
            }
            return new StagedRun(called, answers);
        }
    }

    @Override
    public List<String> answers(ReplaySetup setup, List<RecordedQuestion> questions,
                                List<List<RecruitedExpert>> recruited, Aggregator vote) {
        if (questions != lastQuestions) {
            recruit(setup, questions, 0);
        }
        return lastAnswers;
    }
}
