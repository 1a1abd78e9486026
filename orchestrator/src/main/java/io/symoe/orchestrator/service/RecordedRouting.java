package io.symoe.orchestrator.service;

import io.symoe.core.config.RouterConfig;
import io.symoe.core.recorded.RecordedDataset;
import io.symoe.core.recorded.RecordedQuestion;
import io.symoe.skillrouter.Router;
import io.symoe.skillrouter.RouterFactory;
import io.symoe.skillrouter.RouterResources;
import io.symoe.skillrouter.adaptive.ServedStop;
import io.symoe.skillrouter.adaptive.StopLearner;
import io.symoe.skillrouter.adaptive.StopPolicyJson;
import io.symoe.skillrouter.embedding.CachingEmbedder;
import io.symoe.skillrouter.embedding.MiniLmEmbedder;
import io.symoe.skillrouter.embedding.QuestionIndex;
import io.symoe.skillrouter.embedding.TextEmbedder;
import io.symoe.skillrouter.profile.ProfileBuilder;
import io.symoe.skillrouter.profile.SkillProfiles;

import java.util.List;
import java.util.function.Function;

/**
 * A router whose profiles come from recorded outcomes (a replay pool's recordings): every recorded question is a
 * validation question. With embedding skills each validation question is its own skill and the MiniLM index of
 * their texts finds a new question's neighbours; embeddings are cached on disk, so only the first start embeds.
 * A recorded question asked again is routed without its own recorded outcome ({@link LeaveOneOutProfiler}).
 */
final class RecordedRouting {
    private static final System.Logger LOG = System.getLogger(RecordedRouting.class.getName());

    private RecordedRouting() {}

    /** Questions embedded per call: small enough for steady progress, large enough to keep the cores busy. */
    private static final int EMBED_CHUNK = 256;

    /**
     * @param exportDir where to write the profiles (and question index) for sharing, or null
     * @param readiness receives how far the embedding of the recorded questions is
     */
    static Router build(RouterConfig config, RecordedQuestions recorded, List<String> pool, java.nio.file.Path exportDir,
                        java.util.function.Consumer<String> readiness) {
        RecordedDataset outcomes = recorded.dataset();
        Function<RecordedQuestion, List<String>> skillsOf = switch (config.skills()) {
            case CATEGORY -> ProfileBuilder::categorySkill;
            case EMBEDDING -> ProfileBuilder::questionSkill;
            case KEYWORDS -> throw new IllegalArgumentException("router.skills = keywords needs keyword profiles"
                    + " (router.profiles); recorded outputs carry no keywords");
        };
        SkillProfiles profiles = ProfileBuilder.fromRecorded(outcomes, pool, q -> true, skillsOf);
        if (exportDir != null) {
            io.symoe.skillrouter.profile.ProfileJson.write(profiles, exportDir.resolve("profiles.json"));
        }
        RouterResources resources = RouterResources.of(profiles);
        if (config.skills() == io.symoe.core.config.SkillSource.EMBEDDING) {
            List<String> ids = outcomes.questions().stream().map(RecordedQuestion::id).toList();
            List<String> texts = outcomes.questions().stream().map(RecordedQuestion::text).toList();
            TextEmbedder embedder;
            String cacheFile;
            if (config.embedder().equals(io.symoe.core.config.RouterConfig.STATIC)) {
                // Token weights from the recorded questions' texts, as bench replay --embedder static does.
                var table = io.symoe.skillrouter.embedding.StaticTokenTable.loadOrBuild(CachingEmbedder.defaultDir(),
                        line -> { if (readiness != null) { readiness.accept(line); } });
                embedder = io.symoe.skillrouter.embedding.EmbedderKind.distilled(table, texts);
                cacheFile = "(static table, not cached per text)";
            } else {
                CachingEmbedder minilm = new CachingEmbedder(new MiniLmEmbedder(), CachingEmbedder.defaultDir());
                embedder = minilm;
                cacheFile = minilm.file().toString();
            }
            float[][] vectors = embedAll(embedder, texts, EmbeddingProgress.forConsole(ids.size(), cacheFile, readiness));
            QuestionIndex index = new QuestionIndex(embedder.modelId(), ids, vectors);
            if (exportDir != null) {
                io.symoe.skillrouter.embedding.QuestionIndexJson.write(index, exportDir.resolve("question-index.json"));
            }
            resources = resources.withEmbedding(embedder, index);
        }
        // Neighbour-question skills are named in provenance by the categories the recordings carry.
        var topics = io.symoe.skillrouter.skills.SkillTopics.ofRecorded(outcomes);
        if (exportDir != null && config.skills() == io.symoe.core.config.SkillSource.EMBEDDING) {
            io.symoe.skillrouter.skills.SkillTopicsJson.write(topics,
                    exportDir.resolve(io.symoe.skillrouter.skills.SkillTopicsJson.FILE_NAME));
        }
        Router router;
        if (config.skills() == io.symoe.core.config.SkillSource.EMBEDDING) {
            Router r = RouterFactory.create(config, resources);
            router = new Router(LeaveOneOutProfiler.of(r.profiler(), recorded.matcher()), r.recruiter(),
                    r.aggregators(), topics);
        } else {
            router = RouterFactory.create(config, resources).withTopics(topics);
        }
        return ServedStop.wantsLearned(config) ? learnStop(router, config, outcomes, exportDir, readiness) : router;
    }

    /**
     * {@code recruiter: sequential} without an explicit threshold: learns it on the recordings, each question
     * routed leave-one-out as a new one would be (with category skills a question's own outcome stays in its
     * category's tally: one of hundreds), and exports it beside the profiles for the cluster.
     */
    private static Router learnStop(Router router, RouterConfig config, RecordedDataset outcomes,
                                    java.nio.file.Path exportDir, java.util.function.Consumer<String> readiness) {
        readiness.accept("learning the sequential stop rule on " + outcomes.questions().size() + " recorded questions");
        long t0 = System.nanoTime();
        StopLearner.Learned learned = ServedStop.learn(router, config, outcomes.questions());
        if (exportDir != null) {
            StopPolicyJson.write(learned, config.k(), exportDir.resolve(StopPolicyJson.FILE_NAME));
        }
        var policy = learned.policy("recorded questions (leave-one-out)");
        LOG.log(System.Logger.Level.INFO, "sequential stop rule: " + policy.describe() + ", " + policy.detail()
                + ", in " + (System.nanoTime() - t0) / 1_000_000 + " ms");
        return ServedStop.serving(router, config, policy);
    }

    private static float[][] embedAll(TextEmbedder embedder, List<String> texts, EmbeddingProgress progress) {
        float[][] out = new float[texts.size()][];
        progress.update(0);
        for (int from = 0; from < texts.size(); from += EMBED_CHUNK) {
            int to = Math.min(texts.size(), from + EMBED_CHUNK);
            float[][] part = embedder.embed(texts.subList(from, to));
            System.arraycopy(part, 0, out, from, part.length);
            progress.update(to);
        }
        return out;
    }
}
