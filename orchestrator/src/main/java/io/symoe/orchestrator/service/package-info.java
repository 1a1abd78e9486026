/**
 * Builds the running service's parts from config: the pool, the router (profiles, embeddings), the aggregator and
 * the pipelines, and owns their lifecycle.
 */
package io.symoe.orchestrator.service;
