package io.symoe.benchmarks.replay;

import io.symoe.core.RecruitedExpert;
import io.symoe.core.recorded.RecordedQuestion;
import io.symoe.skillrouter.adaptive.StopLearner;
import io.symoe.skillrouter.adaptive.StopTrace;
import io.symoe.skillrouter.adaptive.StopTraces;
import io.symoe.skillrouter.eval.RoutingEvaluation;
import io.symoe.skillrouter.recruit.CompetenceEstimate;
import io.symoe.skillrouter.recruit.CostAwareStop;
import io.symoe.skillrouter.recruit.SequentialStop;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.IntFunction;

/**
 * The adaptive-k part of one cross-validation fold: the calibrated sequential rule (β fitted on an inner split of
 * the training folds) over its thresholds, the expected-gain rule with unit prices (calls) and with per-model
 * prices ({@link ModelPrices}), the rows whose threshold is learned on the inner split by the same
 * {@link StopLearner} a served pipeline uses, and the $ per question of every strategy of the fold.
 */
final class AdaptiveCurves {
    /** Worth of one more right answer in units of a call's price: the gain rule calls on while gain ≥ 1/value. */
    static final List<Double> VALUES = StopLearner.VALUES;

    /** The row names this class adds; their chosen values are {@code threshold}s. */
    static final String CALIBRATED = "sequential-calibrated";
    static final String LEARNED = "sequential-learned";
    /** The served learner with {@code router.target-calls} = k: topk-vote's calls. */
    static final String LEARNED_AT_K = "sequential-learned-at-k";

    /**
     * What one fold measured.
     *
     * @param curves  curve key ({@code router|knob|value}) → {accuracy %, calls/q, $/q}
     * @param costs   $/q of the fold's existing curve keys (k-prefixes, the uncalibrated thresholds)
     * @param rows    row name → {accuracy %, calls/q}
     * @param chosen  row name → the threshold learned for it on this fold
     * @param scale   β fitted on this fold's inner split
     */
    record Fold(Map<String, double[]> curves, Map<String, Double> costs, Map<String, double[]> rows,
                Map<String, String> chosen, double scale) {}

    private AdaptiveCurves() {}

    static Fold measure(ReplaySetup base, List<List<String>> folds, int heldOut, ReplayRouter ranked, int maxK,
                        List<RecordedQuestion> held, List<List<RecruitedExpert>> byCompetence,
                        List<List<RecruitedExpert>> global, ModelPrices prices) {
        List<StopTrace> inner = innerTraces(base, folds, heldOut, ranked, maxK);
        double scale = StopLearner.calibrate(inner);
        List<StopTrace> traces = new ArrayList<>(held.size());
        List<Integer> options = new ArrayList<>(held.size());
        for (int i = 0; i < held.size(); i++) {
            int o = CompetenceEstimate.options(RoutingEvaluation.instance(held.get(i)));
            options.add(o);
            traces.add(StopTraces.of(held.get(i), byCompetence.get(i), o));
        }
        Map<String, double[]> curves = new LinkedHashMap<>();
        Map<String, Double> costs = new LinkedHashMap<>();
        for (double t : StopLearner.THRESHOLDS) {
            curves.put(key(CALIBRATED, "threshold", t), replay(traces, byCompetence, new SequentialStop(t, maxK, scale), prices));
            costs.put(key("sequential", "threshold", t), replay(traces, byCompetence, new SequentialStop(t, maxK), prices)[2]);
        }
        double meanPrice = base.pool().stream().mapToDouble(prices::of).average().orElse(1);
        for (double v : VALUES) {
            curves.put(key("sequential-gain", "value_calls", v),
                    costAware(traces, byCompetence, new CostAwareStop(v, Double.POSITIVE_INFINITY, maxK, scale), null, prices));
            double usd = v * meanPrice;
            curves.put(key("cost-aware-stop", "value_usd", usd),
                    costAware(traces, byCompetence, new CostAwareStop(usd, Double.POSITIVE_INFINITY, maxK, scale), prices, prices));
        }
        for (int k = 1; k <= maxK; k++) {
            costs.put(key("topk-vote", "k", k), prefixCost(global, k, prices));
            costs.put(key(ranked.name(), "k", k), prefixCost(byCompetence, k, prices));
        }
        costs.put(key("team-oracle", "k", base.k()), prefixCost(byCompetence, base.k(), prices));
        costs.put(key("oracle", "k", base.pool().size()), base.pool().stream().mapToDouble(prices::of).sum());

        Map<String, double[]> rows = new LinkedHashMap<>();
        Map<String, String> chosen = new LinkedHashMap<>();
        // Calibrated threshold at topk-vote's calls (comparable with the uncalibrated `sequential` row), and the
        // served learner (the better of threshold and expected-gain) at the served default target, 0.6 of them,
        // and at topk-vote's calls.
        StopLearner.Learned calibrated = StopLearner.learn(inner, base.k(), maxK, scale);
        StopLearner.Learned served = StopLearner.learn(inner, StopLearner.defaultTargetCalls(base.k()), maxK);
        StopLearner.Learned servedAtK = StopLearner.learn(inner, base.k(), maxK);
        for (var e : Map.of(CALIBRATED, calibrated, LEARNED, served, LEARNED_AT_K, servedAtK).entrySet().stream()
                .sorted(Map.Entry.comparingByKey()).toList()) {
            double[] s = replay(traces, byCompetence, e.getValue().rule(maxK), prices);
            rows.put(e.getKey(), new double[] {s[0], s[1]});
            chosen.put(e.getKey(), e.getValue().kind() == io.symoe.skillrouter.recruit.StopPolicy.Kind.THRESHOLD
                    ? String.valueOf(e.getValue().knob()) : "expected-gain:" + e.getValue().knob());
        }
        return new Fold(curves, costs, rows, chosen, scale);
    }

    /** Traces of the inner split the `sequential` row's threshold is chosen on: the fold after the held-out one. */
    private static List<StopTrace> innerTraces(ReplaySetup base, List<List<String>> folds, int heldOut,
                                               ReplayRouter ranked, int maxK) {
        int validation = (heldOut + 1) % folds.size();
        Set<String> inner = new LinkedHashSet<>();
        for (int g = 0; g < folds.size(); g++) {
            if (g != heldOut && g != validation) {
                inner.addAll(folds.get(g));
            }
        }
        ReplaySetup tune = new ReplaySetup(base.profileData(), inner, base.profileData(), folds.get(validation),
                base.pool(), base.skills(), maxK, base.aggregator(), base.embeddings());
        List<RecordedQuestion> qs = tune.evalQuestions();
        List<List<RecruitedExpert>> lists = ranked.recruit(tune, qs, 0);
        List<StopTrace> traces = new ArrayList<>(qs.size());
        for (int i = 0; i < qs.size(); i++) {
            traces.add(StopTraces.of(qs.get(i), lists.get(i),
                    CompetenceEstimate.options(RoutingEvaluation.instance(qs.get(i)))));
        }
        return traces;
    }

    /** {accuracy %, calls/q, $/q} of a threshold rule replayed on the traces. */
    static double[] replay(List<StopTrace> traces, List<List<RecruitedExpert>> lists,
                           io.symoe.skillrouter.recruit.StopRule rule, ModelPrices prices) {
        sameQuestions(traces, lists);
        return tally(lists, prices, i -> {
            StopTrace.Outcome o = traces.get(i).replay(rule);
            return new Replayed(o.right(), o.calls());
        });
    }

    static void sameQuestions(List<?> traces, List<List<RecruitedExpert>> lists) {
        if (traces.size() != lists.size()) {
            throw new IllegalArgumentException(traces.size() + " traces for " + lists.size() + " questions' experts");
        }
    }

    /** One replayed question: whether the rule's answer was right, and how many of its ranked experts it called. */
    record Replayed(boolean right, int calls) {}

    /**
     * {accuracy %, calls/q, $/q} of a stop rule replayed question by question ({@code replay.apply(i)}); question i's
     * ranked experts are {@code lists.get(i)}, and the ones called are priced by {@code prices}.
     */
    static double[] tally(List<List<RecruitedExpert>> lists, ModelPrices prices, IntFunction<Replayed> replay) {
        int right = 0;
        long calls = 0;
        double cost = 0;
        for (int i = 0; i < lists.size(); i++) {
            Replayed o = replay.apply(i);
            right += o.right() ? 1 : 0;
            calls += o.calls();
            for (RecruitedExpert e : lists.get(i).subList(0, o.calls())) {
                cost += prices.of(e.modelId());
            }
        }
        int n = lists.size();
        return new double[] {100.0 * right / n, (double) calls / n, cost / n};
    }

    /**
     * {accuracy %, calls/q, $/q} of the expected-gain rule: the next expert is called while its expected gain is
     * worth its price, with {@code rulePrices} (null: every call costs 1, so the knob is in calls).
     */
    static double[] costAware(List<StopTrace> traces, List<List<RecruitedExpert>> lists, CostAwareStop rule,
                              ModelPrices rulePrices, ModelPrices prices) {
        int right = 0;
        long calls = 0;
        double cost = 0;
        for (int i = 0; i < traces.size(); i++) {
            StopTrace t = traces.get(i);
            List<RecruitedExpert> experts = lists.get(i);
            List<SequentialStop.Vote> votes = new ArrayList<>();
            double spent = 0;
            List<CostAwareStop.Next> upcoming = new ArrayList<>(t.votes().size());
            for (int j = 0; j < t.votes().size(); j++) {
                upcoming.add(new CostAwareStop.Next(t.votes().get(j).weight(),
                        rulePrices == null ? 1 : rulePrices.of(experts.get(j).modelId())));
            }
            for (int j = 0; j < t.votes().size(); j++) {
                if (!rule.callNext(votes, spent, upcoming.subList(j, upcoming.size()), t.options())) {
                    break;
                }
                votes.add(t.votes().get(j));
                spent += upcoming.get(j).price();
                cost += prices.of(experts.get(j).modelId());
            }
            calls += votes.size();
            var leader = SequentialStop.posterior(votes, t.options(), rule.scale()).answer();
            right += leader.isPresent() && leader.get().equals(t.gold()) ? 1 : 0;
        }
        int n = traces.size();
        return new double[] {100.0 * right / n, (double) calls / n, cost / n};
    }

    private static double prefixCost(List<List<RecruitedExpert>> lists, int k, ModelPrices prices) {
        double cost = 0;
        for (List<RecruitedExpert> l : lists) {
            for (RecruitedExpert e : l.subList(0, Math.min(k, l.size()))) {
                cost += prices.of(e.modelId());
            }
        }
        return cost / lists.size();
    }

    /** The same key format as {@link CrossValidation}'s curves. */
    static String key(String router, String knob, double value) {
        return router + "|" + knob + "|" + value;
    }
}
