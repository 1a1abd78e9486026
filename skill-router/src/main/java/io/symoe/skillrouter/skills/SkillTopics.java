package io.symoe.skillrouter.skills;

import io.symoe.core.Skill;
import io.symoe.core.recorded.RecordedDataset;
import io.symoe.core.recorded.RecordedQuestion;
import io.symoe.skillrouter.profile.ProfileBuilder;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Says what a question's skills are about in words a person reads. Embedding skills are neighbour questions
 * ({@code q:2272}), which mean nothing to a reader; each is named here by the topic its question carries (its
 * dataset category, "math", "law"), and a question's topics are its neighbours' topics weighted by the skill
 * weights. Category and keyword skills are words already and stand for themselves.
 *
 * @param topicOfSkill skill name → topic, for the skills whose name is not itself a word
 */
public record SkillTopics(Map<String, String> topicOfSkill) {
    /** No labels: word skills still describe themselves, neighbour questions stay unnamed. */
    public static final SkillTopics NONE = new SkillTopics(Map.of());

    /**
     * One topic of a question.
     *
     * @param name       the topic in words
     * @param share      its part of the question's total skill weight, 0..1
     * @param neighbours how many of the question's neighbour questions carry it (0 for word skills)
     */
    public record Topic(String name, double share, int neighbours) {}

    public SkillTopics {
        topicOfSkill = Map.copyOf(topicOfSkill);
    }

    /** Neighbour-question skills of recorded questions named by their categories (questions without one stay unnamed). */
    public static SkillTopics ofRecorded(RecordedDataset dataset) {
        Map<String, String> topics = new HashMap<>();
        for (RecordedQuestion q : dataset.questions()) {
            ProfileBuilder.categorySkill(q).stream().findFirst()
                    .ifPresent(c -> topics.put(ProfileBuilder.questionSkillName(q.id()), c));
        }
        return new SkillTopics(topics);
    }

    /**
     * The {@code max} strongest topics of {@code skills}, strongest first (ties by name, so the order is stable).
     * Shares are of the total weight, unnamed neighbours included, so they say how much of the routing signal
     * the named topics account for.
     */
    public List<Topic> describe(List<Skill> skills, int max) {
        double total = 0;
        Map<String, double[]> byTopic = new LinkedHashMap<>(); // topic → {weight, neighbours}
        for (Skill s : skills) {
            total += s.weight();
            boolean neighbour = ProfileBuilder.isQuestionSkill(s.name());
            String topic = neighbour ? topicOfSkill.get(s.name()) : s.name();
            if (topic == null) {
                continue;
            }
            double[] acc = byTopic.computeIfAbsent(topic, k -> new double[2]);
            acc[0] += s.weight();
            acc[1] += neighbour ? 1 : 0;
        }
        if (!(total > 0)) {
            return List.of();
        }
        List<Topic> topics = new ArrayList<>(byTopic.size());
        for (var e : byTopic.entrySet()) {
            topics.add(new Topic(e.getKey(), e.getValue()[0] / total, (int) e.getValue()[1]));
        }
        topics.sort(Comparator.comparingDouble(Topic::share).reversed().thenComparing(Topic::name));
        return List.copyOf(topics.subList(0, Math.min(max, topics.size())));
    }
}
