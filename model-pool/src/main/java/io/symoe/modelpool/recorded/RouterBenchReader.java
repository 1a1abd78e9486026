package io.symoe.modelpool.recorded;

import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvParser;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import io.symoe.core.recorded.RecordedDataset;
import io.symoe.core.recorded.RecordedOutcome;
import io.symoe.core.recorded.RecordedQuestion;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;

/**
 * Reads a RouterBench subset ({@code *.csv} or {@code *.csv.gz}): columns {@code sample_id, prompt, eval_name}, one
 * correctness column per model (named by the model), {@code <model>|model_response}, {@code <model>|total_cost},
 * and {@code oracle_model_to_route_to}. A blank correctness cell means the model has no record for that sample. Models are the columns that have a {@code |model_response} twin, so the
 * reader follows the header rather than a fixed column order (the files order the three groups differently).
 */
public final class RouterBenchReader {
    private static final String RESPONSE = "|model_response";
    private static final String COST = "|total_cost";

    private RouterBenchReader() {}

    public static RecordedDataset read(Path file) {
        CsvMapper mapper = new CsvMapper().enable(CsvParser.Feature.WRAP_AS_ARRAY);
        List<String[]> rows = new ArrayList<>();
        try (InputStream raw = Files.newInputStream(file);
             InputStream in = file.toString().endsWith(".gz") ? new GZIPInputStream(raw) : raw;
             MappingIterator<String[]> it = mapper.readerFor(String[].class)
                     .with(CsvSchema.emptySchema()).readValues(in)) {
            while (it.hasNext()) {
                rows.add(it.next());
            }
        } catch (IOException | RuntimeException e) {
            throw new RecordedDataException(file + ": cannot read RouterBench CSV: " + e.getMessage(), e);
        }
        if (rows.isEmpty()) {
            throw new RecordedDataException(file + ": empty file");
        }
        String[] header = rows.getFirst();
        Map<String, Integer> col = new LinkedHashMap<>();
        for (int i = 0; i < header.length; i++) {
            col.put(header[i], i);
        }
        for (String required : List.of("sample_id", "prompt", "eval_name")) {
            if (!col.containsKey(required)) {
                throw new RecordedDataException(file + ": missing column '" + required + "'");
            }
        }
        List<String> models = new ArrayList<>();
        for (String name : header) {
            if (!name.contains("|") && col.containsKey(name + RESPONSE) && col.containsKey(name + COST)) {
                models.add(name);
            }
        }
        if (models.isEmpty()) {
            throw new RecordedDataException(file + ": no model columns (<model>, <model>|model_response, <model>|total_cost)");
        }
        List<RecordedQuestion> questions = new ArrayList<>(rows.size() - 1);
        java.util.Set<String> ids = new java.util.HashSet<>();
        for (int r = 1; r < rows.size(); r++) {
            String[] row = rows.get(r);
            if (row.length != header.length) {
                throw new RecordedDataException(file + ": row " + r + " has " + row.length + " cells, header has "
                        + header.length);
            }
            Map<String, RecordedOutcome> outcomes = new LinkedHashMap<>();
            for (String m : models) {
                String scoreCell = row[col.get(m)];
                if (scoreCell.isBlank()) {
                    // The published files leave a few cells empty: that model has no record for this sample.
                    continue;
                }
                double score = number(file, r, m, scoreCell);
                String costCell = row[col.get(m + COST)];
                double cost = costCell.isBlank() ? 0 : number(file, r, m + COST, costCell);
                outcomes.put(m, new RecordedOutcome(row[col.get(m + RESPONSE)], null, score, cost));
            }
            // sample_id repeats in the published files (e.g. arc-challenge.val.172); the row number keeps ids unique.
            String id = row[col.get("sample_id")];
            if (!ids.add(id)) {
                id = id + "#row" + r;
                ids.add(id);
            }
            questions.add(new RecordedQuestion(id, row[col.get("prompt")], List.of(), null,
                    row[col.get("eval_name")], outcomes));
        }
        return new RecordedDataset(file.toString(), models, questions, 0);
    }

    private static double number(Path file, int row, String column, String cell) {
        try {
            return Double.parseDouble(cell.strip());
        } catch (NumberFormatException e) {
            throw new RecordedDataException(file + ": row " + row + ", column '" + column + "': not a number: '"
                    + cell + "'");
        }
    }
}
