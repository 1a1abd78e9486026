package io.symoe.benchmarks.report;

import com.fasterxml.jackson.databind.JsonNode;

import java.nio.file.Path;
import java.util.Optional;

/**
 * One {@code bench engine --vs-llamacpp} result (its JSON contract: {@code {"symoe":{"prefill_tps","decode_tps"},
 * "llamacpp":{...},"prefill_ratio","decode_ratio","roofline":{"active_bytes_per_token","bandwidth_gbs",
 * "decode_fraction"}}}), labelled by the file it came from, since the contract names neither model nor backend.
 */
public record EngineComparison(String label, Side symoe, Side llamacpp, double prefillRatio, double decodeRatio,
                               long activeBytesPerToken, double bandwidthGbs, double decodeFraction) {
    /** Medians of one engine's runs, tokens per second. */
    public record Side(double prefillTps, double decodeTps) {
    }

    /**
     * The comparison in {@code json}, or empty when it is another kind of results file. A file that carries the
     * contract's sections but lacks a field (or has a non-number) is an error naming the file and the field.
     */
    public static Optional<EngineComparison> from(Path file, JsonNode json) {
        if (!json.has("symoe") || !json.has("llamacpp") || !json.has("roofline")) {
            return Optional.empty();
        }
        String label = file.getFileName().toString().replaceFirst("\\.json$", "");
        JsonNode roof = json.get("roofline");
        return Optional.of(new EngineComparison(label, side(file, json, "symoe"), side(file, json, "llamacpp"),
                number(file, json, "prefill_ratio", "prefill_ratio"), number(file, json, "decode_ratio", "decode_ratio"),
                (long) number(file, roof, "active_bytes_per_token", "roofline.active_bytes_per_token"),
                number(file, roof, "bandwidth_gbs", "roofline.bandwidth_gbs"),
                number(file, roof, "decode_fraction", "roofline.decode_fraction")));
    }

    private static Side side(Path file, JsonNode json, String name) {
        JsonNode s = json.get(name);
        return new Side(number(file, s, "prefill_tps", name + ".prefill_tps"),
                number(file, s, "decode_tps", name + ".decode_tps"));
    }

    private static double number(Path file, JsonNode parent, String field, String path) {
        JsonNode v = parent.path(field);
        if (!v.isNumber()) {
            throw new IllegalArgumentException(file + ": bench engine --vs-llamacpp result without a number at "
                    + path + (v.isMissingNode() ? "" : " (got " + v + ")"));
        }
        return v.asDouble();
    }
}
