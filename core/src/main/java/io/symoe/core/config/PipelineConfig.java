package io.symoe.core.config;

/**
 * A named ensemble pipeline, served as model {@code symoe/<name>}: its own routing and aggregation over the shared
 * pool (e.g. a cheap {@code majority-vote} pipeline beside an {@code llm-synthesis} one).
 */
public record PipelineConfig(RouterConfig router, AggregatorConfig aggregator) {
    public PipelineConfig {
        router = router == null ? RouterConfig.defaults() : router;
        aggregator = aggregator == null ? AggregatorConfig.defaults() : aggregator;
    }
}
