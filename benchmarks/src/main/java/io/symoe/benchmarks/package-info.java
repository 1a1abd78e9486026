/**
 * Offline replay sweeps over recorded expert outputs, reports, and JMH micro-benchmarks.
 */
package io.symoe.benchmarks;
