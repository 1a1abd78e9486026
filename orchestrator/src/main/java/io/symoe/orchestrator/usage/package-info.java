/**
 * Token usage of an answer: what the backends reported, or, where they report nothing (replayed recordings), an
 * estimate from a real tokenizer, labelled as such so zeros never pass for a measurement (issue 18).
 */
package io.symoe.orchestrator.usage;
