package io.symoe.skillrouter.profile;

import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The in-memory {@link ProfileStore}: immutable, built by {@link ProfileBuilder} or read by {@link ProfileJson}. */
public final class SkillProfiles implements ProfileStore {
    private final List<String> models;
    private final Map<String, Integer> modelIndex;
    private final Map<String, SkillTally> tallies;
    private final Coverage coverage;
    private final double[] paperGlobal;
    private final double[] globalAccuracy;

    public SkillProfiles(List<String> models, Map<String, SkillTally> tallies, Coverage coverage,
                         double[] modelCorrect, double[] modelCount) {
        if (models.isEmpty()) {
            throw new IllegalArgumentException("profiles need at least one model");
        }
        this.models = List.copyOf(models);
        this.modelIndex = new HashMap<>();
        for (int i = 0; i < this.models.size(); i++) {
            if (modelIndex.put(this.models.get(i), i) != null) {
                throw new IllegalArgumentException("model " + this.models.get(i) + " listed twice");
            }
        }
        if (modelCorrect.length != models.size() || modelCount.length != models.size()) {
            throw new IllegalArgumentException("per-model totals must have one entry per model");
        }
        this.tallies = Collections.unmodifiableMap(new LinkedHashMap<>(tallies));
        this.coverage = coverage;
        int n = models.size();
        this.paperGlobal = new double[n];
        for (var e : this.tallies.entrySet()) {
            SkillTally t = e.getValue();
            if (t.correct().length != n) {
                throw new IllegalArgumentException("skill '" + e.getKey() + "' has " + t.correct().length
                        + " entries for " + n + " models");
            }
            for (int m = 0; m < n; m++) {
                paperGlobal[m] += t.paperScore(m);
            }
        }
        this.globalAccuracy = new double[n];
        for (int m = 0; m < n; m++) {
            globalAccuracy[m] = modelCount[m] == 0 ? 0 : modelCorrect[m] / modelCount[m];
        }
    }

    @Override
    public List<String> models() {
        return models;
    }

    @Override
    public int modelIndex(String modelId) {
        return modelIndex.getOrDefault(modelId, -1);
    }

    @Override
    public Set<String> skills() {
        return Collections.unmodifiableSet(new LinkedHashSet<>(tallies.keySet()));
    }

    @Override
    public SkillTally tally(String skill) {
        return tallies.get(skill);
    }

    /** The tallies in vocabulary order (for persistence). */
    public Map<String, SkillTally> tallies() {
        return tallies;
    }

    @Override
    public double[] paperGlobalScores() {
        return paperGlobal.clone();
    }

    @Override
    public double[] globalAccuracy() {
        return globalAccuracy.clone();
    }

    @Override
    public Coverage coverage() {
        return coverage;
    }

    @Override
    public String toString() {
        return "SkillProfiles[" + models.size() + " models, " + coverage + ", accuracy "
                + Arrays.toString(globalAccuracy) + "]";
    }
}
