/**
 * Answer extraction per answer format and the strategies that merge expert outputs into one answer.
 * Entry point: {@link io.symoe.aggregator.Aggregators#fromConfig} builds the configured
 * {@link io.symoe.aggregator.strategy.Aggregator}.
 */
package io.symoe.aggregator;
