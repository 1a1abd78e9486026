/**
 * {@code llama-server} backends: symoe starts one llama.cpp server process per resident model on a free loopback
 * port ({@link io.symoe.modelpool.backend.llamaserver.ServerProcess}), talks OpenAI chat completions to it, and
 * stops it to unload. {@link io.symoe.modelpool.backend.llamaserver.GgufFootprint} estimates the memory a process
 * takes before it starts, so the residency manager can respect its budget.
 */
package io.symoe.modelpool.backend.llamaserver;
