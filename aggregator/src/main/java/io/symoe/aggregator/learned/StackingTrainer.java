package io.symoe.aggregator.learned;

import org.tribuo.MutableDataset;
import org.tribuo.classification.Label;
import org.tribuo.classification.LabelFactory;
import org.tribuo.classification.xgboost.XGBoostClassificationTrainer;
import org.tribuo.provenance.SimpleDataSourceProvenance;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Trains the stacking model: every candidate of every training question is one example, labelled right when it
 * is the gold answer. Gradient-boosted trees (XGBoost through Tribuo) with fixed settings, not tuned again per
 * training set. Trees can weigh combinations a linear scorer cannot (which expert gave an answer
 * together with its competence weight and what its text looks like); on the full pool, where the experts differ
 * most, that is where the gain over Tribuo's logistic regression came from (benchmarks README).
 * The settings were chosen once, among seven learners, on the first fold partition of {@code bench replay --cv}
 * (whose held-out folds the published cross-validation also scores, so its gains are slightly optimistic):
 * depth 2 and shrinkage 0.05 over 500 rounds keep each tree small, row and column subsampling and a minimum
 * child weight of 10 keep it from fitting single questions.
 */
public final class StackingTrainer {
    static final int ROUNDS = 500;
    static final int DEPTH = 2;
    static final double ETA = 0.05;
    static final double MIN_CHILD_WEIGHT = 10;
    static final double SUBSAMPLE = 0.8;

    private StackingTrainer() {}

    /**
     * @param questions training questions (at least one with a candidate)
     * @param experts   the pool, for the one-hot features
     * @param seed      the row and column subsampling seed
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
        var trainer = new XGBoostClassificationTrainer(ROUNDS, parameters(data.getFeatureMap().size(), seed));
        try {
            return new StackingModel(trainer.train(data), features, used);
        } catch (LinkageError e) {
            throw NativeLibraryMissing.explain(e);
        }
    }

    /**
     * The booster's settings: those of Tribuo's twelve-argument constructor with the values above, plus the feature
     * count stated outright. XGBoost 1.6 infers the count when it is not given, from a prediction cache that is
     * thread-local and keyed by the learner's address; Java frees boosters on the finalizer thread, which cannot
     * clear the training thread's entry, so a new learner that reuses a freed one's address inherits that entry
     * and takes the widest matrix listed there, from an earlier model. Cross-validation then failed now and then
     * with "num_feature == num_col_ (20 vs. 19)": a team of two trained after a team of three
     * (dmlc/xgboost#8683 is the same failure). A stated count is used as it is, and the trees are unchanged.
     * One thread: the result does not depend on the machine, and cross-validation trains many models in turn.
     */
    static Map<String, Object> parameters(int features, long seed) {
        Map<String, Object> p = new TreeMap<>();
        p.put("booster", "gbtree");
        p.put("objective", "multi:softprob");
        p.put("tree_method", "auto");
        p.put("eta", ETA);
        p.put("gamma", 0.0);
        p.put("max_depth", DEPTH);
        p.put("min_child_weight", MIN_CHILD_WEIGHT);
        p.put("subsample", SUBSAMPLE);
        p.put("colsample_bytree", SUBSAMPLE);
        p.put("lambda", 1.0);
        p.put("alpha", 0.0);
        p.put("nthread", 1);
        p.put("verbosity", 0);
        p.put("seed", seed);
        p.put("num_feature", features);
        return p;
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
