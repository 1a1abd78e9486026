package io.symoe.benchmarks.replay;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Per-call prices of the MMLU-Pro pool models in USD, for the cost axis of the cross-validated frontier. The
 * recordings carry no prices, so they come from a table ({@code --prices FILE}, or the shipped
 * {@code mmlu-pro-prices.json}: size-tier rates of the kind RouterBench's costs use, times a fixed tokens per call;
 * its {@code note} says how rough that is).
 *
 * @param perCall model id → USD per call
 * @param origin  where the table came from, for the report
 */
public record ModelPrices(Map<String, Double> perCall, String origin) {
    public static final String FORMAT = "symoe-model-prices";
    private static final String BUILT_IN = "mmlu-pro-prices.json";

    public ModelPrices {
        perCall = Map.copyOf(perCall);
    }

    public static ModelPrices builtIn() {
        try (InputStream in = ModelPrices.class.getResourceAsStream(BUILT_IN)) {
            if (in == null) {
                throw new IllegalStateException("the built-in price table " + BUILT_IN + " is missing");
            }
            return parse(new ObjectMapper().readTree(in), "built-in " + BUILT_IN);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The built-in table when it prices the whole pool, else one unit per call (so $ equals calls). */
    public static ModelPrices defaultFor(List<String> pool) {
        ModelPrices table = builtIn();
        if (pool.stream().allMatch(table.perCall()::containsKey)) {
            return table;
        }
        Map<String, Double> unit = new LinkedHashMap<>();
        pool.forEach(m -> unit.put(m, 1.0));
        return new ModelPrices(unit, "uniform (1 per call; the built-in table does not price this pool)");
    }

    public static ModelPrices read(Path file) {
        try {
            return parse(new ObjectMapper().readTree(Files.readAllBytes(file)), file.toString());
        } catch (IOException e) {
            throw new IllegalArgumentException("--prices: cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    static ModelPrices parse(JsonNode root, String origin) {
        if (!FORMAT.equals(root.path("format").asText()) || root.path("version").asInt() != 1) {
            throw new IllegalArgumentException(origin + ": expected {\"format\":\"" + FORMAT + "\",\"version\":1,...}");
        }
        double tokens = root.path("tokens_per_call").asDouble(Double.NaN);
        if (!(tokens > 0)) {
            throw new IllegalArgumentException(origin + ": tokens_per_call must be a number > 0");
        }
        Map<String, Double> perCall = new LinkedHashMap<>();
        JsonNode rates = root.path("usd_per_million_tokens");
        if (!rates.isObject()) {
            throw new IllegalArgumentException(origin + ": usd_per_million_tokens must map model ids to prices");
        }
        for (var it = rates.fields(); it.hasNext(); ) {
            var e = it.next();
            double rate = e.getValue().asDouble(Double.NaN);
            if (!e.getValue().isNumber() || !(rate >= 0) || Double.isInfinite(rate)) {
                throw new IllegalArgumentException(origin + ": the price of " + e.getKey() + " must be a number >= 0");
            }
            perCall.put(e.getKey(), rate * tokens / 1e6);
        }
        return new ModelPrices(perCall, origin);
    }

    /** Checks that every pool model has a price, naming those that do not. */
    public ModelPrices covering(List<String> pool) {
        List<String> missing = pool.stream().filter(m -> !perCall.containsKey(m)).toList();
        if (!missing.isEmpty()) {
            throw new IllegalArgumentException(origin + " has no price for " + missing
                    + "; add them to a --prices file");
        }
        return this;
    }

    public double of(String model) {
        Double p = perCall.get(model);
        if (p == null) {
            throw new IllegalArgumentException(origin + " has no price for " + model);
        }
        return p;
    }
}
