/**
 * The in-process inference engine for sparse-MoE GGUF models: GGUF reading and writing, tokenizers, the forward pass and its compute backends.
 */
package io.symoe.accelerators;
