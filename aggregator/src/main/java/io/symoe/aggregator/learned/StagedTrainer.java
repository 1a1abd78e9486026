package io.symoe.aggregator.learned;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Trains the staged rule ({@link StagedModel}) from cross-fitted training questions: stage m's model on every
 * question's first m votes, and the threshold on a validation part scored by stage models trained without it, so
 * the P(right) the threshold is chosen on is out of sample, as a served question's is.
 */
public final class StagedTrainer {
    /** The most stages (experts per question) the rule is trained for. */
    public static final int MAX_STAGES = 5;

    private StagedTrainer() {}

    /**
     * @param parts       the training questions in parts, each question's votes its experts in calling order (at
     *                    least {@code stages} of them, weights cross-fitted)
     * @param validation  the part the threshold is chosen on
     * @param stages      M, the most experts called
     * @param targetCalls the mean calls per question the threshold may spend on the validation part
     */
    public static StagedModel train(List<List<TrainingQuestion>> parts, int validation, Set<String> experts,
                                    int stages, double targetCalls, long seed) {
        return train(parts, validation, experts, stages, targetCalls, StagedThreshold.Mode.UNIFORM, seed);
    }

    /** @param mode one threshold for every stage, or one per stage */
    public static StagedModel train(List<List<TrainingQuestion>> parts, int validation, Set<String> experts,
                                    int stages, double targetCalls, StagedThreshold.Mode mode, long seed) {
        if (parts.size() < 2 || validation < 0 || validation >= parts.size()) {
            throw new IllegalArgumentException("the staged rule needs at least 2 parts and a validation part among"
                    + " them; got " + parts.size() + " parts, validation " + validation);
        }
        if (stages < 1) {
            throw new IllegalArgumentException("stages must be >= 1, got " + stages);
        }
        List<TrainingQuestion> all = new ArrayList<>();
        List<TrainingQuestion> inner = new ArrayList<>();
        for (int p = 0; p < parts.size(); p++) {
            all.addAll(parts.get(p));
            if (p != validation) {
                inner.addAll(parts.get(p));
            }
        }
        List<StackingModel> served = stageModels(all, experts, stages, seed);
        List<StackingModel> held = stageModels(inner, experts, stages, seed);
        List<StagedTrace> traces = new ArrayList<>(parts.get(validation).size());
        for (TrainingQuestion q : parts.get(validation)) {
            traces.add(StagedTrace.of(held, q.votes(), q.options(), q.gold()));
        }
        StagedThreshold.Chosen chosen = StagedThreshold.choose(traces, targetCalls, mode);
        return new StagedModel(served, chosen.thresholds(), chosen.choice());
    }

    /** Stage m's model (index m − 1) trained on every question's first m votes. */
    public static List<StackingModel> stageModels(List<TrainingQuestion> questions, Set<String> experts, int stages,
                                                  long seed) {
        List<StackingModel> out = new ArrayList<>(stages);
        for (int m = 1; m <= stages; m++) {
            out.add(StackingTrainer.train(firstVotes(questions, m), experts, seed));
        }
        return out;
    }

    /** The questions with only their first {@code m} votes. */
    public static List<TrainingQuestion> firstVotes(List<TrainingQuestion> questions, int m) {
        List<TrainingQuestion> out = new ArrayList<>(questions.size());
        for (TrainingQuestion q : questions) {
            out.add(new TrainingQuestion(q.votes().subList(0, Math.min(m, q.votes().size())), q.options(), q.gold()));
        }
        return out;
    }
}
