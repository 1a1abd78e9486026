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
    public static final int VERSION = 1;

    private static final ObjectMapper JSON = new ObjectMapper();

    private StackingModelFile() {}

    public static void write(StackingModel model, Path file) {
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
        root.put("tribuo_model", Base64.getEncoder().encodeToString(model.classifier().serialize().toByteArray()));
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
        if (version != VERSION) {
            throw new IllegalArgumentException(file + ": aggregator model version " + root.path("version")
                    + " is not supported (this symoe reads version " + VERSION + "); rebuild it with profiles-build");
        }
        Set<String> experts = new LinkedHashSet<>();
        root.path("experts").forEach(e -> experts.add(e.asText()));
        Map<String, Double> priors = new TreeMap<>();
        root.path("priors").properties().forEach(e -> priors.put(e.getKey(), e.getValue().asDouble()));
        try {
            byte[] bytes = Base64.getDecoder().decode(root.path("tribuo_model").asText());
            Model<?> model = Model.deserialize(ModelProto.parseFrom(bytes));
            @SuppressWarnings("unchecked")
            Model<Label> classifier = (Model<Label>) model.castModel(Label.class);
            return new StackingModel(classifier, new CandidateFeatures(experts, priors),
                    root.path("training_questions").asInt());
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException(file + ": the classifier in the aggregator model cannot be read ("
                    + e.getMessage() + "); rebuild it with profiles-build", e);
        }
    }
}
