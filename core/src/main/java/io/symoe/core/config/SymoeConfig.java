package io.symoe.core.config;

import java.util.HashSet;
import java.util.Set;

/** The whole configuration. Every section is optional in YAML and falls back to its defaults. */
public record SymoeConfig(ServerConfig server, PoolConfig pool, RouterConfig router, AggregatorConfig aggregator,
                          ClusterConfig cluster) {
    public SymoeConfig {
        server = server == null ? ServerConfig.defaults() : server;
        pool = pool == null ? PoolConfig.empty() : pool;
        router = router == null ? RouterConfig.defaults() : router;
        aggregator = aggregator == null ? AggregatorConfig.defaults() : aggregator;
        cluster = cluster == null ? ClusterConfig.disabled() : cluster;
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
    }

    public static SymoeConfig defaults() {
        return new SymoeConfig(null, null, null, null, null);
    }
}
