/**
 * Measurements over recorded model outputs (core's {@code RecordedDataset}): extractor agreement with a
 * harness's own extraction, and what consensus skip saves at k experts. Pure functions; the tests run them on the
 * real MMLU-Pro outputs.
 */
package io.symoe.aggregator.measure;
