package io.symoe.ops;

import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * A tiny recording in TIGER-Lab's MMLU-Pro output format ({@code model_outputs_<MODEL>_5shots.zip} holding a JSON
 * array), so the real service can start with {@code --replay} here: real replay backend, profiles, embeddings.
 * Expert {@code i} answers question {@code q} right when {@code q % (i + 2) != 0}, so experts differ by question.
 */
final class TigerRecordingFixture {
    static final List<String> MODELS = List.of("ops-expert-a", "ops-expert-b", "ops-expert-c");
    static final List<String> QUESTIONS = List.of(
            "Which gas do plants take in for photosynthesis?",
            "What is the integral of 2x with respect to x?",
            "Which court decides appeals from federal district courts in the United States?",
            "What is the chemical symbol for sodium?",
            "Which economist wrote The Wealth of Nations?",
            "How many bits are there in one byte?");
    private static final List<String> LETTERS = List.of("A", "B", "C", "D");

    private TigerRecordingFixture() {}

    static Path write(Path dir) throws IOException {
        Files.createDirectories(dir);
        ObjectMapper json = new ObjectMapper();
        for (int i = 0; i < MODELS.size(); i++) {
            List<Map<String, Object>> records = new ArrayList<>();
            for (int q = 0; q < QUESTIONS.size(); q++) {
                String gold = LETTERS.get(q % LETTERS.size());
                String pred = q % (i + 2) != 0 ? gold : LETTERS.get((q + 1) % LETTERS.size());
                records.add(Map.of(
                        "question_id", 500 + q,
                        "question", QUESTIONS.get(q),
                        "options", List.of("alpha", "beta", "gamma", "delta"),
                        "answer", gold,
                        "answer_index", LETTERS.indexOf(gold),
                        "category", q % 2 == 0 ? "science" : "humanities",
                        "src", "ops-fixture",
                        "pred", pred,
                        "generated_text", "Reasoning about it step by step. The answer is (" + pred + ")."));
            }
            String model = MODELS.get(i);
            try (OutputStream out = Files.newOutputStream(dir.resolve("model_outputs_" + model + "_5shots.zip"));
                 ZipOutputStream zip = new ZipOutputStream(out)) {
                zip.putNextEntry(new ZipEntry("model_outputs_" + model + "_5shots.json"));
                zip.write(json.writeValueAsBytes(records));
                zip.closeEntry();
            }
        }
        return dir;
    }
}
