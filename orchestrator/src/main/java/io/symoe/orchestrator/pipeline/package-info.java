/**
 * The ensemble pipeline, profile → recruit → dispatch → aggregate, behind {@link io.symoe.orchestrator.pipeline.Pipeline}.
 * HTTP, the event bus and batches all call the same interface.
 */
package io.symoe.orchestrator.pipeline;
