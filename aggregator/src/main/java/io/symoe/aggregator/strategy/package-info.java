/**
 * The {@link io.symoe.aggregator.strategy.Aggregator} interface and its strategies: majority and
 * competence-weighted vote, consensus skip (a decorator), LLM synthesis with the MoA prompt, Self-MoA and
 * Self-MoA-Seq. Every result carries {@link io.symoe.aggregator.strategy.AggregationProvenance}.
 */
package io.symoe.aggregator.strategy;
