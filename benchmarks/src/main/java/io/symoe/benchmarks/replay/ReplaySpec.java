package io.symoe.benchmarks.replay;

import io.symoe.skillrouter.eval.SymbolicMoeSplit;
import io.symoe.core.config.SkillSource;
import io.symoe.core.recorded.RecordedDataset;
import io.symoe.core.recorded.RecordedQuestion;
import io.symoe.modelpool.recorded.MmluProOutputsReader;
import io.symoe.skillrouter.embedding.CachingEmbedder;
import io.symoe.skillrouter.embedding.EmbedderKind;
import io.symoe.skillrouter.eval.Pools;

import java.io.Serializable;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.function.Consumer;

/**
 * What a replay sweep reads and how, as names, paths and settings only: the recipe for a {@link ReplaySetup}.
 * Cluster tasks carry this (never the data) and each member builds the same setup from the same paths.
 *
 * @param outputs         recorded outputs that build the profiles
 * @param evalOutputs     recorded outputs to evaluate on, or null
 * @param split           the Symbolic-MoE split folder, or null
 * @param profileFraction fraction of {@code outputs} that profiles the models, or null for the default
 * @param splitSeed       seed of the fraction split
 * @param pool            all | small | m1,m2,...
 * @param skills          skill source of the profile-based routers
 * @param k               experts per question
 * @param aggregator      majority-vote | weighted-vote
 * @param embeddings      whether question embeddings must be computed (embedding skills or the default router)
 * @param embedder        minilm | static: which embedder computes them
 */
public record ReplaySpec(String outputs, String evalOutputs, String split, Double profileFraction, long splitSeed,
                         String pool, SkillSource skills, int k, String aggregator, boolean embeddings,
                         String embedder)
        implements Serializable {
    /** With MiniLM, the default embedder. */
    public ReplaySpec(String outputs, String evalOutputs, String split, Double profileFraction, long splitSeed,
                      String pool, SkillSource skills, int k, String aggregator, boolean embeddings) {
        this(outputs, evalOutputs, split, profileFraction, splitSeed, pool, skills, k, aggregator, embeddings,
                EmbedderKind.MINILM.flag());
    }

    public ReplaySpec {
        embedder = EmbedderKind.parse(embedder).flag();
        if (outputs == null || outputs.isBlank()) {
            throw new IllegalArgumentException("--outputs is required");
        }
        if (split != null && profileFraction != null) {
            throw new IllegalArgumentException("use either --split or --profile-fraction, not both");
        }
        if (split != null && evalOutputs != null) {
            throw new IllegalArgumentException("--split evaluates questions of --outputs; it cannot be combined with --eval-outputs");
        }
        if (k < 1) {
            throw new IllegalArgumentException("--k must be >= 1");
        }
        ReplaySweep.aggregator(aggregator); // fails early, with the reason, on an aggregator replay cannot run
    }

    /** Reads the recordings and builds the setup; {@code log} receives progress lines. */
    public ReplaySetup setup(Consumer<String> log) {
        log.accept("reading " + outputs + " ...");
        RecordedDataset profileData = MmluProOutputsReader.read(Path.of(outputs),
                MmluProOutputsReader.Options.OUTCOMES_ONLY);
        RecordedDataset evalData = evalOutputs == null ? profileData
                : MmluProOutputsReader.read(Path.of(evalOutputs), MmluProOutputsReader.Options.OUTCOMES_ONLY);
        List<String> poolModels = Pools.resolve(pool.equals("all") ? "full" : pool, profileData.models());

        Set<String> profileIds;
        List<String> evalIds;
        if (split != null) {
            SymbolicMoeSplit s = SymbolicMoeSplit.load(Path.of(split), profileData);
            log.accept("paper split: " + s.profileIds().size() + " profile, " + s.evalIds().size()
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
        Map<String, float[]> vectors = embeddings ? embed(profileData, evalData, EmbedderKind.parse(embedder), log) : null;
        return new ReplaySetup(profileData, profileIds, evalData, evalIds, poolModels, skills, k, aggregator, vectors);
    }

    private static Map<String, float[]> embed(RecordedDataset profile, RecordedDataset eval, EmbedderKind kind,
                                              Consumer<String> log) {
        LinkedHashSet<String> texts = new LinkedHashSet<>();
        profile.questions().forEach(q -> texts.add(q.text()));
        eval.questions().forEach(q -> texts.add(q.text()));
        log.accept("embedding " + texts.size() + " questions with " + kind.flag() + " (cached in "
                + CachingEmbedder.defaultDir() + ") ...");
        // The static embedder's token weights come from the profile questions' texts (no outcomes).
        List<String> corpus = profile.questions().stream().map(RecordedQuestion::text).toList();
        try (EmbedderKind.Open embedder = kind.open(corpus, log)) {
            List<String> list = List.copyOf(texts);
            float[][] v = embedder.embed(list);
            Map<String, float[]> out = new LinkedHashMap<>();
            for (int i = 0; i < list.size(); i++) {
                out.put(list.get(i), v[i]);
            }
            return out;
        }
    }
}
