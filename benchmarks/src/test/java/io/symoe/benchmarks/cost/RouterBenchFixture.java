package io.symoe.benchmarks.cost;

import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPOutputStream;

/**
 * Writes a small RouterBench-layout CSV (unnamed index, sample_id, prompt, eval_name, correctness per model,
 * {@code <m>|model_response}, {@code <m>|total_cost}, oracle_model_to_route_to) with ARC-style prompts: a shared
 * few-shot block, a blank line, then the question with options A–D (gold A).
 *
 * <p>Even questions are about chemistry, odd ones about history. {@code cheap} ($0.001) is right on chemistry
 * only, {@code dear} ($0.01) on everything, {@code mid} ($0.002) on every third question. Wrong answers say B,
 * except mid's, which say C.
 */
final class RouterBenchFixture {
    static final List<String> MODELS = List.of("cheap", "mid", "dear");

    private RouterBenchFixture() {}

    static boolean right(String model, int q) {
        return switch (model) {
            case "cheap" -> q % 2 == 0;
            case "mid" -> q % 3 == 0;
            default -> true;
        };
    }

    static double cost(String model) {
        return switch (model) {
            case "cheap" -> 0.001;
            case "mid" -> 0.002;
            default -> 0.01;
        };
    }

    static String topic(int q) {
        return q % 2 == 0 ? "chemistry" : "history";
    }

    /** The stem {@link RouterBenchText#question} should find for question {@code q}. */
    static String stem(String split, int q) {
        return "Question " + split + q + " about " + topic(q) + "?\nA) one\nB) two\nC) three\nD) four\nAnswer:";
    }

    static Path write(Path file, String split, int questions) throws IOException {
        List<String> header = new ArrayList<>(List.of("", "sample_id", "prompt", "eval_name"));
        header.addAll(MODELS);
        MODELS.forEach(m -> header.add(m + "|model_response"));
        MODELS.forEach(m -> header.add(m + "|total_cost"));
        header.add("oracle_model_to_route_to");
        StringBuilder csv = new StringBuilder(String.join(",", header)).append('\n');
        for (int q = 0; q < questions; q++) {
            // Python-repr prompt with escaped newlines, as the published files have it.
            String prompt = "['Which is heavier?\\nA) lead\\nB) air\\nAnswer:\\nA\\n\\n"
                    + stem(split, q).replace("\n", "\\n") + "']";
            List<String> row = new ArrayList<>(List.of(String.valueOf(q), "arc-challenge." + split + "." + q,
                    quote(prompt), "arc-challenge"));
            for (String m : MODELS) {
                row.add(right(m, q) ? "1.0" : "0.0");
            }
            for (String m : MODELS) {
                row.add(quote("['" + (right(m, q) ? "A" : m.equals("mid") ? "C" : "B") + "\\n']"));
            }
            for (String m : MODELS) {
                row.add(String.valueOf(cost(m)));
            }
            row.add(right("cheap", q) ? "cheap" : "dear");
            csv.append(String.join(",", row)).append('\n');
        }
        Files.createDirectories(file.toAbsolutePath().getParent());
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(file));
             Writer w = new OutputStreamWriter(out, StandardCharsets.UTF_8)) {
            w.write(csv.toString());
        }
        return file;
    }

    private static String quote(String s) {
        return "\"" + s.replace("\"", "\"\"") + "\"";
    }
}
