/**
 * The learned (stacking) aggregator: each distinct answer the recruited experts gave is a candidate, described by
 * {@link io.symoe.aggregator.learned.CandidateFeatures} (who gave it, their competence weights, agreement, the
 * letter's prior, what the supporting reasoning texts look like); gradient-boosted trees trained by
 * {@link io.symoe.aggregator.learned.StackingTrainer} (XGBoost through Tribuo) score each candidate's chance of
 * being right and {@link io.symoe.aggregator.strategy.LearnedAggregator} answers the best. {@link io.symoe.aggregator.learned.StackingModelFile}
 * persists a trained model, versioned, beside the profiles. Adaptive k on the same posterior:
 * {@link io.symoe.aggregator.learned.StagedModel} (one model per number of experts called, stop thresholds on the
 * leader's P(right)), trained by {@link io.symoe.aggregator.learned.StagedTrainer} with thresholds chosen by
 * {@link io.symoe.aggregator.learned.StagedThreshold} on {@link io.symoe.aggregator.learned.StagedTrace}s of
 * validation questions.
 */
package io.symoe.aggregator.learned;
