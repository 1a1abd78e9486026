/**
 * llama.cpp server router mode: {@code POST /models/load|unload}, {@code GET /models}.
 */
package io.symoe.modelpool.backend.llamacpp;
