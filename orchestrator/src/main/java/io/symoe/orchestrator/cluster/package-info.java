/**
 * Clustering over Hazelcast (through Vert.x's cluster manager): members share profiles (a replicated map), the
 * cluster-wide residency view (which member has which model loaded), and work: a batch for a model resident on
 * another member is sent there over the clustered event bus instead of loading the model locally.
 */
package io.symoe.orchestrator.cluster;
