package io.symoe.skillrouter.adaptive;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.symoe.skillrouter.recruit.StopPolicy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The learned sequential rule saved beside the profiles ({@code sequential-stop.json}), so a service on saved
 * profiles serves the threshold learned with them rather than the fixed default.
 */
public final class StopPolicyJson {
    public static final String FORMAT = "symoe-sequential-stop";
    public static final int VERSION = 1;
    public static final String FILE_NAME = "sequential-stop.json";
    private static final ObjectMapper MAPPER = new ObjectMapper();

    /** The file's shape; public for Jackson only. */
    public record Document(String format, int version, String rule, double knob, double scale, double targetCalls,
                           int maxExperts, double callsMean, double accuracy, int questions) {}

    private StopPolicyJson() {}

    public static void write(StopLearner.Learned learned, int maxExperts, Path file) {
        try {
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            MAPPER.writerWithDefaultPrettyPrinter().writeValue(file.toFile(), new Document(FORMAT, VERSION,
                    ruleName(learned.kind()), learned.knob(), learned.scale(), learned.targetCalls(), maxExperts, learned.callsMean(),
                    learned.accuracy(), learned.questions()));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the sequential stop rule to " + file, e);
        }
    }

    public static StopPolicy read(Path file) {
        Document d;
        try {
            d = MAPPER.readValue(file.toFile(), Document.class);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the sequential stop rule " + file + ": " + e.getMessage(), e);
        }
        if (!FORMAT.equals(d.format()) || d.version() != VERSION) {
            throw new IllegalArgumentException(file + ": expected " + FORMAT + " version " + VERSION + ", found "
                    + d.format() + " version " + d.version() + " (rebuild it with `symoe profiles-build`)");
        }
        try {
            return new StopLearner.Learned(kind(d.rule(), file), d.knob(), d.scale(), d.callsMean(), d.accuracy(),
                    d.questions(), d.targetCalls()).policy("training questions (" + file.getFileName() + ", max "
                    + d.maxExperts() + " experts)");
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(file + ": " + e.getMessage(), e);
        }
    }

    /** The file's name of a rule family: {@code threshold} or {@code expected-gain}. */
    static String ruleName(StopPolicy.Kind kind) {
        return kind.name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
    }

    private static StopPolicy.Kind kind(String rule, Path file) {
        for (StopPolicy.Kind k : StopPolicy.Kind.values()) {
            if (ruleName(k).equals(rule)) {
                return k;
            }
        }
        throw new IllegalArgumentException(file + ": rule must be threshold or expected-gain, got " + rule);
    }

    /** The rule saved beside the profiles {@code router.profiles} names, if any. */
    public static Optional<StopPolicy> besideProfiles(Path profiles) {
        Path dir = Files.isDirectory(profiles) ? profiles : profiles.toAbsolutePath().getParent();
        Path file = dir == null ? null : dir.resolve(FILE_NAME);
        return file != null && Files.isRegularFile(file) ? Optional.of(read(file)) : Optional.empty();
    }
}
