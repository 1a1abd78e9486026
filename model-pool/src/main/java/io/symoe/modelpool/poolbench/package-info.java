/**
 * {@code symoe bench pool}'s measurement: one routed batch of questions sent through a real {@code ModelPool}
 * three ways (FIFO, the online grouped dispatcher, the offline batch plan), counting real loads and wall time.
 * The simulated counterpart is {@code io.symoe.modelpool.simulation}.
 */
package io.symoe.modelpool.poolbench;
