/**
 * In-process MiniLM embeddings, their on-disk cache, and exact nearest-neighbour search over embedded questions.
 */
package io.symoe.skillrouter.embedding;
