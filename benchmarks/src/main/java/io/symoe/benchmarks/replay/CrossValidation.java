package io.symoe.benchmarks.replay;

import io.symoe.aggregator.learned.StagedModel;
import io.symoe.aggregator.learned.StagedThreshold;
import io.symoe.aggregator.learned.StagedTrace;
import io.symoe.aggregator.strategy.Aggregator;
import io.symoe.core.RecruitedExpert;
import io.symoe.core.recorded.RecordedOutcome;
import io.symoe.core.recorded.RecordedQuestion;
import io.symoe.skillrouter.eval.RoutingEvaluation;
import io.symoe.skillrouter.recruit.CompetenceEstimate;
import io.symoe.skillrouter.recruit.SequentialStop;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.IntConsumer;

/**
 * {@code bench replay --cv K}: K-fold cross-validation over the questions of {@code --outputs}, stratified by
 * category, repeated over {@code repeats} fold partitions. In each fold the profiles come from the other K−1 folds
 * only and the held-out fold is scored, so nothing a router learns has seen the questions it is scored on; the
 * one tuned knob, the {@code sequential} threshold, is chosen on an inner split of the training folds.
 *
 * <p>Besides the requested routers' rows it measures the accuracy-versus-calls frontier: {@code topk-vote},
 * {@code default-vote} (default's experts, voted) and {@code default} (the same experts, merged by the learned
 * aggregator trained per fold; once per fold, shared by the row and the curve) over k = 1…maxK, the {@code sequential} stopping rule over its thresholds, and the
 * best-single, oracle and team-oracle (right when any of default's k recruited experts is) points.
 */
public final class CrossValidation {
    /** The thresholds the sequential frontier sweeps and the inner split chooses from. */
    public static final List<Double> THRESHOLDS = List.of(0.2, 0.25, 0.3, 0.35, 0.4, 0.45, 0.5, 0.55, 0.6, 0.65,
            0.7, 0.75, 0.8, 0.85, 0.9, 0.95, 0.99);

    /**
     * Rows of adaptive k on the learned aggregator's posterior ({@link StagedThreshold}): the threshold chosen on
     * the validation fold for at most k calls per question (topk-vote's), and for 0.6·k (issue 17's frontier goal).
     */
    public static final String ADAPTIVE = ReplayRouters.ADAPTIVE_DEFAULT;

    /** A staged row: its name, its target as a share of k calls, and one threshold for all stages or one each. */
    record StagedRow(String name, double share, StagedThreshold.Mode mode) {}

    static final List<StagedRow> STAGED_ROWS = List.of(
            new StagedRow(ADAPTIVE, 1, StagedThreshold.Mode.UNIFORM),
            new StagedRow(ADAPTIVE + "-0.6k", 0.6, StagedThreshold.Mode.UNIFORM),
            new StagedRow(ReplayRouters.ADAPTIVE_DEFAULT + "-per-stage", 1, StagedThreshold.Mode.PER_STAGE),
            new StagedRow(ADAPTIVE + "-per-stage-0.6k", 0.6, StagedThreshold.Mode.PER_STAGE));

    /** A {@code chosen_threshold} entry: the one threshold, or the per-stage ones joined by "/". */
    static String describe(List<Double> thresholds) {
        return thresholds.stream().distinct().count() == 1 ? String.valueOf(thresholds.getFirst())
                : String.join("/", thresholds.stream().map(String::valueOf).toList());
    }

    /** The thresholds of the {@code default-adaptive} frontier curve. */
    static final List<Double> STAGED_FRONTIER = List.of(0.05, 0.1, 0.15, 0.2, 0.25, 0.3, 0.35, 0.4, 0.45, 0.5,
            0.55, 0.6, 0.65, 0.7, 0.75, 0.8, 0.85, 0.9, 0.95, 0.99);

    /**
     * @param folds   K, at least 3
     * @param repeats fold partitions, each with its own shuffle seed ({@code seed + r})
     * @param seed    the first partition's seed
     * @param seeds   seeds per fold for stochastic routers (their fold accuracy is the mean over them)
     * @param maxK    the largest team of the k-curves and the sequential rule's budget
     */
    public record Settings(int folds, int repeats, long seed, int seeds, int maxK) {
        public Settings {
            if (folds < 3) {
                // The sequential threshold is tuned on an inner split, which needs a fold besides the held-out one.
                throw new IllegalArgumentException("--cv must be >= 3 (training folds hold an inner split), got "
                        + folds);
            }
            if (repeats < 1 || seeds < 1 || maxK < 1) {
                throw new IllegalArgumentException("--cv-repeats, --seeds and the max k must be >= 1");
            }
        }
    }

    /** One router's cross-validated row: per (repeat, fold) accuracies and calls, and the paired gain over topk-vote. */
    public record Row(String router, double[] accuracy, double[] callsPerQuestion, double[] deltaVsTopk,
                      List<String> chosen) {
        public double accuracyMean() {
            return ReplaySweep.mean(accuracy);
        }

        public double accuracyStd() {
            return ReplaySweep.std(accuracy);
        }

        public double callsMean() {
            return ReplaySweep.mean(callsPerQuestion);
        }

        public double deltaMean() {
            return ReplaySweep.mean(deltaVsTopk);
        }

        public double deltaStd() {
            return ReplaySweep.std(deltaVsTopk);
        }
    }

    /** One point of a strategy's accuracy-versus-calls curve; {@code knob} names the cost knob and its value. */
    public record FrontierPoint(String router, String knob, double value, double callsMean, double callsStd,
                                double accuracyMean, double accuracyStd, double costMean, double costStd) {
        /** A point without a price axis. */
        public FrontierPoint(String router, String knob, double value, double callsMean, double callsStd,
                             double accuracyMean, double accuracyStd) {
            this(router, knob, value, callsMean, callsStd, accuracyMean, accuracyStd, Double.NaN, Double.NaN);
        }
    }

    /**
     * Everything a cross-validated sweep measured.
     *
     * @param runs     the requested routers in the {@code runs} contract shape (mean/std over folds × repeats)
     * @param rows     the same routers plus {@code sequential}, with spreads and paired gains
     * @param frontier every curve point
     */
    public record Report(Settings settings, int questions, List<RunResult> runs, List<Row> rows,
                         List<FrontierPoint> frontier, String prices, List<Double> chosenScale) {
        public Report(Settings settings, int questions, List<RunResult> runs, List<Row> rows,
                      List<FrontierPoint> frontier) {
            this(settings, questions, runs, rows, frontier, null, List.of());
        }
    }

    private CrossValidation() {}

    /**
     * Stratified folds: each category's questions are shuffled and dealt round-robin, continuing where the previous
     * category stopped, so fold sizes differ by at most one and every category is spread evenly.
     */
    public static List<List<String>> folds(List<RecordedQuestion> questions, int k, long seed) {
        Map<String, List<String>> byCategory = new TreeMap<>();
        for (RecordedQuestion q : questions) {
            byCategory.computeIfAbsent(q.category() == null ? "" : q.category(), c -> new ArrayList<>()).add(q.id());
        }
        Random rnd = new Random(seed);
        List<List<String>> folds = new ArrayList<>();
        for (int f = 0; f < k; f++) {
            folds.add(new ArrayList<>());
        }
        int next = 0;
        for (List<String> ids : byCategory.values()) {
            Collections.shuffle(ids, rnd);
            for (String id : ids) {
                folds.get(next).add(id);
                next = (next + 1) % k;
            }
        }
        return folds;
    }

    public static Report run(ReplaySetup base, List<ReplayRouter> routers, String poolName, Settings settings,
                             IntConsumer progress) {
        return run(base, routers, poolName, settings, progress, ModelPrices.defaultFor(base.pool()));
    }

    /** @param prices the per-call prices of the $ axis and of the cost-aware stopping rule */
    public static Report run(ReplaySetup base, List<ReplayRouter> routers, String poolName, Settings settings,
                             IntConsumer progress, ModelPrices prices) {
        prices.covering(base.pool());
        Map<String, List<Double>> costs = new LinkedHashMap<>(); // curve key → $/q per unit
        Map<String, List<String>> chosenBy = new LinkedHashMap<>();
        List<Double> scales = new ArrayList<>();
        List<RecordedQuestion> all = base.profileData().questions();
        Aggregator aggregator = ReplaySweep.aggregator(base.aggregator());
        // Default's experts: its k-curve by vote is default-vote's, merged by the learned aggregator it is default's.
        ReplayRouter ranked = ReplayRouters.byName(base.embeddings() != null ? ReplayRouters.DEFAULT_VOTE
                : "competence-weighted");
        String learnedRow = LearnedAggregation.row(ranked);
        Set<String> requested = new HashSet<>(routers.stream().map(ReplayRouter::name).toList());
        if (requested.contains("default") && !learnedRow.equals("default")) {
            throw new IllegalArgumentException("the default router needs the question embeddings");
        }
        Map<String, List<SeedResult>> perRouter = new LinkedHashMap<>();
        Map<String, List<double[]>> units = new LinkedHashMap<>(); // router → per unit {accuracy %, calls/q}
        Map<String, List<double[]>> curves = new LinkedHashMap<>(); // "router|knob|value" → per unit
        List<String> chosen = new ArrayList<>();
        int done = 0;
        for (int r = 0; r < settings.repeats(); r++) {
            List<List<String>> folds = folds(all, settings.folds(), settings.seed() + r);
            for (int f = 0; f < settings.folds(); f++) {
                Set<String> train = new LinkedHashSet<>();
                for (int g = 0; g < folds.size(); g++) {
                    if (g != f) {
                        train.addAll(folds.get(g));
                    }
                }
                ReplaySetup unit = derive(base, train, folds.get(f), base.k());
                List<RecordedQuestion> held = unit.evalQuestions();
                // The frontier: one routing at the largest k gives every smaller k as a prefix.
                ReplaySetup wide = derive(base, train, folds.get(f), settings.maxK());
                List<List<RecruitedExpert>> global = ReplayRouters.byName("topk-vote").recruit(wide, held, 0);
                List<List<RecruitedExpert>> byCompetence = ranked.recruit(wide, held, 0);
                // The learned aggregator over default's experts, trained on cross-fitted training folds only; it is
                // the default row, so a requested default reuses it rather than training again.
                LearnedAggregation.Fold learned = LearnedAggregation.fold(base, folds, f, ranked, held, byCompetence,
                        settings.maxK(), base.k(), settings.seed() + r, r);
                for (ReplayRouter router : routers) {
                    Optional<StagedRow> stagedRow = STAGED_ROWS.stream()
                            .filter(x -> x.name().equals(router.name())).findFirst();
                    if (stagedRow.isPresent()) {
                        // The per-fold staged rule below is this router's row; its runs unit is counted here.
                        List<Double> t = StagedThreshold.choose(learned.staged().validation(),
                                stagedRow.get().share() * base.k(), stagedRow.get().mode()).thresholds();
                        perRouter.computeIfAbsent(router.name(), n -> new ArrayList<>())
                                .add(stagedSeed(router.name(), r, held, byCompetence, learned.staged().held(), t));
                        continue;
                    }
                    if (router.name().equals(learnedRow)) {
                        perRouter.computeIfAbsent(router.name(), n -> new ArrayList<>()).add(learned.seed());
                        units.computeIfAbsent(router.name(), n -> new ArrayList<>()).add(learned.atK());
                        continue;
                    }
                    List<SeedResult> seeds = new ArrayList<>();
                    for (int s = 0; s < ReplaySweep.runs(router, settings.seeds()); s++) {
                        seeds.add(ReplaySweep.runSeed(unit, router, s));
                    }
                    SeedResult merged = sum(router.name(), r, seeds);
                    perRouter.computeIfAbsent(router.name(), n -> new ArrayList<>()).add(merged);
                    units.computeIfAbsent(router.name(), n -> new ArrayList<>()).add(new double[] {
                            100.0 * merged.right() / merged.questions(), (double) merged.calls() / merged.questions()});
                }
                for (int k = 1; k <= settings.maxK(); k++) {
                    curves.computeIfAbsent(key("topk-vote", "k", k), x -> new ArrayList<>())
                            .add(score(aggregator, held, global, k));
                    curves.computeIfAbsent(key(ranked.name(), "k", k), x -> new ArrayList<>())
                            .add(score(aggregator, held, byCompetence, k));
                }
                for (double t : THRESHOLDS) {
                    curves.computeIfAbsent(key("sequential", "threshold", t), x -> new ArrayList<>())
                            .add(sequential(held, byCompetence, new SequentialStop(t, settings.maxK())));
                }
                curves.computeIfAbsent(key("oracle", "k", base.pool().size()), x -> new ArrayList<>())
                        .add(oracle(held, base.pool()));
                // What a perfect aggregator could do with the experts default recruits: the ceiling of aggregation.
                curves.computeIfAbsent(key("team-oracle", "k", base.k()), x -> new ArrayList<>())
                        .add(teamOracle(held, byCompetence, base.k()));
                AdaptiveCurves.Fold adaptive = AdaptiveCurves.measure(base, folds, f, ranked, settings.maxK(), held,
                        byCompetence, global, prices);
                adaptive.curves().forEach((key, u) -> curves.computeIfAbsent(key, x -> new ArrayList<>()).add(u));
                adaptive.costs().forEach((key, c) -> costs.computeIfAbsent(key, x -> new ArrayList<>()).add(c));
                adaptive.rows().forEach((name, u) -> units.computeIfAbsent(name, x -> new ArrayList<>()).add(u));
                adaptive.chosen().forEach((name, t) -> chosenBy.computeIfAbsent(name, x -> new ArrayList<>()).add(t));
                scales.add(adaptive.scale());
                // The sequential row: its threshold is chosen on an inner split of the training folds only.
                double t = chooseThreshold(base, folds, f, ranked, settings, base.k());
                chosen.add(String.valueOf(t));
                units.computeIfAbsent("sequential", n -> new ArrayList<>())
                        .add(sequential(held, byCompetence, new SequentialStop(t, settings.maxK())));
                if (!requested.contains(learnedRow)) {
                    units.computeIfAbsent(learnedRow, n -> new ArrayList<>()).add(learned.atK());
                }
                learned.curve().forEach((team, u) -> curves.computeIfAbsent(key(learnedRow, "k", team),
                        x -> new ArrayList<>()).add(u));
                // Adaptive k on the learned aggregator's posterior: thresholds chosen on the validation fold only.
                for (double tau : STAGED_FRONTIER) {
                    curves.computeIfAbsent(key(ADAPTIVE, "threshold", tau), x -> new ArrayList<>())
                            .add(staged(learned.staged().held(), byCompetence, tau, prices));
                }
                for (StagedRow row : STAGED_ROWS) {
                    double target = row.share() * base.k();
                    StagedThreshold.Chosen c = StagedThreshold.choose(learned.staged().validation(), target, row.mode());
                    double[] u = staged(learned.staged().held(), byCompetence, c.thresholds(), prices);
                    units.computeIfAbsent(row.name(), x -> new ArrayList<>()).add(new double[] {u[0], u[1]});
                    chosenBy.computeIfAbsent(row.name(), x -> new ArrayList<>()).add(describe(c.thresholds()));
                }
                // It merges the same first experts as default's k-curve, so each of its points costs what that one does.
                learned.curve().keySet().forEach(team -> {
                    Double c = adaptive.costs().get(key(ranked.name(), "k", team));
                    if (c != null) {
                        costs.computeIfAbsent(key(learnedRow, "k", team), x -> new ArrayList<>()).add(c);
                    }
                });
                progress.accept(++done);
            }
        }
        double[] topk = column(curves.get(key("topk-vote", "k", base.k())), 0);
        List<Row> rows = new ArrayList<>();
        units.forEach((name, u) -> {
            double[] acc = column(u, 0);
            double[] delta = new double[acc.length];
            for (int i = 0; i < acc.length; i++) {
                delta[i] = acc[i] - topk[i];
            }
            rows.add(new Row(name, acc, column(u, 1), delta,
                    name.equals("sequential") ? chosen : chosenBy.getOrDefault(name, List.of())));
        });
        List<FrontierPoint> frontier = new ArrayList<>();
        curves.forEach((k, u) -> {
            String[] parts = k.split("\\|");
            double[] acc = column(u, 0);
            double[] calls = column(u, 1);
            String router = parts[0].equals("topk-vote") && Double.parseDouble(parts[2]) == 1 ? "best-single" : parts[0];
            double[] cost = u.get(0).length > 2 ? column(u, 2)
                    : costs.getOrDefault(k, List.of()).stream().mapToDouble(Double::doubleValue).toArray();
            frontier.add(new FrontierPoint(router, parts[1], Double.parseDouble(parts[2]), ReplaySweep.mean(calls),
                    ReplaySweep.std(calls), ReplaySweep.mean(acc), ReplaySweep.std(acc),
                    cost.length == 0 ? Double.NaN : ReplaySweep.mean(cost),
                    cost.length == 0 ? Double.NaN : ReplaySweep.std(cost)));
        });
        List<RunResult> runs = new ArrayList<>();
        for (ReplayRouter router : routers) {
            runs.add(runResult(base, router.name(), poolName, perRouter.get(router.name()), settings,
                    units.get(router.name()), ReplaySweep.runs(router, settings.seeds())));
        }
        return new Report(settings, all.size(), runs, rows, frontier, prices.origin(), scales);
    }

    /**
     * Inner split: profiles from the training folds but one, scored on that one (the fold after the held-out one);
     * the most accurate threshold whose mean calls stay within {@code targetCalls}, else the cheapest.
     */
    private static double chooseThreshold(ReplaySetup base, List<List<String>> folds, int heldOut,
                                          ReplayRouter ranked, Settings settings, double targetCalls) {
        int validation = (heldOut + 1) % folds.size();
        Set<String> inner = new LinkedHashSet<>();
        for (int g = 0; g < folds.size(); g++) {
            if (g != heldOut && g != validation) {
                inner.addAll(folds.get(g));
            }
        }
        ReplaySetup tune = derive(base, inner, folds.get(validation), settings.maxK());
        List<RecordedQuestion> questions = tune.evalQuestions();
        List<List<RecruitedExpert>> lists = ranked.recruit(tune, questions, 0);
        double best = Double.NaN;
        double bestAcc = -1;
        double cheapest = Double.NaN;
        double cheapestCalls = Double.POSITIVE_INFINITY;
        for (double t : THRESHOLDS) {
            double[] s = sequential(questions, lists, new SequentialStop(t, settings.maxK()));
            if (s[1] <= targetCalls && s[0] > bestAcc) {
                bestAcc = s[0];
                best = t;
            }
            if (s[1] < cheapestCalls) {
                cheapestCalls = s[1];
                cheapest = t;
            }
        }
        return Double.isNaN(best) ? cheapest : best;
    }

    static ReplaySetup derive(ReplaySetup base, Set<String> train, List<String> eval, int k) {
        return new ReplaySetup(base.profileData(), train, base.profileData(), eval, base.pool(), base.skills(), k,
                base.aggregator(), base.embeddings());
    }

    private static String key(String router, String knob, double value) {
        return router + "|" + knob + "|" + value;
    }

    /** {accuracy %, calls per question} of voting over the first k experts of each list. */
    private static double[] score(Aggregator aggregator, List<RecordedQuestion> qs, List<List<RecruitedExpert>> lists,
                                  int k) {
        int right = 0;
        int calls = 0;
        for (int i = 0; i < qs.size(); i++) {
            List<RecruitedExpert> team = lists.get(i).subList(0, Math.min(k, lists.get(i).size()));
            calls += team.size();
            String a = ReplaySweep.vote(aggregator, qs.get(i), team);
            right += a != null && a.equals(qs.get(i).gold()) ? 1 : 0;
        }
        return new double[] {100.0 * right / qs.size(), (double) calls / qs.size()};
    }

    /** Replays the stopping rule on the recorded answers: call in list order until it says stop, answer the leader. */
    static double[] sequential(List<RecordedQuestion> qs, List<List<RecruitedExpert>> lists, SequentialStop rule) {
        int right = 0;
        int calls = 0;
        for (int i = 0; i < qs.size(); i++) {
            RecordedQuestion q = qs.get(i);
            int options = CompetenceEstimate.options(RoutingEvaluation.instance(q));
            List<SequentialStop.Vote> votes = new ArrayList<>();
            for (RecruitedExpert e : lists.get(i)) {
                RecordedOutcome o = q.outcomes().get(e.modelId());
                votes.add(new SequentialStop.Vote(e.weight(),
                        o == null ? Optional.empty() : Optional.ofNullable(o.prediction())));
                if (rule.stop(votes, options)) {
                    break;
                }
            }
            calls += votes.size();
            Optional<String> a = SequentialStop.posterior(votes, options).answer();
            right += a.isPresent() && a.get().equals(q.gold()) ? 1 : 0;
        }
        return new double[] {100.0 * right / qs.size(), (double) calls / qs.size()};
    }

    /** The staged rule's held-out answers as one {@code runs} unit: right per category, experts called. */
    private static SeedResult stagedSeed(String name, int repeat, List<RecordedQuestion> qs,
                                         List<List<RecruitedExpert>> lists, List<StagedTrace> traces,
                                         List<Double> thresholds) {
        AdaptiveDefault.StagedRun run = AdaptiveDefault.StagedRun.of(traces, lists, thresholds);
        return LearnedAggregation.result(name, repeat, qs, run.called(), Integer.MAX_VALUE, run.answers());
    }

    /** {accuracy %, calls/q, $/q} of the staged rule at {@code threshold} replayed on the traces. */
    static double[] staged(List<StagedTrace> traces, List<List<RecruitedExpert>> lists, double threshold,
                           ModelPrices prices) {
        return staged(traces, lists, StagedModel.uniform(threshold, traces.getFirst().leaders().size()), prices);
    }

    static double[] staged(List<StagedTrace> traces, List<List<RecruitedExpert>> lists, List<Double> thresholds,
                           ModelPrices prices) {
        AdaptiveCurves.sameQuestions(traces, lists);
        return AdaptiveCurves.tally(lists, prices, i -> {
            StagedTrace.Outcome o = traces.get(i).replay(thresholds);
            return new AdaptiveCurves.Replayed(o.right(), o.calls());
        });
    }

    private static double[] oracle(List<RecordedQuestion> qs, List<String> pool) {
        int right = 0;
        for (RecordedQuestion q : qs) {
            right += ReplaySweep.oracleAnswer(q, pool) != null ? 1 : 0;
        }
        return new double[] {100.0 * right / qs.size(), pool.size()};
    }

    private static double[] teamOracle(List<RecordedQuestion> qs, List<List<RecruitedExpert>> lists, int k) {
        int right = 0;
        int calls = 0;
        for (int i = 0; i < qs.size(); i++) {
            List<String> team = lists.get(i).stream().limit(k).map(RecruitedExpert::modelId).toList();
            calls += team.size();
            right += ReplaySweep.oracleAnswer(qs.get(i), team) != null ? 1 : 0;
        }
        return new double[] {100.0 * right / qs.size(), (double) calls / qs.size()};
    }

    private static double[] column(List<double[]> rows, int c) {
        return rows.stream().mapToDouble(r -> r[c]).toArray();
    }

    /** A stochastic router's seeds on one fold, added up (its fold accuracy is then the mean over seeds). */
    private static SeedResult sum(String router, int repeat, List<SeedResult> seeds) {
        // loads are averaged, not summed: each seed is a separate run needing its own models
        int right = 0;
        int questions = 0;
        int calls = 0;
        int loads = 0;
        Map<String, Integer> catRight = new HashMap<>();
        Map<String, Integer> catTotal = new HashMap<>();
        for (SeedResult s : seeds) {
            right += s.right();
            questions += s.questions();
            calls += s.calls();
            loads += s.loads();
            s.categoryRight().forEach((c, n) -> catRight.merge(c, n, Integer::sum));
            s.categoryTotal().forEach((c, n) -> catTotal.merge(c, n, Integer::sum));
        }
        return new SeedResult(router, repeat, right, questions, catRight, catTotal, calls, loads / seeds.size());
    }

    /**
     * The {@code runs} row: accuracy mean/std over folds × repeats; {@code n_questions} every question (each is
     * held out once per repeat); {@code model_calls} expert calls per repeat over all questions; loads per fold.
     */
    private static RunResult runResult(ReplaySetup base, String name, String poolName, List<SeedResult> results,
                                       Settings settings, List<double[]> unitScores, int seedsPerFold) {
        Map<String, Integer> catRight = new HashMap<>();
        Map<String, Integer> catTotal = new HashMap<>();
        double calls = 0;
        double loads = 0;
        Set<String> categories = new HashSet<>();
        for (SeedResult s : results) {
            s.categoryRight().forEach((c, n) -> catRight.merge(c, n, Integer::sum));
            s.categoryTotal().forEach((c, n) -> catTotal.merge(c, n, Integer::sum));
            categories.addAll(s.categoryTotal().keySet());
            calls += s.calls();
            loads += s.loads();
        }
        Map<String, Double> perCategory = new TreeMap<>();
        for (String c : new TreeSet<>(categories)) {
            perCategory.put(c, 100.0 * catRight.getOrDefault(c, 0) / catTotal.get(c));
        }
        double[] acc = column(unitScores, 0);
        int n = base.profileData().questions().size();
        double callsPerRepeat = calls / settings.repeats() / seedsPerFold;
        ReplayRouter named = ReplayRouters.byName(name);
        return new RunResult(name, base.k(), named.aggregatorLabel(base), poolName, named.skillsLabel(base),
                settings.folds() * settings.repeats(), n,
                ReplaySweep.mean(acc), ReplaySweep.std(acc), perCategory, callsPerRepeat, 0,
                loads / results.size());
    }
}
