package io.symoe.aggregator.learned;

import org.tribuo.Model;
import org.tribuo.Prediction;
import org.tribuo.classification.Label;
import org.tribuo.classification.LabelFactory;
import org.tribuo.impl.ArrayExample;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A trained stacking model: the features it was trained with and the classifier that scores a candidate's chance
 * of being right. Scoring is a pure function of the votes.
 *
 * @param classifier        a Tribuo classifier over the labels {@link #RIGHT} / {@link #WRONG}
 * @param features          the feature recipe (pool one-hots and answer priors) it was trained with
 * @param trainingQuestions how many questions it was trained on (for provenance)
 */
public record StackingModel(Model<Label> classifier, CandidateFeatures features, int trainingQuestions) {
    public static final String RIGHT = "right";
    public static final String WRONG = "wrong";

    public StackingModel {
        Objects.requireNonNull(classifier, "classifier");
        Objects.requireNonNull(features, "features");
        if (!classifier.getOutputIDInfo().getDomain().contains(new Label(RIGHT))) {
            throw new IllegalArgumentException("the classifier has no '" + RIGHT + "' label: "
                    + classifier.getOutputIDInfo().getDomain());
        }
    }

    /** Every candidate of the question with its score, best first (ties keep first-seen order). */
    public List<ScoredCandidate> score(List<ExpertVote> votes, int options) {
        List<ScoredCandidate> out = new ArrayList<>();
        for (Candidate c : features.candidates(votes, options)) {
            out.add(new ScoredCandidate(c, probabilityRight(c)));
        }
        out.sort(Comparator.comparingDouble(ScoredCandidate::score).reversed());
        return out;
    }

    /** The best-scored answer, empty when every expert abstained. */
    public Optional<ScoredCandidate> choose(List<ExpertVote> votes, int options) {
        List<ScoredCandidate> s = score(votes, options);
        return s.isEmpty() ? Optional.empty() : Optional.of(s.getFirst());
    }

    double probabilityRight(Candidate c) {
        Prediction<Label> p;
        try {
            p = classifier.predict(example(LabelFactory.UNKNOWN_LABEL, c));
        } catch (LinkageError e) {
            throw NativeLibraryMissing.explain(e);
        }
        Map<String, Label> scores = p.getOutputScores();
        Label right = scores.get(RIGHT);
        return right == null ? 0 : right.getScore();
    }

    static ArrayExample<Label> example(Label label, Candidate c) {
        String[] names = c.features().keySet().toArray(String[]::new);
        double[] values = c.features().values().stream().mapToDouble(Double::doubleValue).toArray();
        return new ArrayExample<>(label, names, values);
    }
}
