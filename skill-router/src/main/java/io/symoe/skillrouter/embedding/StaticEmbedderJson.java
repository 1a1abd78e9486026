package io.symoe.skillrouter.embedding;

import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The corpus-dependent half of a {@link StaticEmbedder} (token weights and centre, from the profile questions),
 * saved beside the profiles ({@value #FILE_NAME}) so a service embeds new questions exactly as the question index
 * was embedded. The table itself is corpus-free and lives in the embedding cache ({@link StaticTokenTable}).
 */
public final class StaticEmbedderJson {
    public static final String FILE_NAME = "static-embedder.json";
    static final int VERSION = 1;

    /** The file's content, versioned. */
    record Saved(int version, String tableModel, int tableVersion, String weightsId, float[] weights, float[] centre) {}

    private StaticEmbedderJson() {}

    public static void write(StaticEmbedder e, Path file) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            new ObjectMapper().writeValue(file.toFile(), new Saved(VERSION, e.table().modelId(),
                    StaticTokenTable.VERSION, e.weights().id(), e.weights().weights(), e.centre()));
        } catch (IOException ex) {
            throw new UncheckedIOException("cannot write " + file, ex);
        }
    }

    /**
     * The embedder saved beside {@code profiles} (a folder or its {@code profiles.json}), over the cached table
     * (built on first use): what a service with {@code router.embedder: static} embeds new questions with.
     */
    public static StaticEmbedder besideProfiles(Path profiles) {
        Path dir = Files.isDirectory(profiles) ? profiles : profiles.toAbsolutePath().getParent();
        Path file = dir.resolve(FILE_NAME);
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("router.embedder = static needs " + file
                    + ": build the profiles with profiles-build --embedder static");
        }
        return read(file, StaticTokenTable.loadOrBuild(CachingEmbedder.defaultDir(), line -> { }));
    }

    /** The embedder saved in {@code file}, over {@code table} (refused when the table or format version differ). */
    public static StaticEmbedder read(Path file, StaticTokenTable table) {
        Saved s;
        try {
            s = new ObjectMapper().readValue(file.toFile(), Saved.class);
        } catch (IOException ex) {
            throw new UncheckedIOException("cannot read " + file, ex);
        }
        if (s.version() != VERSION || s.tableVersion() != StaticTokenTable.VERSION
                || !s.tableModel().equals(table.modelId())) {
            throw new IllegalArgumentException(file + " was saved for " + s.tableModel() + " table v" + s.tableVersion()
                    + " (format v" + s.version() + "); this build has " + table.modelId() + " table v"
                    + StaticTokenTable.VERSION + ": rebuild it with profiles-build --embedder static");
        }
        return new StaticEmbedder(table, new TokenWeights(s.weightsId(), s.weights()), s.centre());
    }
}
