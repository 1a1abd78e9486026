/**
 * Pure, deterministic scheduling: the offline batch-by-expert scheduler (each model once, Belady eviction), the online grouped scheduler (max wait, swap cost vs waiting), the FIFO baseline, and eviction as a pure function. No I/O, no clocks: the real pool and the simulation run the same code.
 */
package io.symoe.modelpool.schedule;
