package io.symoe.skillrouter.skills;

import io.symoe.core.Instance;
import io.symoe.core.Skill;
import io.symoe.core.generation.Generation;
import io.symoe.core.generation.GenerationParams;
import io.symoe.core.generation.Generator;
import io.symoe.core.generation.Prompt;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * The paper's skill profiling (step 1): a keyword-generator model is sampled {@value #SAMPLES} times at
 * temperature 0.7 for 2–5 comma-separated keywords; {@link KeywordParser} filters them; step 3 then maps each
 * keyword to its nearest validation keyword when a {@link NearestKeywordMapper} is given (duplicates kept).
 *
 * <p>Each sample index is one batch for the whole instance list, with its own seed: five copies of a prompt
 * under one seed would make a seeded backend return five identical samples.
 */
public final class KeywordProfiler implements SkillProfiler {
    public static final int SAMPLES = 5;
    public static final double TEMPERATURE = 0.7;

    private final Generator generator;
    private final String modelId;
    private final NearestKeywordMapper mapper;
    private final GenerationParams params;

    /**
     * @param mapper the validation vocabulary to map onto, or null to keep raw keywords (when building profiles)
     */
    public KeywordProfiler(Generator generator, String modelId, NearestKeywordMapper mapper, long seed) {
        this.generator = generator;
        this.modelId = modelId;
        this.mapper = mapper;
        this.params = GenerationParams.GREEDY.withTemperature(TEMPERATURE).withMaxTokens(64).withSeed(seed);
    }

    /** The one user turn asking for keywords (the paper's wording, paraphrased). */
    public static String prompt(Instance instance) {
        return "Question: " + instance.text() + "\n\n"
                + "What are the core knowledge, subjects or skills needed to solve this problem? "
                + "List 2-5 keywords separated by commas. Example keywords: psychology, virology, "
                + "behavioral theory, microbiology, diplomacy, political science, property law, finance, business. "
                + "Give ONLY the keywords, no other words or explanation.\n"
                + "Follow this format: Keywords: <keyword1>, <keyword2>...";
    }

    @Override
    public List<Skill> skills(Instance instance) {
        return skills(List.of(instance)).getFirst();
    }

    @Override
    public List<List<Skill>> skills(List<Instance> instances) {
        if (instances.isEmpty()) {
            return List.of();
        }
        List<Prompt> prompts = instances.stream().map(i -> Prompt.ofUser(i.id(), prompt(i))).toList();
        List<CompletableFuture<List<Generation>>> batches = new ArrayList<>();
        long seed = params.seed().orElse(0);
        for (int s = 0; s < SAMPLES; s++) {
            batches.add(generator.generate(modelId, prompts, params.withSeed(seed + s)).toCompletableFuture());
        }
        List<List<Generation>> samples;
        try {
            samples = batches.stream().map(CompletableFuture::join).toList();
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : e;
        }
        List<List<Skill>> out = new ArrayList<>(instances.size());
        for (int i = 0; i < instances.size(); i++) {
            List<String> texts = new ArrayList<>(SAMPLES);
            for (List<Generation> batch : samples) {
                if (batch.size() != instances.size()) {
                    throw new IllegalStateException("keyword model " + modelId + " returned " + batch.size()
                            + " generations for " + instances.size() + " prompts");
                }
                texts.add(batch.get(i).text());
            }
            List<String> keywords = KeywordParser.consensus(texts);
            List<String> mapped = mapper == null ? keywords : mapper.map(keywords);
            out.add(mapped.stream().map(Skill::new).toList());
        }
        return out;
    }
}
