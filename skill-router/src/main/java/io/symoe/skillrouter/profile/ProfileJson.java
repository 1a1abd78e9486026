package io.symoe.skillrouter.profile;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Persists {@link SkillProfiles} as versioned JSON, so a service starts from saved profiles instead of
 * re-scoring the validation set. Unknown versions are refused with a clear message rather than misread.
 */
public final class ProfileJson {
    public static final String FORMAT = "symoe-skill-profiles";
    public static final int VERSION = 1;

    private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    /** The file's shape; public for Jackson only. */
    public record Document(String format, int version, List<String> models, double[] modelCorrect,
                           double[] modelCount, Coverage coverage, Map<String, SkillTally> skills) {
    }

    private ProfileJson() {
    }

    public static void write(SkillProfiles profiles, Path file) {
        double[] acc = profiles.globalAccuracy();
        Map<String, Long> perModel = profiles.coverage().resultsPerModel();
        double[] count = new double[acc.length];
        double[] correct = new double[acc.length];
        for (int m = 0; m < acc.length; m++) {
            count[m] = perModel.getOrDefault(profiles.models().get(m), 0L);
            correct[m] = acc[m] * count[m];
        }
        var doc = new Document(FORMAT, VERSION, profiles.models(), correct, count, profiles.coverage(),
                new LinkedHashMap<>(profiles.tallies()));
        try {
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            MAPPER.writeValue(file.toFile(), doc);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write profiles to " + file, e);
        }
    }

    public static SkillProfiles read(Path file) {
        Document doc;
        try {
            doc = MAPPER.readValue(file.toFile(), Document.class);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read profiles from " + file + ": " + e.getMessage(), e);
        }
        if (!FORMAT.equals(doc.format())) {
            throw new IllegalArgumentException(file + " is not a symoe profile file (format '" + doc.format() + "')");
        }
        if (doc.version() != VERSION) {
            throw new IllegalArgumentException(file + " has profile format version " + doc.version()
                    + "; this build reads version " + VERSION + " (rebuild the profiles)");
        }
        if (doc.models() == null || doc.skills() == null || doc.coverage() == null) {
            throw new IllegalArgumentException(file + " lacks models, skills or coverage");
        }
        return new SkillProfiles(doc.models(), doc.skills(), doc.coverage(), doc.modelCorrect(), doc.modelCount());
    }
}
