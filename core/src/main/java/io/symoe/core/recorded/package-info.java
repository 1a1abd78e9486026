/**
 * Recorded real model outputs as one neutral shape, whatever file format they came from (TIGER MMLU-Pro zips,
 * RouterBench CSVs, RouterDC JSON): questions, each with every recorded model's outcome. Profiles, replay
 * backends, extraction checks and benchmark sweeps all read this shape; the readers live in model-pool.
 */
package io.symoe.core.recorded;
