package io.symoe.orchestrator.pipeline;

import io.symoe.aggregator.strategy.RawExpertOutput;
import io.symoe.core.Assignment;
import io.symoe.core.Instance;
import io.symoe.core.generation.Prompt;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the dispatch stage did for one instance: the experts actually called (a sequential dispatch may stop
 * early), what they said (raw: reading the answers is the aggregator's job), who failed and who replaced them, and, when no expert answered, why.
 *
 * @param failure null when {@code outputs} is non-empty; otherwise the error the request fails with
 */
public record Dispatch(Assignment called, List<RawExpertOutput> outputs, List<Reroute> reroutes, Throwable failure) {
    public Dispatch {
        outputs = List.copyOf(outputs);
        reroutes = List.copyOf(reroutes);
        if (outputs.isEmpty() == (failure == null)) {
            throw new IllegalArgumentException("a dispatch has outputs or a failure, not both or neither");
        }
    }

    /** One routed instance as it enters dispatch: its assignment and the prompt every draw is sent. */
    public record Routed(Instance instance, Assignment assignment, Prompt prompt) {}

    /** The reroutes as the response's {@code rerouted} map (old → new), in the order they happened. */
    public Map<String, String> reroutedMap() {
        Map<String, String> m = new LinkedHashMap<>();
        reroutes.forEach(r -> m.put(r.failed(), r.replacement()));
        return m;
    }
}
