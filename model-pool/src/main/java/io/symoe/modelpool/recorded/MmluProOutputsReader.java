package io.symoe.modelpool.recorded;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
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
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * Reads TIGER-Lab MMLU-Pro {@code eval_results}: a directory of {@code model_outputs_<MODEL>_<N>shots.zip}, each
 * holding one JSON list of records {@code {question_id, question, options, answer, answer_index, category, src,
 * pred, generated_text | model_outputs}}.
 *
 * <p>Non-object entries (one real file has 43 stray strings) and records missing required fields are skipped with
 * a warning and counted in {@link RecordedDataset#skippedEntries()}; an unreadable file is an error naming it.
 * A model's outcome is correct when the harness's own extraction ({@code pred}) equals the gold letter.
 */
public final class MmluProOutputsReader {
    private static final System.Logger LOG = System.getLogger(MmluProOutputsReader.class.getName());
    private static final Pattern FILE = Pattern.compile("model_outputs_(.+?)_(\\d+)shots\\.zip");
    private static final ObjectMapper MAPPER = new ObjectMapper();

    /**
     * @param includeText keep each model's full output text (replay and extraction need it; profiles do not, and
     *                    dropping it saves ~0.5 GB for the full 29-model set)
     * @param models      which models to read, by id (the part of the file name between the prefix and suffix)
     */
    public record Options(boolean includeText, Predicate<String> models) {
        public static final Options ALL = new Options(true, m -> true);
        public static final Options OUTCOMES_ONLY = new Options(false, m -> true);

        public Options only(Predicate<String> filter) {
            return new Options(includeText, filter);
        }
    }

    private MmluProOutputsReader() {}

    /** The model id a file name encodes, or null when the name is not a TIGER outputs file. */
    public static String modelIdOf(Path file) {
        Matcher m = FILE.matcher(file.getFileName().toString());
        return m.matches() ? m.group(1) : null;
    }

    public static RecordedDataset read(Path dir) {
        return read(dir, Options.ALL);
    }

    public static RecordedDataset read(Path dir, Options options) {
        if (!Files.isDirectory(dir)) {
            throw new RecordedDataException(dir + ": not a directory of model_outputs_*.zip files");
        }
        List<Path> files;
        try (Stream<Path> s = Files.list(dir)) {
            files = s.filter(p -> modelIdOf(p) != null && options.models().test(modelIdOf(p)))
                    .sorted(Comparator.comparing(p -> p.getFileName().toString()))
                    .toList();
        } catch (IOException e) {
            throw new RecordedDataException(dir + ": cannot list: " + e.getMessage(), e);
        }
        if (files.isEmpty()) {
            throw new RecordedDataException(dir + ": no model_outputs_<MODEL>_<N>shots.zip files"
                    + " (for the selected models)");
        }
        // Files are independent; parse them in parallel, then merge in file order so results are deterministic.
        List<ModelFile> parsed = files.parallelStream().map(f -> readFile(f, options.includeText())).toList();

        Map<String, QuestionBuilder> questions = new LinkedHashMap<>();
        List<String> models = new ArrayList<>();
        int skipped = 0;
        for (ModelFile mf : parsed) {
            models.add(mf.modelId());
            skipped += mf.skipped();
            for (Row r : mf.rows()) {
                QuestionBuilder q = questions.computeIfAbsent(r.id(), id -> new QuestionBuilder(r));
                q.outcomes.put(mf.modelId(), r.outcome());
            }
        }
        List<RecordedQuestion> out = new ArrayList<>(questions.size());
        questions.values().forEach(b -> out.add(b.build()));
        return new RecordedDataset(dir.toString(), models, out, skipped);
    }

    private record Row(String id, String question, List<String> options, String gold, String category,
                       RecordedOutcome outcome) {}

    private record ModelFile(String modelId, List<Row> rows, int skipped) {}

    private static final class QuestionBuilder {
        final Row first;
        final Map<String, RecordedOutcome> outcomes = new LinkedHashMap<>();

        QuestionBuilder(Row first) {
            this.first = first;
        }

        RecordedQuestion build() {
            return new RecordedQuestion(first.id(), first.question(), first.options(), first.gold(), first.category(),
                    outcomes);
        }
    }

    private static ModelFile readFile(Path zip, boolean includeText) {
        String model = modelIdOf(zip);
        try (ZipFile zf = new ZipFile(zip.toFile())) {
            ZipEntry entry = zf.stream().filter(e -> !e.isDirectory() && e.getName().endsWith(".json"))
                    .findFirst()
                    .orElseThrow(() -> new RecordedDataException(zip + ": no .json entry in the zip"));
            try (InputStream in = zf.getInputStream(entry)) {
                return parse(zip, model, in, includeText);
            }
        } catch (IOException e) {
            throw new RecordedDataException(zip + ": cannot read: " + e.getMessage(), e);
        }
    }

    static ModelFile parse(Path source, String model, InputStream in, boolean includeText) throws IOException {
        List<Row> rows = new ArrayList<>();
        int skipped = 0;
        int index = -1;
        try (JsonParser p = new JsonFactory(MAPPER).createParser(in)) {
            if (p.nextToken() != JsonToken.START_ARRAY) {
                throw new RecordedDataException(source + ": expected a JSON list of records");
            }
            JsonToken t;
            while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
                if (t == null) {
                    throw new RecordedDataException(source + ": truncated JSON (no closing ']')");
                }
                index++;
                if (t != JsonToken.START_OBJECT) {
                    p.skipChildren();
                    skipped++;
                    continue;
                }
                JsonNode node = p.readValueAsTree();
                Row row = toRow(node, includeText);
                if (row == null) {
                    skipped++;
                } else {
                    rows.add(row);
                }
            }
        }
        if (skipped > 0) {
            LOG.log(System.Logger.Level.WARNING, source.getFileName() + ": skipped " + skipped
                    + " malformed entries (not a record, or missing question_id/question/answer) of " + (index + 1));
        }
        return new ModelFile(model, rows, skipped);
    }

    private static Row toRow(JsonNode n, boolean includeText) {
        JsonNode id = n.get("question_id");
        JsonNode question = n.get("question");
        JsonNode answer = n.get("answer");
        if (id == null || id.isNull() || question == null || !question.isTextual() || answer == null
                || !answer.isTextual()) {
            return null;
        }
        List<String> options = new ArrayList<>();
        JsonNode opts = n.get("options");
        if (opts != null && opts.isArray()) {
            opts.forEach(o -> options.add(o.asText()));
        }
        String gold = answer.asText();
        String pred = textOrNull(n.get("pred"));
        String text = null;
        if (includeText) {
            text = textOrNull(n.get("generated_text"));
            if (text == null) {
                text = textOrNull(n.get("model_outputs"));
            }
            if (text == null) {
                text = "";
            }
        }
        double score = pred != null && pred.equals(gold) ? 1.0 : 0.0;
        return new Row(id.asText(), question.asText(), options, gold, textOrNull(n.get("category")),
                new RecordedOutcome(text, pred, score, 0.0));
    }

    private static String textOrNull(JsonNode n) {
        return n == null || n.isNull() ? null : n.asText();
    }
}
