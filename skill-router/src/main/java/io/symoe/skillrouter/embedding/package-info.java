/**
 * In-process MiniLM embeddings, their on-disk cache, and nearest-neighbour search over embedded questions (a
 * principal-subspace first pass, then exact SIMD re-scoring).
 */
package io.symoe.skillrouter.embedding;
