package io.symoe.aggregator.learned;

import org.tribuo.MutableDataset;
import org.tribuo.classification.Label;
import org.tribuo.classification.LabelFactory;
import org.tribuo.classification.sgd.linear.LinearSGDTrainer;
import org.tribuo.classification.sgd.objectives.LogMulticlass;
import org.tribuo.math.optimisers.AdaGrad;
import org.tribuo.provenance.SimpleDataSourceProvenance;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Trains the stacking model: every candidate of every training question is one example, labelled right when it
 * is the gold answer. Logistic regression with fixed settings (Tribuo's defaults for its logistic regression:
 * AdaGrad at rate 1, 5 epochs, one example per step) so nothing is tuned on the data it is scored on.
 */
public final class StackingTrainer {
    private static final int EPOCHS = 5;
    /** Tribuo logs two INFO lines per training; a cross-validated sweep trains hundreds of models. Held so it stays set. */
    private static final java.util.logging.Logger SGD_LOG =
            java.util.logging.Logger.getLogger("org.tribuo.common.sgd.AbstractSGDTrainer");

    static {
        SGD_LOG.setLevel(java.util.logging.Level.WARNING);
    }

    private StackingTrainer() {}

    /**
     * @param questions training questions (at least one with a candidate)
     * @param experts   the pool, for the one-hot features
     * @param seed      the SGD shuffle seed
     */
    public static StackingModel train(List<TrainingQuestion> questions, Set<String> experts, long seed) {
        CandidateFeatures features = new CandidateFeatures(experts, priors(questions));
        LabelFactory labels = new LabelFactory();
        MutableDataset<Label> data = new MutableDataset<>(
                new SimpleDataSourceProvenance("symoe stacking candidates", labels), labels);
        int used = 0;
        for (TrainingQuestion q : questions) {
            List<Candidate> cs = features.candidates(q.votes(), q.options());
            used += cs.isEmpty() ? 0 : 1;
            for (Candidate c : cs) {
                Label y = new Label(c.answer().equals(q.gold()) ? StackingModel.RIGHT : StackingModel.WRONG);
                data.add(StackingModel.example(y, c));
            }
        }
        if (data.getOutputInfo().getDomain().size() < 2) {
            throw new IllegalArgumentException("stacking needs candidates both right and wrong to learn from; got "
                    + data.size() + " candidates of " + questions.size() + " questions, labels "
                    + data.getOutputInfo().getDomain());
        }
        // A log interval past the data keeps Tribuo from logging every step.
        var trainer = new LinearSGDTrainer(new LogMulticlass(), new AdaGrad(1.0, 0.1), EPOCHS,
                Integer.MAX_VALUE, 1, seed);
        return new StackingModel(trainer.train(data), features, used);
    }

    /**
     * Whether the questions hold candidates both right and wrong, which {@link #train} needs (a pool whose experts
     * are always right, or a team of one that is, leaves nothing to learn).
     */
    public static boolean learnable(List<TrainingQuestion> questions) {
        boolean right = false;
        boolean wrong = false;
        CandidateFeatures plain = new CandidateFeatures(Set.of(), Map.of());
        for (TrainingQuestion q : questions) {
            for (Candidate c : plain.candidates(q.votes(), q.options())) {
                right |= c.answer().equals(q.gold());
                wrong |= !c.answer().equals(q.gold());
            }
            if (right && wrong) {
                return true;
            }
        }
        return false;
    }

    /** How often each answer is the gold one among the training questions. */
    static Map<String, Double> priors(List<TrainingQuestion> questions) {
        Map<String, Double> counts = new TreeMap<>();
        for (TrainingQuestion q : questions) {
            counts.merge(q.gold(), 1.0, Double::sum);
        }
        counts.replaceAll((a, n) -> n / questions.size());
        return counts;
    }
}
