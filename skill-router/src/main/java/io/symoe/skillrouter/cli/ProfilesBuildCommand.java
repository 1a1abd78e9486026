package io.symoe.skillrouter.cli;

import io.symoe.core.config.SkillSource;
import io.symoe.core.recorded.RecordedDataset;
import io.symoe.core.recorded.RecordedQuestion;
import io.symoe.modelpool.recorded.MmluProOutputsReader;
import io.symoe.modelpool.recorded.RouterBenchReader;
import io.symoe.modelpool.recorded.RouterDcReader;
import io.symoe.skillrouter.embedding.CachingEmbedder;
import io.symoe.skillrouter.embedding.EmbedderKind;
import io.symoe.skillrouter.embedding.MiniLmEmbedder;
import io.symoe.skillrouter.embedding.StaticEmbedder;
import io.symoe.skillrouter.embedding.StaticEmbedderJson;
import io.symoe.skillrouter.embedding.StaticTokenTable;
import io.symoe.skillrouter.embedding.QuestionIndex;
import io.symoe.skillrouter.embedding.QuestionIndexJson;
import io.symoe.skillrouter.eval.Pools;
import io.symoe.skillrouter.eval.Split;
import io.symoe.skillrouter.profile.ProfileBuilder;
import io.symoe.skillrouter.profile.ProfileJson;
import io.symoe.skillrouter.profile.SkillProfiles;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.function.Predicate;

/**
 * {@code profiles-build}: model profiles from recorded results (MMLU-Pro outputs, a RouterBench CSV or a RouterDC
 * JSON), written as versioned JSON ({@code profiles.json}, plus {@code question-index.json} and {@code skill-topics.json}
 * for embedding skills)
 * that a service loads at start.
 */
@Command(name = "profiles-build", mixinStandardHelpOptions = true,
        description = "Build skill profiles (and the question index) from recorded model results.")
public final class ProfilesBuildCommand implements Callable<Integer> {
    @Option(names = "--source", required = true, description = "mmlu-pro | routerbench | routerdc")
    String source;

    @Option(names = "--input", required = true, description = "the outputs folder (mmlu-pro) or file (routerbench/routerdc)")
    Path input;

    @Option(names = "--pool", description = "small | full | comma-separated ids | all (default: ${DEFAULT-VALUE})")
    String pool = "all";

    @Option(names = "--skills", description = "category | embedding (default: ${DEFAULT-VALUE})")
    String skills = "embedding";

    @Option(names = "--profile-fraction",
            description = "profile on this random share of the questions only (default: all of them)")
    Double profileFraction;

    @Option(names = "--seed", description = "seed of the random split (default: ${DEFAULT-VALUE})")
    long seed = 1;

    @Option(names = "--learned-aggregator", description = {"also train the learned aggregator (embedding skills only;",
            "features cross-fitted over 5 folds) and write aggregator-model.json beside the profiles"})
    boolean learnedAggregator;

    @Option(names = "--k", description = {"experts per question: the team the learned aggregator is trained for, and",
            "the most a sequential question may call for --target-calls (default: ${DEFAULT-VALUE})"})
    int k = 3;

    @Option(names = "--stages", description = {"with --learned-aggregator: the most experts adaptive k calls (one",
            "stage model each); its thresholds are learned for --target-calls, else 0.6 x --k calls (default: ${DEFAULT-VALUE})"})
    int stages = io.symoe.aggregator.learned.StagedTrainer.MAX_STAGES;

    @Option(names = "--stop-thresholds", description = {"with --learned-aggregator: uniform (one threshold for every",
            "stage) or per-stage (default: ${DEFAULT-VALUE})"})
    String stopThresholds = "uniform";

    @Option(names = "--out", required = true, description = "output folder")
    Path out;

    @Option(names = "--cache", description = "embedding cache folder (default: ~/.cache/symoe/embeddings)")
    Path cache = CachingEmbedder.defaultDir();

    @Option(names = "--target-calls", paramLabel = "CALLS", description = {"Also learn the sequential stop rule",
            "(recruiter: sequential) for this mean number of calls per question, on the profiled questions each",
            "routed without its own outcome; written as sequential-stop.json (embedding skills only)."})
    Double targetCalls;

    @Option(names = "--embedder", description = {"minilm | static: question embedder of the index (default: ${DEFAULT-VALUE});",
            "static builds MiniLM's token table on first use and writes static-embedder.json beside the profiles"})
    String embedder = "minilm";

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter w = spec.commandLine().getOut();
        if (targetCalls != null && (k < 1 || k > 16 || !(targetCalls >= 1 && targetCalls <= k))) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(),
                    "--target-calls must be in [1, --k] and --k in [1, 16], got " + targetCalls + " and " + k);
        }
        RecordedDataset ds = switch (source) {
            // The learned aggregator's reasoning-text features need the texts the service's experts will send.
            case "mmlu-pro" -> MmluProOutputsReader.read(input, learnedAggregator ? MmluProOutputsReader.Options.ALL
                    : MmluProOutputsReader.Options.OUTCOMES_ONLY);
            case "routerbench" -> RouterBenchReader.read(input);
            case "routerdc" -> RouterDcReader.read(input);
            default -> throw new picocli.CommandLine.ParameterException(spec.commandLine(),
                    "--source must be mmlu-pro, routerbench or routerdc, not " + source);
        };
        List<String> models = pool.equals("all") ? ds.models() : Pools.resolve(pool, ds.models());
        Predicate<RecordedQuestion> include = q -> true;
        if (profileFraction != null) {
            Set<String> profileIds = Split.random(ds, profileFraction, seed).profile();
            include = q -> profileIds.contains(q.id());
        }
        SkillSource src = RouteEvalCommand.skillSource(skills);
        if (learnedAggregator && (src != SkillSource.EMBEDDING || k < 1)) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(),
                    "--learned-aggregator is trained on embedding-skill routing (--skills embedding) with --k >= 1");
        }
        SkillProfiles profiles = ProfileBuilder.fromRecorded(ds, models, include, switch (src) {
            case CATEGORY -> ProfileBuilder::categorySkill;
            case EMBEDDING -> ProfileBuilder::questionSkill;
            case KEYWORDS -> throw new picocli.CommandLine.ParameterException(spec.commandLine(),
                    "keyword profiles need a keyword model; recorded data has none");
        });
        ProfileJson.write(profiles, out.resolve("profiles.json"));
        w.println("profiles: " + profiles.coverage() + " -> " + out.resolve("profiles.json"));
        if (src == SkillSource.EMBEDDING) {
            List<RecordedQuestion> qs = new ArrayList<>();
            for (RecordedQuestion q : ds.questions()) {
                if (include.test(q)) {
                    qs.add(q);
                }
            }
            List<String> ids = qs.stream().map(RecordedQuestion::id).toList();
            QuestionIndex index;
            // The vectors of the index by question id: the learned aggregator and stop rule route with the same ones.
            Map<String, float[]> byId = new java.util.HashMap<>();
            if (EmbedderKind.parse(embedder) == EmbedderKind.STATIC) {
                StaticTokenTable table = StaticTokenTable.loadOrBuild(cache, line -> { w.println(line); w.flush(); });
                List<String> texts = qs.stream().map(RecordedQuestion::text).toList();
                try (StaticEmbedder e = EmbedderKind.distilled(table, texts)) {
                    float[][] vectors = e.embed(texts);
                    index = new QuestionIndex(e.modelId(), ids, vectors);
                    for (int i = 0; i < ids.size(); i++) {
                        byId.put(ids.get(i), vectors[i]);
                    }
                    Path saved = out.resolve(StaticEmbedderJson.FILE_NAME);
                    StaticEmbedderJson.write(e, saved);
                    w.println("static embedder (token weights, centre): " + saved);
                }
            } else {
                byId.putAll(RouteEvalCommand.embed(new RecordedDataset(ds.source(), ds.models(), qs, 0), cache));
                index = new QuestionIndex(MiniLmEmbedder.MODEL_ID, ids,
                        ids.stream().map(byId::get).toArray(float[][]::new));
            }
            QuestionIndexJson.write(index, out.resolve("question-index.json"));
            w.println("question index: " + index.size() + " questions -> " + out.resolve("question-index.json"));
            // The neighbours' categories, so a node serving these profiles says in words what a question is about.
            var topics = io.symoe.skillrouter.skills.SkillTopics.ofRecorded(new RecordedDataset(ds.source(), ds.models(), qs, 0));
            Path topicsFile = out.resolve(io.symoe.skillrouter.skills.SkillTopicsJson.FILE_NAME);
            io.symoe.skillrouter.skills.SkillTopicsJson.write(topics, topicsFile);
            w.println("skill topics: " + topics.topicOfSkill().size() + " questions with a category -> " + topicsFile);
            if (learnedAggregator) {
                // As for the vote rule: 0.6 of a fixed team's calls unless --target-calls says otherwise.
                double stagedTarget = targetCalls != null ? targetCalls
                        : io.symoe.skillrouter.adaptive.StopLearner.defaultTargetCalls(k);
                var trained = io.symoe.skillrouter.learned.CrossFittedTraining.trainStaged(
                        new RecordedDataset(ds.source(), ds.models(), qs, 0), models, byId, k, stages, stagedTarget,
                        stopMode(), 5, seed);
                Path modelFile = out.resolve(io.symoe.aggregator.learned.StackingModelFile.FILE_NAME);
                io.symoe.aggregator.learned.StackingModelFile.write(trained.fixed(), trained.staged().orElse(null),
                        modelFile);
                w.println("learned aggregator: trained on " + trained.fixed().trainingQuestions() + " questions (k = "
                        + k + ") -> " + modelFile);
                trained.staged().ifPresentOrElse(st -> w.println(String.format(java.util.Locale.ROOT,
                        "adaptive k on its posterior: %d stages, thresholds %s for at most %.2f calls (on %d"
                                + " validation questions: %.2f calls, %.2f %% right)", st.maxExperts(),
                        st.thresholds(), stagedTarget, st.choice().validationQuestions(),
                        st.choice().validationCalls(), st.choice().validationAccuracy())),
                        () -> w.println("adaptive k on its posterior: not trained (" + trained.why() + ")"));
            }
            if (targetCalls != null) {
                learnStop(profiles, index, qs, byId, w);
            }
        } else if (targetCalls != null) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(),
                    "--target-calls needs --skills embedding (questions are routed leave-one-out by their own skill)");
        }
        w.flush();
        return 0;
    }

    private io.symoe.aggregator.learned.StagedThreshold.Mode stopMode() {
        return switch (stopThresholds) {
            case "uniform" -> io.symoe.aggregator.learned.StagedThreshold.Mode.UNIFORM;
            case "per-stage" -> io.symoe.aggregator.learned.StagedThreshold.Mode.PER_STAGE;
            default -> throw new picocli.CommandLine.ParameterException(spec.commandLine(),
                    "--stop-thresholds must be uniform or per-stage, got " + stopThresholds);
        };
    }

    /** The stop rule for {@code --target-calls}, learned on every profiled question routed leave-one-out. */
    private void learnStop(SkillProfiles profiles, QuestionIndex index, List<RecordedQuestion> qs,
                           Map<String, float[]> byId, PrintWriter w) {
        var config = new io.symoe.core.config.RouterConfig(SkillSource.EMBEDDING,
                io.symoe.core.config.RecruiterKind.SEQUENTIAL, k, null, null, null, null, targetCalls);
        List<String> texts = new ArrayList<>();
        List<float[]> vectors = new ArrayList<>();
        for (RecordedQuestion q : qs) {
            texts.add(io.symoe.skillrouter.eval.RoutingEvaluation.instance(q).text());
            vectors.add(byId.get(q.id()));
        }
        var embedder = new io.symoe.skillrouter.embedding.PrecomputedEmbedder(MiniLmEmbedder.MODEL_ID, texts,
                vectors.toArray(float[][]::new), null);
        var resources = io.symoe.skillrouter.RouterResources.of(profiles).withEmbedding(embedder, index);
        var r = io.symoe.skillrouter.RouterFactory.create(config, resources);
        var router = new io.symoe.skillrouter.Router(io.symoe.skillrouter.skills.SkillsLeftOut.ownQuestion(r.profiler()),
                r.recruiter(), r.aggregators());
        var learned = io.symoe.skillrouter.adaptive.ServedStop.learn(router, config, qs);
        Path file = out.resolve(io.symoe.skillrouter.adaptive.StopPolicyJson.FILE_NAME);
        io.symoe.skillrouter.adaptive.StopPolicyJson.write(learned, k, file);
        w.println(String.format(java.util.Locale.ROOT, "sequential stop: %s for at most %.2f calls (on the profiled"
                + " questions: %.2f calls, %.2f %% right) -> %s", learned.policy("").describe(), targetCalls,
                learned.callsMean(), learned.accuracy(), file));
    }
}
