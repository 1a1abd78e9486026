/**
 * Scale-out of replay sweeps over a Hazelcast cluster of embedded members: every (router × seed) run is a task
 * that carries only the {@link io.symoe.benchmarks.replay.ReplaySpec} (paths and settings); each member builds
 * the data from the same paths, and the submitter merges the per-seed results exactly as a local run does.
 */
package io.symoe.benchmarks.cluster;
