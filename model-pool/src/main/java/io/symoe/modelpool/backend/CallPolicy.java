package io.symoe.modelpool.backend;

import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;

/**
 * How a backend wraps each remote call: the resilience package builds one per backend (breaker, retry, time
 * limit, bulkhead, rate limit) so no backend hand-rolls its own retry loop.
 */
@FunctionalInterface
public interface CallPolicy {
    /**
     * @param modelId the model the call serves, for error messages
     */
    <T> CompletionStage<T> execute(String modelId, Supplier<CompletionStage<T>> call);

    /** No decoration: the call runs once as is. */
    CallPolicy DIRECT = new CallPolicy() {
        @Override
        public <T> CompletionStage<T> execute(String modelId, Supplier<CompletionStage<T>> call) {
            return call.get();
        }
    };
}
