package io.symoe.aggregator.learned;

/** A candidate and the model's probability that it is the right answer. */
public record ScoredCandidate(Candidate candidate, double score) {}
