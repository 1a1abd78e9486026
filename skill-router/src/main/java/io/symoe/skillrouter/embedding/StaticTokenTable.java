package io.symoe.skillrouter.embedding;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.function.Consumer;

/**
 * One MiniLM vector per word piece of MiniLM's vocabulary: the model2vec idea (distil a transformer into a lookup
 * table by embedding every token on its own). Token {@code t}'s vector is MiniLM's mean-pooled, L2-normalised
 * output for {@code [CLS] t [SEP]}, i.e. the real model's embedding of the one-token text. Built once (~30 k
 * three-token inputs) and cached as {@code <model>.static.v<version>.tbl} under the embedding cache folder, so
 * the build is reproducible from the langchain4j artifact alone (no downloaded weights).
 *
 * @param modelId   the transformer the table was distilled from
 * @param dimension vector length
 * @param vectors   {@code vocabulary × dimension}, row-major; row {@code t} is token id {@code t}
 */
public record StaticTokenTable(String modelId, int dimension, float[] vectors) {
    /** Bumped when the way rows are computed changes, so an old cached table is rebuilt rather than reused. */
    public static final int VERSION = 1;
    private static final int MAGIC = 0x53544154; // "STAT"
    /** Tokens per MiniLM call; fixed, because a call's activations share one quantisation scale. */
    static final int BATCH = 256;

    public StaticTokenTable {
        if (dimension < 1 || vectors.length % dimension != 0) {
            throw new IllegalArgumentException("vectors length " + vectors.length + " is not a multiple of " + dimension);
        }
    }

    public int vocabulary() {
        return vectors.length / dimension;
    }

    /** Where {@link #loadOrBuild} keeps the table for {@code modelId}. */
    public static Path cacheFile(Path dir, String modelId) {
        return dir.resolve(modelId + ".static.v" + VERSION + ".tbl");
    }

    /** The cached table, or a fresh build of the whole vocabulary written to the cache (progress to {@code log}). */
    public static StaticTokenTable loadOrBuild(Path dir, Consumer<String> log) {
        Path file = cacheFile(dir, MiniLmEmbedder.MODEL_ID);
        if (Files.isRegularFile(file)) {
            try {
                return read(file);
            } catch (IOException | IllegalStateException e) {
                log.accept("static table " + file + " unreadable (" + e.getMessage() + "); rebuilding");
            }
        }
        StaticTokenTable table;
        try (MiniLmEmbedder minilm = new MiniLmEmbedder()) {
            table = build(minilm, vocabularySize(), log);
        }
        table.write(file);
        log.accept("static table cached in " + file);
        return table;
    }

    /**
     * Embeds token ids {@code 0 .. tokens-1} with {@code minilm}. Special and unused tokens get rows too (they are
     * cheap and keep row = id); the tokenizer never emits the unused ones for real text.
     */
    public static StaticTokenTable build(MiniLmEmbedder minilm, int tokens, Consumer<String> log) {
        int vocab = vocabularySize();
        if (tokens < 1 || tokens > vocab) {
            throw new IllegalArgumentException("tokens must be in [1, " + vocab + "], got " + tokens);
        }
        long cls = specialId("[CLS]");
        long sep = specialId("[SEP]");
        int dim = minilm.dimension();
        float[] rows = new float[tokens * dim];
        long start = System.nanoTime();
        int step = BATCH * 16;
        for (int from = 0; from < tokens; from += step) {
            int n = Math.min(step, tokens - from);
            long[][] ids = new long[n][];
            for (int i = 0; i < n; i++) {
                ids[i] = new long[] {cls, from + i, sep};
            }
            float[][] v = minilm.embedIds(ids, BATCH);
            for (int i = 0; i < n; i++) {
                System.arraycopy(v[i], 0, rows, (from + i) * dim, dim);
            }
            log.accept(String.format("static table: %d / %d tokens (%.0f s)", from + n, tokens,
                    (System.nanoTime() - start) / 1e9));
        }
        return new StaticTokenTable(minilm.modelId(), dim, rows);
    }

    /** Word pieces in MiniLM's tokenizer file. */
    public static int vocabularySize() {
        return vocab().size();
    }

    static long specialId(String token) {
        JsonNode id = vocab().get(token);
        if (id == null) {
            throw new IllegalStateException(token + " missing from MiniLM's vocabulary");
        }
        return id.asLong();
    }

    private static JsonNode vocabNode;

    private static synchronized JsonNode vocab() {
        if (vocabNode == null) {
            try (InputStream in = MiniLmEmbedder.tokenizerResource()) {
                vocabNode = new ObjectMapper().readTree(in).path("model").path("vocab");
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read MiniLM's tokenizer file", e);
            }
            if (vocabNode.isEmpty()) {
                throw new IllegalStateException("MiniLM's tokenizer file has no model.vocab");
            }
        }
        return vocabNode;
    }

    public void write(Path file) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
            try (var out = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(tmp), 1 << 16))) {
                out.writeInt(MAGIC);
                out.writeInt(VERSION);
                out.writeUTF(modelId);
                out.writeInt(dimension);
                out.writeInt(vocabulary());
                for (float x : vectors) {
                    out.writeFloat(x);
                }
            }
            // A reader never sees a half-written table: the rename is the commit.
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write static table " + file, e);
        }
    }

    public static StaticTokenTable read(Path file) throws IOException {
        try (var in = new DataInputStream(new BufferedInputStream(Files.newInputStream(file), 1 << 16))) {
            if (in.readInt() != MAGIC) {
                throw new IllegalStateException("not a static token table");
            }
            int version = in.readInt();
            if (version != VERSION) {
                throw new IllegalStateException("table version " + version + ", expected " + VERSION);
            }
            String model = in.readUTF();
            int dim = in.readInt();
            int vocab = in.readInt();
            float[] rows = new float[Math.multiplyExact(dim, vocab)];
            for (int i = 0; i < rows.length; i++) {
                rows[i] = in.readFloat();
            }
            return new StaticTokenTable(model, dim, rows);
        }
    }
}
