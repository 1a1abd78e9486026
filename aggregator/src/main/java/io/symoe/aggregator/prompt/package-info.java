/**
 * The aggregator's prompt and its context arithmetic: the MoA synthesis prompt, Self-MoA-Seq's sliding windows
 * and the window size a context budget allows, and a tokenizer-free token estimate.
 */
package io.symoe.aggregator.prompt;
