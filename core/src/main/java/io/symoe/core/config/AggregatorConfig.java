package io.symoe.core.config;

/**
 * Aggregation.
 *
 * @param strategy      the merging strategy; null (not set) reads as majority-vote, unless the service finds a
 *                      learned model beside {@code router.profiles} (see {@link #strategySet()})
 * @param consensusSkip when all experts agree, return their answer without calling an aggregator model
 * @param model         a fixed aggregator model; null lets the router choose one per task
 * @param samples       Self-MoA: how many samples of one model to merge
 * @param modelFile     learned: the trained {@code aggregator-model.json}; null reads the one beside
 *                      {@code router.profiles}
 */
public record AggregatorConfig(AggregationStrategy strategy, Boolean consensusSkip, String model, Integer samples,
                               String modelFile) {
    public AggregatorConfig {
        // Kept null when not set: the service picks the learned aggregator then, if profiles-build trained one.
        consensusSkip = consensusSkip == null ? Boolean.TRUE : consensusSkip;
        samples = samples == null ? 6 : samples;
        if (samples < 1 || samples > 64) {
            throw new IllegalArgumentException("aggregator.samples must be in 1..64, got " + samples);
        }
    }

    /** Every strategy but the learned one needs no model file. */
    public AggregatorConfig(AggregationStrategy strategy, Boolean consensusSkip, String model, Integer samples) {
        this(strategy, consensusSkip, model, samples, null);
    }

    /** The strategy, majority-vote when none was set. */
    @Override
    public AggregationStrategy strategy() {
        return strategy == null ? AggregationStrategy.MAJORITY_VOTE : strategy;
    }

    /** Whether the configuration names a strategy (an explicit strategy always wins over an implicit default). */
    public boolean strategySet() {
        return strategy != null;
    }

    public AggregatorConfig withStrategy(AggregationStrategy s) {
        return new AggregatorConfig(s, consensusSkip, model, samples, modelFile);
    }

    public static AggregatorConfig defaults() {
        return new AggregatorConfig(null, null, null, null, null);
    }

    public AggregatorConfig withModelFile(String file) {
        return new AggregatorConfig(strategy, consensusSkip, model, samples, file);
    }
}
