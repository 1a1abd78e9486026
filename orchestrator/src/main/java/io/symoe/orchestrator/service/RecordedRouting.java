package io.symoe.orchestrator.service;

import io.symoe.core.config.RouterConfig;
import io.symoe.core.recorded.RecordedDataset;
import io.symoe.core.recorded.RecordedQuestion;
import io.symoe.skillrouter.Router;
import io.symoe.skillrouter.RouterFactory;
import io.symoe.skillrouter.RouterResources;
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
    private RecordedRouting() {}

    /**
     * @param exportDir where to write the profiles (and question index) for sharing, or null
     */
    static Router build(RouterConfig config, RecordedDataset outcomes, List<String> pool, java.nio.file.Path exportDir) {
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
            TextEmbedder embedder = new CachingEmbedder(new MiniLmEmbedder(), CachingEmbedder.defaultDir());
            List<String> ids = outcomes.questions().stream().map(RecordedQuestion::id).toList();
            float[][] vectors = embedder.embed(outcomes.questions().stream().map(RecordedQuestion::text).toList());
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
        if (config.skills() == io.symoe.core.config.SkillSource.EMBEDDING) {
            Router r = RouterFactory.create(config, resources);
            return new Router(new LeaveOneOutProfiler(r.profiler(), outcomes.questions()), r.recruiter(), r.aggregators(),
                    topics);
        }
        return RouterFactory.create(config, resources).withTopics(topics);
    }
}
