package io.symoe.benchmarks.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.symoe.benchmarks.cluster.ClusterSettings;
import io.symoe.benchmarks.cluster.ReplayCluster;
import io.symoe.benchmarks.replay.CrossValidation;
import io.symoe.benchmarks.replay.ModelPrices;
import io.symoe.benchmarks.replay.ReplayRouter;
import io.symoe.benchmarks.replay.ReplayRouters;
import io.symoe.benchmarks.replay.ReplaySetup;
import io.symoe.benchmarks.replay.ReplaySpec;
import io.symoe.benchmarks.replay.ReplaySweep;
import io.symoe.benchmarks.replay.RunResult;
import io.symoe.core.config.SkillSource;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/**
 * {@code symoe bench replay}: offline sweeps over recorded expert outputs (a contract: flags and JSON fields are
 * checked by scripts outside the repo).
 */
@Command(name = "replay", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Replay routing + aggregation on recorded real model outputs and score the configurations.",
                "Profiles come from the profile split of --outputs; questions are evaluated from --eval-outputs when",
                "given, else from the evaluation split of --outputs."})
public final class ReplayBenchCommand implements Callable<Integer> {

    @Option(names = "--outputs", required = true, paramLabel = "DIR", description = "Recorded outputs (model_outputs_*.zip) that build the profiles.")
    Path outputs;

    @Option(names = "--eval-outputs", paramLabel = "DIR", description = "Recorded outputs to evaluate on (same format); then --profile-fraction defaults to 1.0.")
    Path evalOutputs;

    @Option(names = "--split", paramLabel = "symbolic-moe:DIR", description = "The Symbolic-MoE paper's split (MMLU_Pro_train/test.json in DIR).")
    String split;

    @Option(names = "--profile-fraction", paramLabel = "F", description = "Fraction of --outputs' questions that profile the models (default 0.5; 1.0 with --eval-outputs).")
    Double profileFraction;

    @Option(names = "--split-seed", paramLabel = "S", defaultValue = "0", description = "Seed of the --profile-fraction split (default 0).")
    long splitSeed;

    @Option(names = "--pool", defaultValue = "all", paramLabel = "all|small|m1,m2,...", description = "all = the 28 complete models, small = the 14 of <= 8B parameters, or a list.")
    String pool;

    @Option(names = "--skills", defaultValue = "category", paramLabel = "category|keywords|embedding", description = "Skill source for the profile-based routers (default category).")
    String skills;

    @Option(names = "--embedder", defaultValue = "minilm", paramLabel = "minilm|static", description = {"Question embedder of the embedding skills and the default router:",
            "minilm (default) or static (MiniLM distilled into a token table, built on first use)."})
    String embedder;

    @Option(names = "--router", paramLabel = "NAME[,NAME...]", description = {"Routers: ${COMPLETION-CANDIDATES}, or all",
            "(default: default; with --cluster default-vote, since members replay vote routers only)."},
            completionCandidates = RouterNames.class)
    String router;

    @Option(names = "--k", defaultValue = "3", description = "Experts per question (default 3).")
    int k;

    @Option(names = "--aggregator", defaultValue = "majority-vote", paramLabel = "NAME", description = "majority-vote (ties: first seen) or weighted-vote.")
    String aggregator;

    @Option(names = "--seeds", defaultValue = "10", description = "Seeds for the stochastic routers (default 10).")
    int seeds;

    @Option(names = "--cv", paramLabel = "K", description = {"K-fold cross-validation over --outputs' questions, stratified by",
            "category: profiles (and the sequential threshold) from the training folds only, scored on the held-out",
            "fold; adds spreads, paired gains over topk-vote and the accuracy-versus-calls frontier; the default",
            "row and curve are the learned aggregator trained on the training folds (default-vote: the same experts voted)."})
    Integer cv;

    @Option(names = "--cv-repeats", defaultValue = "1", paramLabel = "R", description = "Fold partitions for --cv, shuffled with --split-seed + r (default 1).")
    int cvRepeats;

    @Option(names = "--prices", paramLabel = "FILE", description = {"Per-model prices for --cv's $ axis and cost-aware",
            "stopping ({\"format\":\"symoe-model-prices\",\"version\":1,\"tokens_per_call\",\"usd_per_million_tokens\":{model:rate}});",
            "default: the built-in MMLU-Pro table."})
    Path prices;

    @Option(names = "--json", paramLabel = "FILE", description = "Write the results as JSON.")
    Path json;

    @Option(names = "--cluster", description = {"Run the (router x seed) tasks on a Hazelcast cluster: this process",
            "starts an embedded member, joins --cluster-members, and merges the results (same numbers as local).",
            "Every member must see the same data paths; start workers with `bench member`."})
    boolean cluster;

    @Option(names = "--cluster-members", split = ",", paramLabel = "HOST[:PORT],...", description = "Members to join over TCP-IP (default 127.0.0.1, loopback only).")
    List<String> clusterMembers;

    @Option(names = "--cluster-name", paramLabel = "NAME", description = "Cluster to join (default: a fresh unique name, printed).")
    String clusterName;

    @Option(names = "--cluster-port", defaultValue = "5701", paramLabel = "PORT", description = "Port of this member (next free one if busy; default 5701).")
    int clusterPort;

    @Option(names = "--cluster-wait", defaultValue = "1", paramLabel = "N", description = "Wait until N members have joined before submitting (default 1).")
    int clusterWait;

    static final class RouterNames extends ArrayList<String> {
        private static final long serialVersionUID = 1L;

        RouterNames() {
            super(ReplayRouters.names());
        }
    }

    @Override
    public Integer call() throws Exception {
        try {
            return run();
        } catch (IllegalArgumentException | IllegalStateException
                 | io.symoe.modelpool.recorded.RecordedDataException e) {
            System.err.println("symoe bench replay: " + e.getMessage());
            return 2;
        }
    }

    private int run() throws Exception {
        if (seeds < 1 || k < 1) {
            throw new IllegalArgumentException("--seeds and --k must be >= 1");
        }
        if (split != null && !split.startsWith("symbolic-moe:")) {
            throw new IllegalArgumentException("--split must be symbolic-moe:DIR");
        }
        SkillSource skillSource = switch (skills.toLowerCase(Locale.ROOT)) {
            case "category" -> SkillSource.CATEGORY;
            case "keywords" -> SkillSource.KEYWORDS;
            case "embedding" -> SkillSource.EMBEDDING;
            default -> throw new IllegalArgumentException("--skills must be category, keywords or embedding");
        };
        String asked = router != null ? router : cluster ? ReplayRouters.DEFAULT_VOTE : "default";
        List<String> routerNames = asked.equals("all") ? ReplayRouters.names()
                : List.of(asked.split(",")).stream().map(String::trim).filter(s -> !s.isEmpty()).toList();
        List<ReplayRouter> routers = routerNames.stream().map(ReplayRouters::byName).toList();
        if (cv != null && (split != null || evalOutputs != null || profileFraction != null || cluster)) {
            throw new IllegalArgumentException("--cv makes its own folds of --outputs; it cannot be combined with"
                    + " --split, --eval-outputs, --profile-fraction or --cluster");
        }
        // The cross-validated frontier always draws the default router's curve, which needs the embeddings.
        boolean needsEmbeddings = skillSource == SkillSource.EMBEDDING || routerNames.contains("default")
                || routerNames.contains(ReplayRouters.DEFAULT_VOTE)
                || routerNames.stream().anyMatch(n -> n.startsWith(ReplayRouters.ADAPTIVE_DEFAULT)) || cv != null;
        boolean needsTexts = routers.stream().anyMatch(ReplayRouter::readsTexts);
        if (cluster && needsTexts) {
            // Members read the recordings without the reasoning texts the learned aggregator's features need.
            throw new IllegalArgumentException("--cluster replays vote routers only; the default router's learned"
                    + " aggregator reads the experts' texts: run it locally, or use default-vote");
        }
        ReplaySpec spec = new ReplaySpec(outputs.toString(), evalOutputs == null ? null : evalOutputs.toString(),
                split == null ? null : split.substring("symbolic-moe:".length()), profileFraction, splitSeed, pool,
                skillSource, k, aggregator, needsEmbeddings, embedder);
        ReplaySetup setup = spec.setup(System.err::println);

        if (cv != null) {
            return crossValidate(setup, routers);
        }
        if (needsTexts) {
            setup = withReasoningTexts(setup);
        }
        List<RunResult> results;
        if (cluster) {
            results = runOnCluster(spec, setup, routerNames);
        } else {
            results = new ArrayList<>();
            for (ReplayRouter r : routers) {
                int runs = ReplaySweep.runs(r, seeds);
                results.add(ReplaySweep.run(setup, r, seeds, pool, done -> progress(r.name(), done, runs)));
            }
        }
        System.err.println();
        System.out.print(markdown(results));
        if (json != null) {
            writeJson(results, json);
            System.err.println("results written to " + json.toAbsolutePath());
        }
        return 0;
    }

    private int crossValidate(ReplaySetup outcomes, List<ReplayRouter> routers) throws java.io.IOException {
        ReplaySetup setup = withReasoningTexts(outcomes);
        var settings = new CrossValidation.Settings(cv, cvRepeats, splitSeed, seeds, Math.max(6, k));
        int units = cv * cvRepeats;
        ModelPrices table = prices == null ? ModelPrices.defaultFor(setup.pool()) : ModelPrices.read(prices);
        CrossValidation.Report report = CrossValidation.run(setup, routers, pool, settings,
                done -> progress("cv " + cv + "-fold", done, units, "folds"), table);
        System.err.println();
        System.out.print(markdown(report.runs()));
        System.out.println();
        System.out.print(cvMarkdown(report));
        if (json != null) {
            writeJson(report.runs(), report, json);
            System.err.println("results written to " + json.toAbsolutePath());
        }
        return 0;
    }

    /**
     * The same setup over recordings (and --eval-outputs) read with the experts' full texts, which the learned
     * aggregator's reasoning-text features of the {@code default} router read; the votes and profiles are unchanged.
     */
    private ReplaySetup withReasoningTexts(ReplaySetup s) {
        System.err.println("reading the experts' reasoning texts for the learned aggregator ...");
        // Every model, as the first read: a question's text comes from the first file that records it, so reading
        // a subset could give it another spelling than the one the embeddings are keyed by.
        var data = io.symoe.modelpool.recorded.MmluProOutputsReader.read(outputs,
                io.symoe.modelpool.recorded.MmluProOutputsReader.Options.ALL);
        var eval = evalOutputs == null || evalOutputs.toAbsolutePath().normalize()
                .equals(outputs.toAbsolutePath().normalize()) ? data
                : io.symoe.modelpool.recorded.MmluProOutputsReader.read(evalOutputs,
                        io.symoe.modelpool.recorded.MmluProOutputsReader.Options.ALL);
        return new ReplaySetup(data, s.profileIds(), eval, s.evalIds(), s.pool(), s.skills(), s.k(), s.aggregator(),
                s.embeddings());
    }

    static String cvMarkdown(CrossValidation.Report report) {
        var s = report.settings();
        StringBuilder sb = new StringBuilder(String.format(Locale.ROOT,
                "%d-fold cross-validation (stratified by category) x %d repeat(s), %d questions; ± is the sample std over"
                        + " the %d held-out folds%n%n", s.folds(), s.repeats(), report.questions(),
                s.folds() * s.repeats()))
                .append("| router | accuracy % | ± | vs topk-vote | ± | calls/q |\n|---|---|---|---|---|---|\n");
        for (CrossValidation.Row r : report.rows()) {
            sb.append(String.format(Locale.ROOT, "| %s | %.2f | %.2f | %+.2f | %.2f | %.2f |%n", r.router(),
                    r.accuracyMean(), r.accuracyStd(), r.deltaMean(), r.deltaStd(), r.callsMean()));
        }
        sb.append("\nfrontier (accuracy vs calls per question, held-out folds)\n\n")
                .append("| router | knob | value | calls/q | ± | accuracy % | ± | $/q |\n|---|---|---|---|---|---|---|---|\n");
        for (CrossValidation.FrontierPoint p : report.frontier()) {
            sb.append(String.format(Locale.ROOT, "| %s | %s | %s | %.2f | %.2f | %.2f | %.2f | %.6f |%n", p.router(),
                    p.knob(), p.knob().equals("k") ? String.valueOf((int) p.value()) : String.valueOf(p.value()),
                    p.callsMean(), p.callsStd(), p.accuracyMean(), p.accuracyStd(), p.costMean()));
        }
        return sb.toString();
    }

    private List<RunResult> runOnCluster(ReplaySpec spec, ReplaySetup setup, List<String> routerNames)
            throws InterruptedException {
        if (clusterWait < 1) {
            throw new IllegalArgumentException("--cluster-wait must be >= 1");
        }
        String name = clusterName != null ? clusterName : ClusterSettings.uniqueName();
        try (ReplayCluster c = ReplayCluster.join(new ClusterSettings(name, clusterPort, clusterMembers))) {
            System.err.println("cluster " + name + ": waiting for " + clusterWait + " member(s) ...");
            c.awaitMembers(clusterWait, java.time.Duration.ofMinutes(5));
            System.err.println("cluster " + name + ": " + c.size() + " member(s)");
            ReplayCluster.Sweep sweep = c.run(spec, setup, routerNames, seeds, pool,
                    line -> System.err.print("\r" + line));
            System.err.println();
            sweep.tasksPerMember().forEach((m, n) -> System.err.println("member " + m + ": " + n + " task(s)"));
            return sweep.results();
        }
    }

    private static void progress(String router, int done, int total) {
        progress(router, done, total, "seeds");
    }

    private static void progress(String router, int done, int total, String unit) {
        int width = 30;
        int filled = (int) Math.round(width * (double) done / total);
        System.err.print("\r" + String.format(Locale.ROOT, "%-22s [%s%s] %d/%d %s", router, "#".repeat(filled),
                " ".repeat(width - filled), done, total, unit));
        if (done == total) {
            System.err.println();
        }
    }

    static String markdown(List<RunResult> results) {
        StringBuilder sb = new StringBuilder("| router | k | aggregator | pool | skills | seeds | questions | accuracy % | ± | calls/q | loads |\n")
                .append("|---|---|---|---|---|---|---|---|---|---|---|\n");
        for (RunResult r : results) {
            sb.append(String.format(Locale.ROOT, "| %s | %d | %s | %s | %s | %d | %d | %.2f | %.2f | %.2f | %.1f |%n",
                    r.router(), r.k(), r.aggregator(), r.pool(), r.skills(), r.seeds(), r.nQuestions(),
                    r.accuracyMean(), r.accuracyStd(), r.modelCalls() / r.nQuestions(), r.modelLoads()));
        }
        return sb.toString();
    }

    static void writeJson(List<RunResult> results, Path file) throws java.io.IOException {
        writeJson(results, null, file);
    }

    /** The {@code runs} contract, plus with {@code --cv} the {@code cv} rows and the {@code frontier} table. */
    static void writeJson(List<RunResult> results, CrossValidation.Report cvReport, Path file)
            throws java.io.IOException {
        ObjectMapper m = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        ObjectNode root = m.createObjectNode();
        ArrayNode runs = root.putArray("runs");
        for (RunResult r : results) {
            ObjectNode o = runs.addObject();
            o.put("router", r.router()).put("k", r.k()).put("aggregator", r.aggregator()).put("pool", r.pool())
                    .put("skills", r.skills()).put("seeds", r.seeds()).put("n_questions", r.nQuestions())
                    .put("accuracy_mean", r.accuracyMean()).put("accuracy_std", r.accuracyStd());
            ObjectNode cats = o.putObject("per_category");
            r.perCategory().forEach(cats::put);
            o.put("model_calls", r.modelCalls()).put("aggregator_calls", r.aggregatorCalls())
                    .put("model_loads", r.modelLoads());
        }
        if (cvReport != null) {
            var s = cvReport.settings();
            ObjectNode cvNode = root.putObject("cv");
            cvNode.put("folds", s.folds()).put("repeats", s.repeats()).put("seed", s.seed())
                    .put("stratified_by", "category").put("n_questions", cvReport.questions()).put("max_k", s.maxK());
            if (cvReport.prices() != null) {
                cvNode.put("prices", cvReport.prices());
            }
            if (!cvReport.chosenScale().isEmpty()) {
                ArrayNode scale = cvNode.putArray("chosen_scale");
                cvReport.chosenScale().forEach(scale::add);
            }
            ArrayNode rows = cvNode.putArray("rows");
            for (CrossValidation.Row r : cvReport.rows()) {
                ObjectNode o = rows.addObject();
                o.put("router", r.router()).put("accuracy_mean", r.accuracyMean()).put("accuracy_std", r.accuracyStd())
                        .put("delta_vs_topk_mean", r.deltaMean()).put("delta_vs_topk_std", r.deltaStd())
                        .put("calls_mean", r.callsMean());
                ArrayNode folds = o.putArray("fold_accuracy");
                for (double a : r.accuracy()) {
                    folds.add(a);
                }
                if (!r.chosen().isEmpty()) {
                    ArrayNode t = o.putArray("chosen_threshold");
                    // A threshold, or "expected-gain:<value>" where the learner chose that rule.
                    r.chosen().forEach(x -> {
                        try {
                            t.add(Double.parseDouble(x));
                        } catch (NumberFormatException notAThreshold) {
                            t.add(x);
                        }
                    });
                }
            }
            ArrayNode frontier = root.putArray("frontier");
            for (CrossValidation.FrontierPoint p : cvReport.frontier()) {
                frontier.addObject().put("router", p.router()).put("calls_mean", p.callsMean())
                        .put("accuracy_mean", p.accuracyMean()).put("knob", p.knob()).put("value", p.value())
                        .put("calls_std", p.callsStd()).put("accuracy_std", p.accuracyStd());
                if (Double.isFinite(p.costMean())) {
                    ((ObjectNode) frontier.get(frontier.size() - 1)).put("cost_mean", p.costMean())
                            .put("cost_std", p.costStd());
                }
            }
        }
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        m.writeValue(file.toFile(), root);
    }
}
