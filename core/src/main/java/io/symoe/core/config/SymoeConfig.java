package io.symoe.core.config;

import java.util.HashSet;
import java.util.Set;

/**
 * The whole configuration. Every section is optional in YAML and falls back to its defaults.
 *
 * @param router     routing of the default pipeline (model {@code symoe})
 * @param aggregator aggregation of the default pipeline
 * @param pipelines  further named pipelines, served as model {@code symoe/<name>}
 */
public record SymoeConfig(ServerConfig server, PoolConfig pool, RouterConfig router, AggregatorConfig aggregator,
                          ClusterConfig cluster, java.util.Map<String, PipelineConfig> pipelines) {
    /** The name of the pipeline the top-level {@code router} and {@code aggregator} sections configure. */
    public static final String DEFAULT_PIPELINE = "default";
    private static final java.util.regex.Pattern PIPELINE_NAME = java.util.regex.Pattern.compile("[a-z0-9][a-z0-9-]{0,62}");

    public SymoeConfig(ServerConfig server, PoolConfig pool, RouterConfig router, AggregatorConfig aggregator,
                       ClusterConfig cluster) {
        this(server, pool, router, aggregator, cluster, null);
    }

    public SymoeConfig {
        server = server == null ? ServerConfig.defaults() : server;
        pool = pool == null ? PoolConfig.empty() : pool;
        router = router == null ? RouterConfig.defaults() : router;
        aggregator = aggregator == null ? AggregatorConfig.defaults() : aggregator;
        cluster = cluster == null ? ClusterConfig.disabled() : cluster;
        pipelines = pipelines == null ? java.util.Map.of() : java.util.Map.copyOf(new java.util.TreeMap<>(pipelines));
        for (var e : pipelines.entrySet()) {
            if (!PIPELINE_NAME.matcher(e.getKey()).matches() || e.getKey().equals(DEFAULT_PIPELINE)) {
                throw new ConfigReferenceException("pipelines." + e.getKey(), "is not a valid pipeline name (lower-case"
                        + " letters, digits and '-'; '" + DEFAULT_PIPELINE + "' is the top-level router/aggregator)");
            }
            if (e.getValue() == null) {
                throw new ConfigReferenceException("pipelines." + e.getKey(), "is empty");
            }
        }
        Set<String> modelIds = new HashSet<>();
        pool.models().forEach(m -> modelIds.add(m.id()));
        if (router.keywordModel() != null && !modelIds.contains(router.keywordModel())) {
            throw new ConfigReferenceException("router.keyword-model",
                    "names model '" + router.keywordModel() + "', which is not in pool.models " + modelIds);
        }
        if (aggregator.model() != null && !modelIds.contains(aggregator.model())) {
            throw new ConfigReferenceException("aggregator.model",
                    "names model '" + aggregator.model() + "', which is not in pool.models " + modelIds);
        }
        for (var e : pipelines.entrySet()) {
            String keywordModel = e.getValue().router().keywordModel();
            if (keywordModel != null && !modelIds.contains(keywordModel)) {
                throw new ConfigReferenceException("pipelines." + e.getKey() + ".router.keyword-model",
                        "names model '" + keywordModel + "', which is not in pool.models " + modelIds);
            }
            String aggModel = e.getValue().aggregator().model();
            if (aggModel != null && !modelIds.contains(aggModel)) {
                throw new ConfigReferenceException("pipelines." + e.getKey() + ".aggregator.model",
                        "names model '" + aggModel + "', which is not in pool.models " + modelIds);
            }
        }
    }

    /** Every pipeline by name, the default first: what {@code symoe} and {@code symoe/<name>} select. */
    public java.util.Map<String, PipelineConfig> allPipelines() {
        java.util.Map<String, PipelineConfig> all = new java.util.LinkedHashMap<>();
        all.put(DEFAULT_PIPELINE, new PipelineConfig(router, aggregator));
        all.putAll(pipelines);
        return all;
    }

    public static SymoeConfig defaults() {
        return new SymoeConfig(null, null, null, null, null, null);
    }
}
