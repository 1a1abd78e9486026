package io.symoe.aggregator.learned;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.tribuo.Model;
import org.tribuo.classification.Label;
import org.tribuo.protos.core.ModelProto;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * {@code aggregator-model.json}: a trained stacking model saved beside the profiles. A small JSON envelope
 * (format, version, the feature recipe) around Tribuo's own protobuf serialisation of the classifier, so the
 * recipe is readable and a file from another version is refused before anything is decoded.
 */
public final class StackingModelFile {
    /** The file name {@code profiles-build} writes beside the profiles. */
    public static final String FILE_NAME = "aggregator-model.json";
    public static final String FORMAT = "symoe-aggregator-model";
    /**
     * 2 adds the optional {@code stages} and {@code stop} of adaptive k ({@link StagedModel}); a version-1 file
     * (no stages) still loads and serves the fixed-k model as before.
     */
    public static final int VERSION = 2;
    private static final Set<Integer> READABLE = Set.of(1, 2);

    private static final ObjectMapper JSON = new ObjectMapper();

    private StackingModelFile() {}

    public static void write(StackingModel model, Path file) {
        write(model, null, file);
    }

    /**
     * @param model  the fixed-k model (the learned aggregator at the team size the service recruits)
     * @param staged adaptive k's stage models and thresholds, or null; they must share {@code model}'s features
     */
    public static void write(StackingModel model, StagedModel staged, Path file) {
        if (staged != null && staged.stages().stream().anyMatch(s -> !s.features().equals(model.features()))) {
            throw new IllegalArgumentException("every stage must use the fixed model's feature recipe");
        }
        ObjectNode root = JSON.createObjectNode();
        root.put("format", FORMAT);
        root.put("version", VERSION);
        root.put("kind", kind(model.classifier()));
        root.put("training_questions", model.trainingQuestions());
        var experts = root.putArray("experts");
        model.features().experts().stream().sorted().forEach(experts::add);
        var priors = root.putObject("priors");
        new TreeMap<>(model.features().priors()).forEach(priors::put);
        var names = root.putArray("features");
        CandidateFeatures.BASE.forEach(names::add);
        root.put("tribuo_model", encode(model.classifier()));
        if (staged != null) {
            var stages = root.putArray("stages");
            for (int m = 1; m <= staged.maxExperts(); m++) {
                var st = stages.addObject();
                st.put("experts", m);
                st.put("training_questions", staged.at(m).trainingQuestions());
                st.put("tribuo_model", encode(staged.at(m).classifier()));
            }
            var stop = root.putObject("stop");
            var thresholds = stop.putArray("thresholds");
            staged.thresholds().forEach(thresholds::add);
            stop.put("target_calls", staged.choice().targetCalls());
            stop.put("validation_questions", staged.choice().validationQuestions());
            stop.put("validation_calls", staged.choice().validationCalls());
            stop.put("validation_accuracy", staged.choice().validationAccuracy());
        }
        try {
            if (file.getParent() != null) {
                Files.createDirectories(file.getParent());
            }
            JSON.writerWithDefaultPrettyPrinter().writeValue(file.toFile(), root);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    /**
     * What the envelope says the classifier is, for a reader of the file; decoding goes by Tribuo's own protobuf
     * type, so a version-1 file of the logistic regression symoe trained before the trees still loads.
     */
    static String kind(Model<Label> classifier) {
        return switch (classifier) {
            case org.tribuo.common.xgboost.XGBoostModel<?> x -> "tribuo-xgboost";
            case org.tribuo.classification.sgd.linear.LinearSGDModel l -> "tribuo-logistic-regression";
            default -> "tribuo-" + classifier.getClass().getSimpleName();
        };
    }

    /**
     * @throws IllegalArgumentException when the file is not an aggregator model, has another version, or is
     *                                  damaged; the message names the file and what to do
     */
    public static StackingModel read(Path file) {
        JsonNode root = envelope(file);
        CandidateFeatures features = features(root);
        return new StackingModel(classifier(file, root.path("tribuo_model")), features,
                root.path("training_questions").asInt());
    }

    /**
     * Adaptive k's stage models and threshold, when the file has them (version 2 written by {@code profiles-build
     * --learned-aggregator}); empty for a version-1 file or one without stages.
     */
    public static java.util.Optional<StagedModel> readStaged(Path file) {
        JsonNode root = envelope(file);
        if (!root.has("stages")) {
            return java.util.Optional.empty();
        }
        CandidateFeatures features = features(root);
        java.util.List<StackingModel> stages = new java.util.ArrayList<>();
        for (JsonNode st : root.path("stages")) {
            if (st.path("experts").asInt() != stages.size() + 1) {
                throw new IllegalArgumentException(file + ": stage " + (stages.size() + 1) + " expected, found "
                        + st.path("experts") + "; rebuild it with profiles-build --learned-aggregator");
            }
            stages.add(new StackingModel(classifier(file, st.path("tribuo_model")), features,
                    st.path("training_questions").asInt()));
        }
        JsonNode stop = root.path("stop");
        java.util.List<Double> thresholds = new java.util.ArrayList<>();
        for (JsonNode t : stop.path("thresholds")) {
            if (!t.isNumber()) {
                throw new IllegalArgumentException(file + ": stop threshold " + t + " is not a number; rebuild it"
                        + " with profiles-build --learned-aggregator");
            }
            thresholds.add(t.asDouble());
        }
        if (!stop.path("thresholds").isArray()) {
            throw new IllegalArgumentException(file + ": stages without stop thresholds; rebuild it with"
                    + " profiles-build --learned-aggregator");
        }
        try {
            return java.util.Optional.of(new StagedModel(stages, thresholds,
                    new StagedModel.ThresholdChoice(stop.path("target_calls").asDouble(),
                            stop.path("validation_questions").asInt(), stop.path("validation_calls").asDouble(),
                            stop.path("validation_accuracy").asDouble())));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(file + ": " + e.getMessage(), e);
        }
    }

    private static String encode(Model<Label> classifier) {
        return Base64.getEncoder().encodeToString(classifier.serialize().toByteArray());
    }

    private static JsonNode envelope(Path file) {
        JsonNode root;
        try {
            root = JSON.readTree(file.toFile());
        } catch (IOException e) {
            throw new IllegalArgumentException(file + ": not a readable aggregator model (" + e.getMessage()
                    + "); rebuild it with profiles-build", e);
        }
        if (root == null || !FORMAT.equals(root.path("format").asText())) {
            throw new IllegalArgumentException(file + ": not a symoe aggregator model (format must be '" + FORMAT
                    + "')");
        }
        int version = root.path("version").asInt(-1);
        if (!READABLE.contains(version)) {
            throw new IllegalArgumentException(file + ": aggregator model version " + root.path("version")
                    + " is not supported (this symoe reads versions 1 and " + VERSION + "); rebuild it with profiles-build");
        }
        return root;
    }

    private static CandidateFeatures features(JsonNode root) {
        Set<String> experts = new LinkedHashSet<>();
        root.path("experts").forEach(e -> experts.add(e.asText()));
        Map<String, Double> priors = new TreeMap<>();
        root.path("priors").properties().forEach(e -> priors.put(e.getKey(), e.getValue().asDouble()));
        return new CandidateFeatures(experts, priors);
    }

    private static Model<Label> classifier(Path file, JsonNode encoded) {
        try {
            byte[] bytes = Base64.getDecoder().decode(encoded.asText());
            Model<?> model = Model.deserialize(ModelProto.parseFrom(bytes));
            @SuppressWarnings("unchecked")
            Model<Label> classifier = (Model<Label>) model.castModel(Label.class);
            if (!classifier.getOutputIDInfo().getDomain().contains(new Label(StackingModel.RIGHT))) {
                throw new IllegalArgumentException("the classifier has no '" + StackingModel.RIGHT + "' label");
            }
            return classifier;
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException(file + ": the classifier in the aggregator model cannot be read ("
                    + e.getMessage() + "); rebuild it with profiles-build", e);
        }
    }
}
