package io.symoe.skillrouter.profile;

import java.util.Map;

/**
 * What a profile was built from, so a user can judge how far to trust it.
 *
 * @param questions       validation questions that contributed
 * @param results         (model, question) results counted
 * @param skills          distinct skills in the vocabulary
 * @param resultsPerModel results counted per model (a model with few results has a noisy profile)
 * @param questionsWithoutSkills validation questions the skill source gave no skill (they add nothing)
 */
public record Coverage(int questions, long results, int skills, Map<String, Long> resultsPerModel,
                       int questionsWithoutSkills) {
    public Coverage {
        resultsPerModel = Map.copyOf(resultsPerModel);
    }

    /** Fraction of the full (model × question) grid that has a result. */
    public double density() {
        long grid = (long) questions * resultsPerModel.size();
        return grid == 0 ? 0 : (double) results / grid;
    }

    @Override
    public String toString() {
        return String.format("%d questions, %d results over %d models (%.1f%% of the grid), %d skills, %d questions without skills",
                questions, results, resultsPerModel.size(), 100 * density(), skills, questionsWithoutSkills);
    }
}
