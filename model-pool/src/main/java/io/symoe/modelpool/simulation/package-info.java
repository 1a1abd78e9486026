/**
 * Simulated-time replay of arrival traces through the schedulers for {@code symoe bench schedule}, and the default category-skill recruiter it routes with.
 */
package io.symoe.modelpool.simulation;
