/**
 * OpenAI-compatible chat completions over Vert.x (unary and SSE streaming, {@code /v1/models}) and the mapping of HTTP answers to {@code GenerationException} kinds. The residency adapters extend it.
 */
package io.symoe.modelpool.backend.openai;
