/**
 * Residency under a memory budget: performs the eviction a pure policy decides, pins models with requests in flight, honours minimum residency, and keeps running estimates of measured load/unload times.
 */
package io.symoe.modelpool.residency;
