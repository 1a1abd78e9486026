package io.symoe.benchmarks.replay;

import java.util.Map;

/**
 * One row of the results file: a router × k × aggregator × pool × skills configuration over its seeds. The field
 * names are the {@code --json} contract.
 *
 * @param accuracyMean    percent, over seeds
 * @param accuracyStd     percent, sample standard deviation over seeds (0 for one seed)
 * @param perCategory     category → percent (mean over seeds)
 * @param modelCalls      expert calls per seed (summed over questions, mean over seeds)
 * @param aggregatorCalls aggregator-model calls per seed (0 for votes)
 * @param modelLoads      distinct models recruited per seed: the loads an offline batch-by-expert run needs when
 *                        one model fits in memory at a time
 */
public record RunResult(String router, int k, String aggregator, String pool, String skills, int seeds,
                        int nQuestions, double accuracyMean, double accuracyStd, Map<String, Double> perCategory,
                        double modelCalls, double aggregatorCalls, double modelLoads) {}
