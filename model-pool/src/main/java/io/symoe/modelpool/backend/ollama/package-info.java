/**
 * Ollama residency: {@code keep_alive} -1 / 0 on {@code /api/generate}, {@code GET /api/ps}.
 */
package io.symoe.modelpool.backend.ollama;
