package io.symoe.benchmarks.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.symoe.benchmarks.replay.ReplayRouter;
import io.symoe.benchmarks.replay.ReplayRouters;
import io.symoe.benchmarks.replay.ReplaySetup;
import io.symoe.benchmarks.replay.ReplaySweep;
import io.symoe.benchmarks.replay.RunResult;
import io.symoe.benchmarks.split.SymbolicMoeSplit;
import io.symoe.core.config.SkillSource;
import io.symoe.core.recorded.RecordedDataset;
import io.symoe.core.recorded.RecordedQuestion;
import io.symoe.modelpool.recorded.MmluProOutputsReader;
import io.symoe.skillrouter.embedding.CachingEmbedder;
import io.symoe.skillrouter.embedding.MiniLmEmbedder;
import io.symoe.skillrouter.eval.Pools;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
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

    @Option(names = "--router", defaultValue = "default", paramLabel = "NAME[,NAME...]", description = "Routers: ${COMPLETION-CANDIDATES}, or all.", completionCandidates = RouterNames.class)
    String router;

    @Option(names = "--k", defaultValue = "3", description = "Experts per question (default 3).")
    int k;

    @Option(names = "--aggregator", defaultValue = "majority-vote", paramLabel = "NAME", description = "majority-vote (ties: first seen) or weighted-vote.")
    String aggregator;

    @Option(names = "--seeds", defaultValue = "10", description = "Seeds for the stochastic routers (default 10).")
    int seeds;

    @Option(names = "--json", paramLabel = "FILE", description = "Write the results as JSON.")
    Path json;

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
        if (split != null && profileFraction != null) {
            throw new IllegalArgumentException("use either --split or --profile-fraction, not both");
        }
        if (split != null && evalOutputs != null) {
            throw new IllegalArgumentException("--split evaluates questions of --outputs; it cannot be combined with --eval-outputs");
        }
        if (seeds < 1 || k < 1) {
            throw new IllegalArgumentException("--seeds and --k must be >= 1");
        }
        SkillSource skillSource = switch (skills.toLowerCase(Locale.ROOT)) {
            case "category" -> SkillSource.CATEGORY;
            case "keywords" -> SkillSource.KEYWORDS;
            case "embedding" -> SkillSource.EMBEDDING;
            default -> throw new IllegalArgumentException("--skills must be category, keywords or embedding");
        };
        List<String> routerNames = router.equals("all") ? ReplayRouters.names()
                : List.of(router.split(",")).stream().map(String::trim).filter(s -> !s.isEmpty()).toList();
        List<ReplayRouter> routers = routerNames.stream().map(ReplayRouters::byName).toList();

        System.err.println("reading " + outputs + " ...");
        RecordedDataset profileData = MmluProOutputsReader.read(outputs, MmluProOutputsReader.Options.OUTCOMES_ONLY);
        RecordedDataset evalData = evalOutputs == null ? profileData
                : MmluProOutputsReader.read(evalOutputs, MmluProOutputsReader.Options.OUTCOMES_ONLY);
        List<String> poolModels = Pools.resolve(pool.equals("all") ? "full" : pool, profileData.models());

        Set<String> profileIds;
        List<String> evalIds;
        if (split != null) {
            if (!split.startsWith("symbolic-moe:")) {
                throw new IllegalArgumentException("--split must be symbolic-moe:DIR");
            }
            SymbolicMoeSplit s = SymbolicMoeSplit.load(Path.of(split.substring("symbolic-moe:".length())), profileData);
            System.err.println("paper split: " + s.profileIds().size() + " profile, " + s.evalIds().size()
                    + " evaluation questions matched (" + s.unmatched() + " unmatched)");
            profileIds = new LinkedHashSet<>(s.profileIds());
            evalIds = s.evalIds();
        } else {
            double f = profileFraction != null ? profileFraction : evalOutputs != null ? 1.0 : 0.5;
            if (!(f > 0 && f <= 1)) {
                throw new IllegalArgumentException("--profile-fraction must be in (0, 1]");
            }
            if (f == 1.0 && evalOutputs == null) {
                throw new IllegalArgumentException("--profile-fraction 1.0 leaves nothing to evaluate; give --eval-outputs");
            }
            List<String> ids = new ArrayList<>(profileData.questions().stream().map(RecordedQuestion::id).toList());
            Collections.shuffle(ids, new Random(splitSeed));
            int cut = (int) Math.round(ids.size() * f);
            profileIds = new LinkedHashSet<>(ids.subList(0, cut));
            evalIds = evalOutputs != null ? evalData.questions().stream().map(RecordedQuestion::id).toList()
                    : ids.subList(cut, ids.size());
        }

        boolean needsEmbeddings = skillSource == SkillSource.EMBEDDING || routerNames.contains("default");
        Map<String, float[]> embeddings = needsEmbeddings ? embed(profileData, evalData) : null;
        ReplaySetup setup = new ReplaySetup(profileData, profileIds, evalData, evalIds, poolModels, skillSource, k,
                aggregator, embeddings);

        List<RunResult> results = new ArrayList<>();
        for (ReplayRouter r : routers) {
            int runs = r.stochastic() ? seeds : 1;
            results.add(ReplaySweep.run(setup, r, seeds, pool, done -> progress(r.name(), done, runs)));
        }
        System.err.println();
        System.out.print(markdown(results));
        if (json != null) {
            writeJson(results, json);
            System.err.println("results written to " + json.toAbsolutePath());
        }
        return 0;
    }

    private static Map<String, float[]> embed(RecordedDataset profile, RecordedDataset eval) {
        LinkedHashSet<String> texts = new LinkedHashSet<>();
        profile.questions().forEach(q -> texts.add(q.text()));
        eval.questions().forEach(q -> texts.add(q.text()));
        System.err.println("embedding " + texts.size() + " questions (cached in " + CachingEmbedder.defaultDir() + ") ...");
        try (MiniLmEmbedder minilm = new MiniLmEmbedder()) {
            var embedder = new CachingEmbedder(minilm, CachingEmbedder.defaultDir());
            List<String> list = List.copyOf(texts);
            float[][] v = embedder.embed(list);
            Map<String, float[]> out = new LinkedHashMap<>();
            for (int i = 0; i < list.size(); i++) {
                out.put(list.get(i), v[i]);
            }
            return out;
        }
    }

    private static void progress(String router, int done, int total) {
        int width = 30;
        int filled = (int) Math.round(width * (double) done / total);
        System.err.print("\r" + String.format(Locale.ROOT, "%-22s [%s%s] %d/%d seeds", router, "#".repeat(filled),
                " ".repeat(width - filled), done, total));
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
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        m.writeValue(file.toFile(), root);
    }
}
