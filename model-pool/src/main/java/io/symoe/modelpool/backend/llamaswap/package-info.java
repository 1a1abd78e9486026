/**
 * llama-swap: {@code POST /api/models/unload/{id}}, {@code GET /running}; loads happen on first request.
 */
package io.symoe.modelpool.backend.llamaswap;
