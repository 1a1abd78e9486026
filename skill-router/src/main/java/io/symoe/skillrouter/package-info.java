/**
 * Skill profiling of each instance, per-skill model profiles, recruiting k experts and choosing the aggregator. Speaks only core's types; knows nothing of HTTP or backends.
 */
package io.symoe.skillrouter;
