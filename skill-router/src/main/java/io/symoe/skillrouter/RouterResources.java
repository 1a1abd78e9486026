package io.symoe.skillrouter;

import io.symoe.core.generation.Generator;
import io.symoe.skillrouter.embedding.QuestionIndex;
import io.symoe.skillrouter.embedding.TextEmbedder;
import io.symoe.skillrouter.profile.ProfileStore;
import io.symoe.skillrouter.skills.NearestKeywordMapper;

import io.symoe.skillrouter.embedding.QuestionIndexJson;
import io.symoe.skillrouter.profile.ProfileJson;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * What {@link RouterFactory} may need besides the config; each field is required only by the strategies that
 * use it (the factory says which is missing).
 *
 * @param profiles      model profiles whose skills match the configured skill source (always required)
 * @param embedder      question embedder (skills = embedding)
 * @param questionIndex embedded validation questions (skills = embedding)
 * @param keywordMapper validation keyword vocabulary (skills = keywords; null keeps raw keywords)
 * @param generator     the backend the keyword model runs on (skills = keywords)
 * @param costs         model id → price or load cost (recruiter = cost-aware)
 * @param costWeight    λ of the cost-aware recruiter; null for its default
 * @param aggregators   task name → aggregator model, from {@code AggregatorSelector}
 */
public record RouterResources(ProfileStore profiles, TextEmbedder embedder, QuestionIndex questionIndex,
                              NearestKeywordMapper keywordMapper, Generator generator, Map<String, Double> costs,
                              Double costWeight, Map<String, String> aggregators) {
    public RouterResources {
        costs = costs == null ? Map.of() : Map.copyOf(costs);
        aggregators = aggregators == null ? Map.of() : Map.copyOf(aggregators);
    }

    /**
     * Resources from persisted files, as {@code router.profiles} names them: a {@code profiles.json} file, or a
     * folder written by {@code profiles-build} holding {@code profiles.json} and, for embedding skills,
     * {@code question-index.json} (then paired with {@code embedder}, which must be the model that built it).
     */
    public static RouterResources fromFiles(Path profiles, TextEmbedder embedder) {
        Path file = Files.isDirectory(profiles) ? profiles.resolve("profiles.json") : profiles;
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("router.profiles: no profile file at " + file);
        }
        RouterResources r = of(ProfileJson.read(file));
        Path index = file.resolveSibling("question-index.json");
        if (embedder != null && Files.isRegularFile(index)) {
            r = r.withEmbedding(embedder, QuestionIndexJson.read(index));
        }
        return r;
    }

    public static RouterResources of(ProfileStore profiles) {
        return new RouterResources(profiles, null, null, null, null, null, null, null);
    }

    public RouterResources withEmbedding(TextEmbedder embedder, QuestionIndex index) {
        return new RouterResources(profiles, embedder, index, keywordMapper, generator, costs, costWeight, aggregators);
    }

    public RouterResources withKeywords(Generator generator, NearestKeywordMapper mapper) {
        return new RouterResources(profiles, embedder, questionIndex, mapper, generator, costs, costWeight, aggregators);
    }

    public RouterResources withCosts(Map<String, Double> costs, Double costWeight) {
        return new RouterResources(profiles, embedder, questionIndex, keywordMapper, generator, costs, costWeight, aggregators);
    }

    public RouterResources withAggregators(Map<String, String> aggregators) {
        return new RouterResources(profiles, embedder, questionIndex, keywordMapper, generator, costs, costWeight, aggregators);
    }
}
