package io.symoe.core.config;

import io.symoe.core.ByteSize;
import io.symoe.core.Checks;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The model pool: backends, the models they serve, and the memory budget residency must respect.
 *
 * @param memoryBudget total memory for resident models; zero means "no budget" (every model may stay loaded)
 * @param minResidency a loaded model is not evicted before this long, so a swap is not undone at once
 */
public record PoolConfig(ByteSize memoryBudget, java.time.Duration minResidency, List<BackendConfig> backends,
                         List<ModelConfig> models) {
    public PoolConfig {
        memoryBudget = memoryBudget == null ? ByteSize.ZERO : memoryBudget;
        minResidency = minResidency == null ? java.time.Duration.ZERO : minResidency;
        if (minResidency.isNegative()) {
            throw new IllegalArgumentException("pool.min-residency must not be negative");
        }
        backends = Checks.copyOf(backends, "pool.backends");
        models = Checks.copyOf(models, "pool.models");

        Map<String, BackendConfig> byId = new HashMap<>();
        for (int i = 0; i < backends.size(); i++) {
            if (byId.put(backends.get(i).id(), backends.get(i)) != null) {
                throw new ConfigReferenceException("pool.backends[" + i + "].id",
                        "duplicates backend id '" + backends.get(i).id() + "'");
            }
        }
        Set<String> modelIds = new HashSet<>();
        for (int i = 0; i < models.size(); i++) {
            ModelConfig m = models.get(i);
            if (!modelIds.add(m.id())) {
                throw new ConfigReferenceException("pool.models[" + i + "].id", "duplicates model id '" + m.id() + "'");
            }
            if (!byId.containsKey(m.backend())) {
                throw new ConfigReferenceException("pool.models[" + i + "].backend",
                        "names backend '" + m.backend() + "', which is not in pool.backends " + byId.keySet());
            }
            if (memoryBudget.bytes() > 0 && m.memory().bytes() > memoryBudget.bytes()) {
                throw new ConfigReferenceException("pool.models[" + i + "].memory",
                        m.memory() + " exceeds pool.memory-budget " + memoryBudget + ": the model could never load");
            }
        }
    }

    public static PoolConfig empty() {
        return new PoolConfig(null, null, null, null);
    }
}
