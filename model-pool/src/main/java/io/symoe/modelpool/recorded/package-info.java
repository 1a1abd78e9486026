/**
 * Readers of recorded real model outputs, one per file format, each producing
 * {@link io.symoe.core.recorded.RecordedDataset}: {@link io.symoe.modelpool.recorded.MmluProOutputsReader} (TIGER
 * MMLU-Pro {@code model_outputs_*.zip}), {@link io.symoe.modelpool.recorded.RouterBenchReader} (CSV),
 * {@link io.symoe.modelpool.recorded.RouterDcReader} (JSON). Datasets name their format; nothing else parses
 * these files.
 */
package io.symoe.modelpool.recorded;
