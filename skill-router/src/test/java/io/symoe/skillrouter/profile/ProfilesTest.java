package io.symoe.skillrouter.profile;

import io.symoe.core.recorded.RecordedDataset;
import io.symoe.core.recorded.RecordedOutcome;
import io.symoe.core.recorded.RecordedQuestion;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ProfilesTest {
    private static RecordedOutcome graded(boolean right) {
        return new RecordedOutcome(null, right ? "A" : "B", right ? 1 : 0, 0);
    }

    private static final RecordedDataset DS = new RecordedDataset("test", List.of("m1", "m2"), List.of(
            new RecordedQuestion("1", "q1", List.of(), "A", "Physics", Map.of("m1", graded(true), "m2", graded(false))),
            new RecordedQuestion("2", "q2", List.of(), "A", "physics", Map.of("m1", graded(true))),
            new RecordedQuestion("3", "q3", List.of(), "A", "Law", Map.of("m1", graded(false), "m2", graded(true))),
            new RecordedQuestion("4", "q4", List.of(), "A", null, Map.of("m1", graded(true), "m2", graded(true)))), 0);

    @Test
    void categoryProfilesCountEachResultAndReportCoverage() {
        SkillProfiles p = ProfileBuilder.fromRecorded(DS, List.of("m1", "m2"), q -> true, ProfileBuilder::categorySkill);
        assertEquals(List.of("physics", "law"), List.copyOf(p.skills()));
        // physics: m1 right twice → +2; m2 wrong once (absent on q2) → −1
        assertEquals(2, p.tally("physics").paperScore(0), 1e-12);
        assertEquals(-1, p.tally("physics").paperScore(1), 1e-12);
        assertArrayEquals(new double[]{1, 1}, p.tally("law").count(), 1e-12);
        assertArrayEquals(new double[]{0.75, 2 / 3.0}, p.globalAccuracy(), 1e-12);
        Coverage c = p.coverage();
        assertEquals(4, c.questions());
        assertEquals(7, c.results());
        assertEquals(2, c.skills());
        assertEquals(1, c.questionsWithoutSkills());
        assertEquals(Map.of("m1", 4L, "m2", 3L), c.resultsPerModel());
        assertEquals(7 / 8.0, c.density(), 1e-12);
        assertTrue(c.toString().contains("4 questions"));
    }

    @Test
    void questionSkillsMakeTheCorrectnessMatrixAndSplitsFilter() {
        SkillProfiles p = ProfileBuilder.fromRecorded(DS, List.of("m1", "m2"), q -> !q.id().equals("4"),
                ProfileBuilder::questionSkill);
        assertEquals(3, p.skills().size());
        assertArrayEquals(new double[]{0, 1}, p.tally("q:3").correct(), 1e-12);
        assertNull(p.tally("q:4"), "a question outside the profile split must not be profiled");
    }

    @Test
    void jsonRoundTripKeepsEverythingAndRefusesOtherVersions(@TempDir Path dir) throws Exception {
        SkillProfiles p = ProfileBuilder.fromRecorded(DS, List.of("m1", "m2"), q -> true, ProfileBuilder::categorySkill);
        Path f = dir.resolve("profiles.json");
        ProfileJson.write(p, f);
        SkillProfiles back = ProfileJson.read(f);
        assertEquals(p.models(), back.models());
        assertEquals(p.skills(), back.skills());
        assertEquals(p.coverage(), back.coverage());
        assertArrayEquals(p.globalAccuracy(), back.globalAccuracy(), 1e-12);
        assertArrayEquals(p.paperGlobalScores(), back.paperGlobalScores(), 1e-12);
        assertArrayEquals(p.tally("physics").correct(), back.tally("physics").correct(), 1e-12);

        Files.writeString(f, Files.readString(f).replace("\"version\" : 1", "\"version\" : 99"));
        var e = assertThrows(IllegalArgumentException.class, () -> ProfileJson.read(f));
        assertTrue(e.getMessage().contains("version 99"), e.getMessage());
    }

    @Test
    void profilesOfModelsWithNoResultAreRefused() {
        assertThrows(IllegalArgumentException.class,
                () -> ProfileBuilder.fromRecorded(DS, List.of("nobody"), q -> true, ProfileBuilder::categorySkill));
    }
}
