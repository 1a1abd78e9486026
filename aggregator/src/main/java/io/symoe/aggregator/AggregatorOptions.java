package io.symoe.aggregator;

import io.symoe.aggregator.extract.ExtractionMode;
import io.symoe.aggregator.strategy.TieBreak;
import io.symoe.core.generation.GenerationParams;

import java.util.Objects;

/**
 * Settings the YAML's {@code AggregatorConfig} does not carry, with defaults that suit the Symbolic-MoE setup.
 *
 * @param extraction    strict extraction (default) or the paper's loose rules
 * @param tieBreak      majority vote's tie-break (default: expert competence; FIRST_SEEN is paper parity)
 * @param params        the aggregator model's sampling settings (default: the paper's temperature 0.7, 4096 new
 *                      tokens)
 * @param contextTokens the aggregator model's context length, which bounds Self-MoA-Seq's window (default 32768)
 */
public record AggregatorOptions(ExtractionMode extraction, TieBreak tieBreak, GenerationParams params,
                                int contextTokens) {
    public static final AggregatorOptions DEFAULTS = new AggregatorOptions(ExtractionMode.STRICT,
            TieBreak.COMPETENCE, GenerationParams.GREEDY.withTemperature(0.7).withMaxTokens(4096), 32_768);

    public AggregatorOptions {
        Objects.requireNonNull(extraction, "extraction");
        Objects.requireNonNull(tieBreak, "tieBreak");
        Objects.requireNonNull(params, "params");
        if (contextTokens < 1) {
            throw new IllegalArgumentException("contextTokens must be > 0, got " + contextTokens);
        }
    }

    /** Paper parity: the paper's extraction rules and first-seen ties. */
    public static AggregatorOptions paperParity() {
        return new AggregatorOptions(ExtractionMode.PAPER_PARITY, TieBreak.FIRST_SEEN, DEFAULTS.params(),
                DEFAULTS.contextTokens());
    }

    public AggregatorOptions withContextTokens(int tokens) {
        return new AggregatorOptions(extraction, tieBreak, params, tokens);
    }

    public AggregatorOptions withParams(GenerationParams p) {
        return new AggregatorOptions(extraction, tieBreak, p, contextTokens);
    }
}
