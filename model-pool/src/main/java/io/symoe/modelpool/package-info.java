/**
 * Model backends behind one SPI, residency under a memory budget, the batch-by-expert schedulers and the resilience policies around every remote call.
 */
package io.symoe.modelpool;
