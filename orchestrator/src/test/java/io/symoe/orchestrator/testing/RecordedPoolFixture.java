package io.symoe.orchestrator.testing;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * Writes a small recording in the real TIGER MMLU-Pro format (one {@code model_outputs_<M>_5shots.zip} per model),
 * so service tests run the real replay backend, profiles and embeddings on data of their own.
 *
 * <p>Three experts: {@code expert-strong} answers every question right, {@code expert-mid} the first half,
 * {@code expert-weak} none; questions are about distinct topics so embeddings tell them apart.
 */
public final class RecordedPoolFixture {
    public static final List<String> MODELS = List.of("expert-strong", "expert-mid", "expert-weak");
    public static final List<String> QUESTIONS = List.of(
            "Which organelle produces most of the ATP in a eukaryotic cell?",
            "What is the derivative of x squared with respect to x?",
            "Which doctrine lets a court refuse a contract that is unconscionable?",
            "What is the boiling point of water at sea level in degrees Celsius?",
            "Which planet in our solar system has the largest mass?",
            "What does GDP measure in a national economy?");
    public static final List<String> GOLD = List.of("A", "B", "C", "D", "A", "B");
    private static final List<String> OPTIONS = List.of("first", "second", "third", "fourth");

    private RecordedPoolFixture() {}

    public static Path write(Path dir) throws IOException {
        Files.createDirectories(dir);
        for (String model : MODELS) {
            JsonArray records = new JsonArray();
            for (int q = 0; q < QUESTIONS.size(); q++) {
                String gold = GOLD.get(q);
                boolean right = switch (model) {
                    case "expert-strong" -> true;
                    case "expert-mid" -> q < QUESTIONS.size() / 2;
                    default -> false;
                };
                String answer = right ? gold : wrong(gold);
                records.add(new JsonObject()
                        .put("question_id", 100 + q)
                        .put("question", QUESTIONS.get(q))
                        .put("options", new JsonArray(OPTIONS))
                        .put("answer", gold)
                        .put("answer_index", gold.charAt(0) - 'A')
                        .put("category", q % 2 == 0 ? "science" : "other")
                        .put("src", "fixture")
                        .put("pred", answer)
                        .put("generated_text", model + " thinks step by step about it. The answer is (" + answer + ")."));
            }
            Path zip = dir.resolve("model_outputs_" + model + "_5shots.zip");
            try (OutputStream out = Files.newOutputStream(zip); ZipOutputStream z = new ZipOutputStream(out)) {
                z.putNextEntry(new ZipEntry("model_outputs_" + model + "_5shots.json"));
                z.write(records.encode().getBytes(StandardCharsets.UTF_8));
                z.closeEntry();
            }
        }
        return dir;
    }

    private static String wrong(String gold) {
        return gold.equals("D") ? "C" : String.valueOf((char) (gold.charAt(0) + 1));
    }
}
