package io.symoe.skillrouter.embedding;

import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * Persists a {@link QuestionIndex} as versioned JSON. Vectors are base64 little-endian float32, one string per
 * question: a decimal array would triple the file for no gain in readability.
 */
public final class QuestionIndexJson {
    public static final String FORMAT = "symoe-question-index";
    public static final int VERSION = 1;
    private static final ObjectMapper MAPPER = new ObjectMapper();

    /** The file's shape; public for Jackson only. */
    public record Document(String format, int version, String model, int dimension, List<String> ids,
                           List<String> vectors) {
    }

    private QuestionIndexJson() {
    }

    public static void write(QuestionIndex index, Path file) {
        List<String> vecs = new ArrayList<>(index.size());
        for (int i = 0; i < index.size(); i++) {
            float[] v = index.vector(i);
            ByteBuffer b = ByteBuffer.allocate(v.length * 4).order(ByteOrder.LITTLE_ENDIAN);
            b.asFloatBuffer().put(v);
            vecs.add(Base64.getEncoder().encodeToString(b.array()));
        }
        try {
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            MAPPER.writeValue(file.toFile(),
                    new Document(FORMAT, VERSION, index.modelId(), index.dimension(), index.ids(), vecs));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write question index to " + file, e);
        }
    }

    public static QuestionIndex read(Path file) {
        Document d;
        try {
            d = MAPPER.readValue(file.toFile(), Document.class);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read question index " + file + ": " + e.getMessage(), e);
        }
        if (!FORMAT.equals(d.format()) || d.version() != VERSION) {
            throw new IllegalArgumentException(file + ": expected " + FORMAT + " version " + VERSION + ", found "
                    + d.format() + " version " + d.version());
        }
        float[][] vectors = new float[d.vectors().size()][];
        for (int i = 0; i < vectors.length; i++) {
            byte[] raw = Base64.getDecoder().decode(d.vectors().get(i));
            if (raw.length != d.dimension() * 4) {
                throw new IllegalArgumentException(file + ": vector " + i + " has " + raw.length / 4
                        + " floats, expected " + d.dimension());
            }
            vectors[i] = new float[d.dimension()];
            ByteBuffer.wrap(raw).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(vectors[i]);
        }
        return new QuestionIndex(d.model(), d.ids(), vectors);
    }
}
