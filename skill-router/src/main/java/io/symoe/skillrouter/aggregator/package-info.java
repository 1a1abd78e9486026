/**
 * Paper step 6: choosing the aggregator model per task on a synthetic aggregation benchmark.
 */
package io.symoe.skillrouter.aggregator;
