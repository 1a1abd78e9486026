package io.symoe.modelpool.recorded;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.symoe.core.recorded.RecordedDataset;
import io.symoe.core.recorded.RecordedOutcome;
import io.symoe.core.recorded.RecordedQuestion;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.GZIPInputStream;

/**
 * Reads RouterDC per-query scores ({@code *.json} or {@code *.json.gz}): a list of
 * {@code {"question": ..., "scores": {model: probability-correct}}}. In the published files {@code scores} is a
 * Python dict literal inside a string ({@code "{'m': 0.91, ...}"}); both that and a real JSON object are accepted.
 * Questions have no ids, so a question's id is its index in the file.
 */
public final class RouterDcReader {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final Pattern PY_ENTRY = Pattern.compile("'((?:[^'\\\\]|\\\\.)*)'\\s*:\\s*([-+0-9.eE]+|nan|NaN)");

    private RouterDcReader() {}

    public static RecordedDataset read(Path file) {
        JsonNode root;
        try (InputStream raw = Files.newInputStream(file);
             InputStream in = file.toString().endsWith(".gz") ? new GZIPInputStream(raw) : raw) {
            root = MAPPER.readTree(in);
        } catch (IOException e) {
            throw new RecordedDataException(file + ": cannot read RouterDC JSON: " + e.getMessage(), e);
        }
        if (root == null || !root.isArray()) {
            throw new RecordedDataException(file + ": expected a JSON list of {question, scores}");
        }
        String category = file.getFileName().toString().replaceFirst("[-_](train|test)\\.json(\\.gz)?$", "");
        Set<String> models = new LinkedHashSet<>();
        List<RecordedQuestion> questions = new ArrayList<>(root.size());
        int skipped = 0;
        for (int i = 0; i < root.size(); i++) {
            JsonNode n = root.get(i);
            JsonNode q = n.get("question");
            Map<String, Double> scores = n.has("scores") ? scores(n.get("scores")) : Map.of();
            if (q == null || !q.isTextual() || scores.isEmpty()) {
                skipped++;
                continue;
            }
            Map<String, RecordedOutcome> outcomes = new LinkedHashMap<>();
            scores.forEach((m, s) -> {
                models.add(m);
                outcomes.put(m, new RecordedOutcome(null, null, Math.min(1, Math.max(0, s)), 0));
            });
            questions.add(new RecordedQuestion(Integer.toString(i), q.asText(), List.of(), null, category, outcomes));
        }
        return new RecordedDataset(file.toString(), List.copyOf(models), questions, skipped);
    }

    private static Map<String, Double> scores(JsonNode node) {
        Map<String, Double> out = new LinkedHashMap<>();
        if (node.isObject()) {
            node.properties().forEach(e -> {
                if (e.getValue().isNumber()) {
                    out.put(e.getKey(), e.getValue().asDouble());
                }
            });
        } else if (node.isTextual()) {
            Matcher m = PY_ENTRY.matcher(node.asText());
            while (m.find()) {
                double v = m.group(2).equalsIgnoreCase("nan") ? Double.NaN : Double.parseDouble(m.group(2));
                if (!Double.isNaN(v)) {
                    out.put(m.group(1), v);
                }
            }
        }
        return out;
    }
}
