package io.symoe.skillrouter.profile;

import io.symoe.core.recorded.RecordedDataset;
import io.symoe.core.recorded.RecordedOutcome;
import io.symoe.core.recorded.RecordedQuestion;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * Builds {@link SkillProfiles} from recorded validation results (paper step 2): for each validation question and
 * each skill it carries, every model's score is added to that skill's tally. Works for any source with a score per
 * (model, question): MMLU-Pro's graded outputs, RouterBench correctness columns, RouterDC probabilities.
 */
public final class ProfileBuilder {
    private final List<String> models;
    private final Map<String, Integer> index = new LinkedHashMap<>();
    private final Map<String, double[][]> tallies = new LinkedHashMap<>();
    private final double[] modelCorrect;
    private final double[] modelCount;
    private int questions;
    private int withoutSkills;
    private long results;

    public ProfileBuilder(List<String> models) {
        this.models = List.copyOf(models);
        for (String m : this.models) {
            index.put(m, index.size());
        }
        this.modelCorrect = new double[this.models.size()];
        this.modelCount = new double[this.models.size()];
    }

    /**
     * Profiles from a recorded dataset.
     *
     * @param dataset  the recorded results
     * @param models   the pool to profile (models absent from a question are simply not counted there)
     * @param include  which questions form the validation (profile) split
     * @param skillsOf the skills of a validation question: its category, its keywords, or its own id
     */
    public static SkillProfiles fromRecorded(RecordedDataset dataset, List<String> models,
                                             Predicate<RecordedQuestion> include,
                                             Function<RecordedQuestion, List<String>> skillsOf) {
        ProfileBuilder b = new ProfileBuilder(models);
        for (RecordedQuestion q : dataset.questions()) {
            if (include.test(q)) {
                b.add(skillsOf.apply(q), q.outcomes());
            }
        }
        return b.build();
    }

    /** Skills from the dataset's category field; a question without one carries no skill. */
    public static List<String> categorySkill(RecordedQuestion q) {
        return q.category() == null || q.category().isBlank() ? List.of() : List.of(normaliseCategory(q.category()));
    }

    /** The question's own id as its only skill: the profile becomes the correctness matrix kNN routing reads. */
    public static List<String> questionSkill(RecordedQuestion q) {
        return List.of(questionSkillName(q.id()));
    }

    public static String questionSkillName(String questionId) {
        return QUESTION_SKILL_PREFIX + questionId;
    }

    /** Whether a skill is a neighbour question ({@link #questionSkillName}) rather than a word. */
    public static boolean isQuestionSkill(String skillName) {
        return skillName.startsWith(QUESTION_SKILL_PREFIX);
    }

    private static final String QUESTION_SKILL_PREFIX = "q:";

    public static String normaliseCategory(String category) {
        return category.trim().toLowerCase(java.util.Locale.ROOT);
    }

    /** Adds one validation question: each skill (duplicates counted once) gets every model's score. */
    public ProfileBuilder add(List<String> skills, Map<String, RecordedOutcome> outcomes) {
        questions++;
        Set<String> distinct = new LinkedHashSet<>(skills);
        if (distinct.isEmpty()) {
            withoutSkills++;
        }
        for (var e : outcomes.entrySet()) {
            Integer m = index.get(e.getKey());
            if (m == null) {
                continue;
            }
            double score = e.getValue().score();
            results++;
            modelCorrect[m] += score;
            modelCount[m] += 1;
            for (String s : distinct) {
                double[][] t = tallies.computeIfAbsent(s, k -> new double[2][models.size()]);
                t[0][m] += score;
                t[1][m] += 1;
            }
        }
        return this;
    }

    public SkillProfiles build() {
        Map<String, SkillTally> out = new LinkedHashMap<>();
        tallies.forEach((s, t) -> out.put(s, new SkillTally(t[0].clone(), t[1].clone())));
        Map<String, Long> perModel = new LinkedHashMap<>();
        for (int m = 0; m < models.size(); m++) {
            perModel.put(models.get(m), (long) modelCount[m]);
        }
        List<String> unseen = new ArrayList<>();
        perModel.forEach((m, n) -> {
            if (n == 0) {
                unseen.add(m);
            }
        });
        if (unseen.size() == models.size()) {
            throw new IllegalArgumentException("no validation result for any of the models " + models);
        }
        return new SkillProfiles(models, out, new Coverage(questions, results, out.size(), perModel, withoutSkills),
                modelCorrect.clone(), modelCount.clone());
    }
}
