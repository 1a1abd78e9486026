/**
 * vLLM sleep mode: {@code POST /sleep?level=}, {@code POST /wake_up}, {@code GET /is_sleeping}.
 */
package io.symoe.modelpool.backend.vllm;
