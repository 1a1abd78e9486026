package io.symoe.skillrouter.profile;

/**
 * Every model's results on one skill, indexed like {@link ProfileStore#models()}.
 *
 * @param correct sum of scores (1/0 for graded sources, probability-correct for RouterDC)
 * @param count   number of validation results carrying the skill
 */
public record SkillTally(double[] correct, double[] count) {
    public SkillTally {
        if (correct.length != count.length) {
            throw new IllegalArgumentException("tally arrays differ in length: " + correct.length + " vs " + count.length);
        }
    }

    /**
     * The paper's integer profile entry (step 2): +1 per right answer, −1 per wrong one, i.e. {@code 2·correct − n}.
     */
    public double paperScore(int model) {
        return 2 * correct[model] - count[model];
    }
}
