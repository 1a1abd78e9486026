/**
 * Replays recorded real model outputs (any {@code RecordedDataset}) as a backend, with configurable load/generation times; never invents an answer.
 */
package io.symoe.modelpool.backend.replay;
