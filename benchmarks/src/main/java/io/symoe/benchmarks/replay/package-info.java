/**
 * Offline replay sweeps: route recorded questions with a named router, replay the recruited experts' recorded
 * answers, merge them with an aggregator, and score against the gold answers. Nothing here calls a model.
 */
package io.symoe.benchmarks.replay;
