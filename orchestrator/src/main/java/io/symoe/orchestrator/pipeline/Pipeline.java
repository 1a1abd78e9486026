package io.symoe.orchestrator.pipeline;

import io.symoe.core.Instance;
import io.vertx.core.Future;

/**
 * Solves one instance with the ensemble: profile its skills, recruit experts, run them through the pool, merge.
 * Implementations never block the caller's thread; failures complete the future with a {@link PipelineException}.
 */
public interface Pipeline {
    Future<SolveResult> solve(Instance instance);

    /** Whether everything the pipeline needs (profiles, embedding model) is loaded. */
    boolean ready();
}
