package io.symoe.benchmarks.replay;

import io.symoe.core.config.SkillSource;
import io.symoe.core.recorded.RecordedDataset;
import io.symoe.core.recorded.RecordedQuestion;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Everything a sweep run needs besides the router: the data profiles are built from, the questions evaluated, the
 * pool and the settings.
 *
 * @param profileData recorded outcomes that build the profiles
 * @param profileIds  which questions of {@code profileData} profile the models
 * @param evalData    recorded outcomes the evaluated experts answer with (the same dataset, or --eval-outputs)
 * @param evalIds     evaluated question ids, in order; may repeat an id (the paper's test file does)
 * @param pool        the models routers may recruit
 * @param skills      where skills come from
 * @param k           experts per question
 * @param aggregator  the vote that merges them (majority-vote | weighted-vote)
 * @param embeddings  question text → MiniLM vector, for embedding skills (null when not needed)
 */
public record ReplaySetup(RecordedDataset profileData, Set<String> profileIds, RecordedDataset evalData,
                          List<String> evalIds, List<String> pool, SkillSource skills, int k, String aggregator,
                          Map<String, float[]> embeddings) {
    public ReplaySetup {
        profileIds = Set.copyOf(profileIds);
        evalIds = List.copyOf(evalIds);
        pool = List.copyOf(pool);
        if (pool.isEmpty()) {
            throw new IllegalArgumentException("the pool is empty");
        }
        for (String m : pool) {
            if (!profileData.models().contains(m)) {
                throw new IllegalArgumentException("pool model " + m + " has no recorded outputs in " + profileData.source()
                        + " (recorded: " + profileData.models() + ")");
            }
        }
        if (evalIds.isEmpty()) {
            throw new IllegalArgumentException("no questions to evaluate");
        }
        if (k < 1) {
            throw new IllegalArgumentException("k must be >= 1, got " + k);
        }
    }

    public List<RecordedQuestion> evalQuestions() {
        Map<String, RecordedQuestion> byId = evalData.byId();
        return evalIds.stream().map(id -> {
            RecordedQuestion q = byId.get(id);
            if (q == null) {
                throw new IllegalArgumentException("evaluated question " + id + " is not in " + evalData.source());
            }
            return q;
        }).toList();
    }
}
