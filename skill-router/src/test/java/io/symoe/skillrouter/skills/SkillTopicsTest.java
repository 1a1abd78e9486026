package io.symoe.skillrouter.skills;

import io.symoe.core.Skill;
import io.symoe.core.recorded.RecordedDataset;
import io.symoe.core.recorded.RecordedQuestion;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SkillTopicsTest {
    private final SkillTopics topics = new SkillTopics(Map.of("q:1", "math", "q:2", "math", "q:3", "law"));

    @Test
    void neighbourQuestionsAreNamedByTheirCategoriesWeightedBySimilarity() {
        var described = topics.describe(List.of(new Skill("q:1", 1.0), new Skill("q:3", 0.5), new Skill("q:2", 0.3),
                new Skill("q:9", 0.2)), 5);
        assertEquals(List.of("math", "law"), described.stream().map(SkillTopics.Topic::name).toList());
        // Shares are of all the weight, the unnamed neighbour q:9 included.
        assertEquals(1.3 / 2.0, described.get(0).share(), 1e-12);
        assertEquals(2, described.get(0).neighbours());
        assertEquals(0.5 / 2.0, described.get(1).share(), 1e-12);
        assertEquals(1, topics.describe(List.of(new Skill("q:1", 1.0), new Skill("q:3", 0.5)), 1).size());
    }

    @Test
    void wordSkillsStandForThemselves() {
        var described = SkillTopics.NONE.describe(List.of(new Skill("organic chemistry", 2), new Skill("law", 2)), 5);
        assertEquals(List.of("law", "organic chemistry"), described.stream().map(SkillTopics.Topic::name).toList(),
                "equal shares in name order, so the listing is stable");
        assertEquals(0, described.get(0).neighbours());
        assertEquals(List.of(), SkillTopics.NONE.describe(List.of(new Skill("q:1", 1.0)), 5), "an unnamed id says nothing");
        assertEquals(List.of(), topics.describe(List.of(), 5));
    }

    @Test
    void recordedCategoriesBecomeTopicsAndSurviveASaveAndLoad(@TempDir Path dir) throws Exception {
        var data = new RecordedDataset("test", List.of("m"), List.of(
                new RecordedQuestion("7", "What is 2 + 2?", List.of(), "A", " Math ", Map.of()),
                new RecordedQuestion("8", "Unlabelled?", List.of(), "A", null, Map.of())), 0);
        SkillTopics recorded = SkillTopics.ofRecorded(data);
        assertEquals(Map.of("q:7", "math"), recorded.topicOfSkill());
        SkillTopicsJson.write(recorded, dir.resolve(SkillTopicsJson.FILE_NAME));
        assertEquals(recorded, SkillTopicsJson.besideProfiles(dir));
        assertEquals(recorded, SkillTopicsJson.besideProfiles(dir.resolve("profiles.json")));
        assertEquals(SkillTopics.NONE, SkillTopicsJson.besideProfiles(Files.createDirectory(dir.resolve("older"))),
                "profiles saved without topics still load");
        Files.writeString(dir.resolve("bad.json"), "{\"format\":\"other\",\"version\":1,\"topics\":{}}");
        var e = assertThrows(IllegalArgumentException.class, () -> SkillTopicsJson.read(dir.resolve("bad.json")));
        assertTrue(e.getMessage().contains("rebuild it with `symoe profiles-build`"), e.getMessage());
    }
}
