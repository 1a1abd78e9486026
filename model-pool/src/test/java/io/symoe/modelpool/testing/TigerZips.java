package io.symoe.modelpool.testing;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * Writes small files in the TIGER MMLU-Pro {@code model_outputs_*.zip} format, so commands and the factory can be
 * tested end to end without the shared data. Model {@code m<i>} is strong (always right) in category
 * {@code c<i % categories>} and right on a third of the other questions.
 */
public final class TigerZips {
    private TigerZips() {}

    public static List<String> write(Path dir, int models, int questions, int categories) throws IOException {
        ObjectMapper json = new ObjectMapper();
        List<String> ids = new java.util.ArrayList<>();
        for (int m = 0; m < models; m++) {
            String model = "m" + m;
            ids.add(model);
            ArrayNode records = json.createArrayNode();
            for (int q = 0; q < questions; q++) {
                int category = q % categories;
                boolean right = m % categories == category || q % 3 == 0;
                String pred = right ? "A" : "B";
                ObjectNode r = records.addObject();
                r.put("question_id", q).put("question", "Synthetic question " + q + "?").put("answer", "A")
                        .put("answer_index", 0).put("category", "c" + category).put("pred", pred)
                        .put("generated_text", model + " reasons about question " + q + ". The answer is (" + pred + ").");
                r.putArray("options").add("yes").add("no");
            }
            try (OutputStream out = Files.newOutputStream(dir.resolve("model_outputs_" + model + "_5shots.zip"));
                 ZipOutputStream zip = new ZipOutputStream(out)) {
                zip.putNextEntry(new ZipEntry(model + ".json"));
                zip.write(json.writeValueAsString(records).getBytes(StandardCharsets.UTF_8));
                zip.closeEntry();
            }
        }
        return ids;
    }
}
