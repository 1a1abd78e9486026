package io.symoe.aggregator;

import io.symoe.aggregator.learned.StackingModelFile;
import io.symoe.aggregator.strategy.Aggregator;
import io.symoe.aggregator.strategy.ConsensusSkippingAggregator;
import io.symoe.aggregator.strategy.LearnedAggregator;
import io.symoe.aggregator.strategy.LlmSynthesisAggregator;
import io.symoe.aggregator.strategy.SelfMoaSeqAggregator;
import io.symoe.aggregator.strategy.VoteAggregator;
import io.symoe.core.config.AggregatorConfig;
import io.symoe.core.generation.Generator;

import java.nio.file.Path;
import java.util.Objects;

/** Builds the configured {@link Aggregator}: the one place that switches over {@code AggregationStrategy}. */
public final class Aggregators {
    private Aggregators() {}

    /**
     * @param generator runs the aggregator model for the model-calling strategies; may be null for the votes
     * @throws IllegalArgumentException when a model-calling strategy is configured without a generator
     */
    public static Aggregator fromConfig(AggregatorConfig config, AggregatorOptions options, Generator generator) {
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(options, "options");
        Aggregator base = switch (config.strategy()) {
            case MAJORITY_VOTE -> VoteAggregator.majority(options.tieBreak(), options.extraction());
            case WEIGHTED_VOTE -> VoteAggregator.weighted(options.extraction());
            case LLM_SYNTHESIS -> LlmSynthesisAggregator.moa(need(generator, config), options.params(),
                    config.model(), options.extraction());
            case SELF_MOA -> LlmSynthesisAggregator.selfMoa(need(generator, config), options.params(),
                    config.model(), options.extraction());
            case SELF_MOA_SEQ -> new SelfMoaSeqAggregator(need(generator, config), options.params(), config.model(),
                    options.extraction(), options.contextTokens());
            case LEARNED -> new LearnedAggregator(StackingModelFile.read(Path.of(needFile(config))),
                    StackingModelFile.readStaged(Path.of(config.modelFile())), options.extraction());
        };
        // A vote makes no model call, so there is nothing to skip; wrapping it would only re-extract.
        boolean callsModel = switch (config.strategy()) {
            case MAJORITY_VOTE, WEIGHTED_VOTE, LEARNED -> false;
            case LLM_SYNTHESIS, SELF_MOA, SELF_MOA_SEQ -> true;
        };
        return callsModel && config.consensusSkip() ? new ConsensusSkippingAggregator(base, options.extraction()) : base;
    }

    public static Aggregator fromConfig(AggregatorConfig config, Generator generator) {
        return fromConfig(config, AggregatorOptions.DEFAULTS, generator);
    }

    private static String needFile(AggregatorConfig config) {
        if (config.modelFile() == null) {
            throw new IllegalArgumentException("aggregator strategy learned needs a trained model: set"
                    + " aggregator.model-file, or router.profiles with the " + StackingModelFile.FILE_NAME
                    + " that `profiles-build --learned-aggregator` writes beside the profiles");
        }
        return config.modelFile();
    }

    private static Generator need(Generator generator, AggregatorConfig config) {
        if (generator == null) {
            throw new IllegalArgumentException("aggregator strategy " + config.strategy()
                    + " calls a model and needs a Generator");
        }
        return generator;
    }
}
