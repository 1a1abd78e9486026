package io.symoe.orchestrator.service;

import io.symoe.core.config.RouterConfig;
import io.symoe.core.config.SkillSource;
import io.symoe.skillrouter.Router;
import io.symoe.skillrouter.RouterFactory;
import io.symoe.skillrouter.RouterResources;
import io.symoe.skillrouter.adaptive.ServedStop;
import io.symoe.skillrouter.adaptive.StopPolicyJson;
import io.symoe.skillrouter.embedding.CachingEmbedder;
import io.symoe.skillrouter.embedding.MiniLmEmbedder;

import java.nio.file.Path;
import java.util.List;

/**
 * A router from profiles saved by {@code symoe profiles-build} ({@code router.profiles}): how a node serving live
 * backends becomes ready without any recordings. Profiles must describe models of this pool, or the router would
 * recruit experts nobody can run.
 */
final class PersistedRouting {
    private PersistedRouting() {}

    static Router build(RouterConfig config, List<String> poolModels) {
        io.symoe.skillrouter.embedding.TextEmbedder embedder = null;
        if (config.skills() == SkillSource.EMBEDDING) {
            // The static embedder must weight tokens as the saved index was embedded: its weights sit beside it.
            embedder = config.embedder().equals(RouterConfig.STATIC)
                    ? io.symoe.skillrouter.embedding.StaticEmbedderJson.besideProfiles(Path.of(config.profiles()))
                    : new CachingEmbedder(new MiniLmEmbedder(), CachingEmbedder.defaultDir());
        }
        RouterResources resources = RouterResources.fromFiles(Path.of(config.profiles()), embedder);
        List<String> unknown = resources.profiles().models().stream().filter(m -> !poolModels.contains(m)).toList();
        if (!unknown.isEmpty()) {
            throw new IllegalArgumentException("router.profiles " + config.profiles() + " profiles models that are"
                    + " not in the pool: " + unknown + " (pool: " + poolModels + ")");
        }
        Router router = RouterFactory.create(config, resources)
                .withTopics(io.symoe.skillrouter.skills.SkillTopicsJson.besideProfiles(Path.of(config.profiles())));
        // The stop rule learned with these profiles (profiles-build --target-calls), unless the config sets one.
        return ServedStop.wantsLearned(config)
                ? ServedStop.serving(router, config, StopPolicyJson.besideProfiles(Path.of(config.profiles())).orElse(null))
                : router;
    }
}
