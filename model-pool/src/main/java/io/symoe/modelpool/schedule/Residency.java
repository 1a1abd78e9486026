package io.symoe.modelpool.schedule;

import io.symoe.core.Checks;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * A snapshot of what is loaded under which budget: the input of an {@link EvictionPolicy}.
 *
 * @param budgetBytes         total memory for resident models; 0 means unlimited
 * @param minResidencySeconds a model is not evicted before it has been resident this long (llama-swap #612 asks
 *                            for this, so a swap is not undone at once)
 * @param resident            the loaded models
 */
public record Residency(long budgetBytes, double minResidencySeconds, List<Resident> resident) {
    public Residency {
        Checks.nonNegative(budgetBytes, "residency.budgetBytes");
        Checks.finiteNonNegative(minResidencySeconds, "residency.minResidencySeconds");
        resident = Checks.copyOf(resident, "residency.resident");
    }

    public long usedBytes() {
        return resident.stream().mapToLong(Resident::footprintBytes).sum();
    }

    public boolean unlimited() {
        return budgetBytes == 0;
    }

    public Set<String> residentIds() {
        return resident.stream().map(Resident::modelId).collect(Collectors.toUnmodifiableSet());
    }

    public Optional<Resident> find(String modelId) {
        return resident.stream().filter(r -> r.modelId().equals(modelId)).findFirst();
    }
}
