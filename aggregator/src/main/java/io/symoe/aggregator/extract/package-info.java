/**
 * Answer extraction, one small pure extractor per rule family: strict multiple choice, Symbolic-MoE parity
 * multiple choice (quirks included), the MMLU-Pro harness's rule (a reference for recorded outputs), boxed math
 * with AIME integer normalisation, free text; reasoning traces stripped first. {@link
 * io.symoe.aggregator.extract.ExtractionTally} counts which rule decided, so fallback rates can be reported.
 */
package io.symoe.aggregator.extract;
