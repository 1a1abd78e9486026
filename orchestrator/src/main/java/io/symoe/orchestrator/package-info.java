/**
 * The symoe service and CLI: config loading ({@code config}), the command line ({@code cli}), the HTTP API
 * ({@code http}). It wires the other modules together and owns no routing, pooling or aggregation logic itself.
 */
package io.symoe.orchestrator;
