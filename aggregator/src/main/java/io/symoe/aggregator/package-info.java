/**
 * Answer extraction per answer format and the strategies that merge expert outputs into one answer.
 */
package io.symoe.aggregator;
