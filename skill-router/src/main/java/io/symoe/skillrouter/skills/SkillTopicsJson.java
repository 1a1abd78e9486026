package io.symoe.skillrouter.skills;

import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;

/**
 * Persists {@link SkillTopics} beside saved embedding profiles ({@code skill-topics.json}), so a node routing on
 * saved profiles names its neighbour questions' topics as a replay node does: the question index stores only ids
 * and vectors.
 */
public final class SkillTopicsJson {
    public static final String FORMAT = "symoe-skill-topics";
    public static final int VERSION = 1;
    /** The file's name beside {@code profiles.json}. */
    public static final String FILE_NAME = "skill-topics.json";
    private static final ObjectMapper MAPPER = new ObjectMapper();

    /** The file's shape; public for Jackson only. */
    public record Document(String format, int version, Map<String, String> topics) {
    }

    private SkillTopicsJson() {
    }

    public static void write(SkillTopics topics, Path file) {
        try {
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            MAPPER.writeValue(file.toFile(), new Document(FORMAT, VERSION, new TreeMap<>(topics.topicOfSkill())));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write skill topics to " + file, e);
        }
    }

    public static SkillTopics read(Path file) {
        Document d;
        try {
            d = MAPPER.readValue(file.toFile(), Document.class);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read skill topics " + file + ": " + e.getMessage(), e);
        }
        if (!FORMAT.equals(d.format()) || d.version() != VERSION || d.topics() == null) {
            throw new IllegalArgumentException(file + ": expected " + FORMAT + " version " + VERSION + ", found "
                    + d.format() + " version " + d.version() + " (rebuild it with `symoe profiles-build`)");
        }
        return new SkillTopics(d.topics());
    }

    /** The topics saved beside the profiles {@code router.profiles} names, or {@link SkillTopics#NONE}. */
    public static SkillTopics besideProfiles(Path profiles) {
        Path dir = Files.isDirectory(profiles) ? profiles : profiles.toAbsolutePath().getParent();
        Path file = dir == null ? null : dir.resolve(FILE_NAME);
        return file != null && Files.isRegularFile(file) ? read(file) : SkillTopics.NONE;
    }
}
