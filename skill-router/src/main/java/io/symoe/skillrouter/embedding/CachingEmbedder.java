package io.symoe.skillrouter.embedding;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * An on-disk cache of embeddings keyed by a SHA-256 of each text, so tests and sweeps embed the 9 195 MMLU-Pro
 * questions once rather than on every run, whatever subset or order they ask for. One append-only file per model
 * ({@code <model>.v1.emb}: records of 32-byte key + float32 vector); a truncated tail record (an interrupted run)
 * is ignored and re-embedded. Thread-safe.
 */
public final class CachingEmbedder implements TextEmbedder {
    private static final int FORMAT_VERSION = 1;
    private static final int KEY_BYTES = 32;

    private final TextEmbedder delegate;
    private final Path file;
    private Map<String, float[]> cache;

    public CachingEmbedder(TextEmbedder delegate, Path dir) {
        this.delegate = delegate;
        this.file = dir.resolve(delegate.modelId() + ".v" + FORMAT_VERSION + ".emb");
    }

    /** The default cache folder: {@code $SYMOE_CACHE/embeddings}, else {@code ~/.cache/symoe/embeddings}. */
    public static Path defaultDir() {
        String env = System.getenv("SYMOE_CACHE");
        Path base = env != null && !env.isBlank() ? Path.of(env)
                : Path.of(System.getProperty("user.home"), ".cache", "symoe");
        return base.resolve("embeddings");
    }

    public Path file() {
        return file;
    }

    @Override
    public String modelId() {
        return delegate.modelId();
    }

    @Override
    public int dimension() {
        return delegate.dimension();
    }

    @Override
    public synchronized float[][] embed(List<String> texts) {
        if (cache == null) {
            cache = load();
        }
        float[][] out = new float[texts.size()][];
        List<String> missing = new ArrayList<>();
        List<String> missingKeys = new ArrayList<>();
        Map<String, Boolean> queued = new HashMap<>();
        for (int i = 0; i < out.length; i++) {
            String key = key(texts.get(i));
            out[i] = cache.get(key);
            if (out[i] == null && queued.putIfAbsent(key, true) == null) {
                missing.add(texts.get(i));
                missingKeys.add(key);
            }
        }
        if (!missing.isEmpty()) {
            float[][] fresh = delegate.embed(missing);
            for (int j = 0; j < fresh.length; j++) {
                cache.put(missingKeys.get(j), fresh[j]);
            }
            append(missingKeys, fresh);
            for (int i = 0; i < out.length; i++) {
                if (out[i] == null) {
                    out[i] = cache.get(key(texts.get(i)));
                }
            }
        }
        for (int i = 0; i < out.length; i++) {
            out[i] = out[i].clone(); // callers may not alter the cached vectors
        }
        return out;
    }

    static String key(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private Map<String, float[]> load() {
        Map<String, float[]> m = new HashMap<>();
        if (!Files.isRegularFile(file)) {
            return m;
        }
        int dim = delegate.dimension();
        try (var in = new DataInputStream(new BufferedInputStream(Files.newInputStream(file), 1 << 16))) {
            byte[] key = new byte[KEY_BYTES];
            while (true) {
                float[] v = new float[dim];
                try {
                    in.readFully(key);
                    for (int j = 0; j < dim; j++) {
                        v[j] = in.readFloat();
                    }
                } catch (EOFException end) {
                    break; // clean end, or a torn last record from an interrupted run: dropped
                }
                m.put(HexFormat.of().formatHex(key), v);
            }
        } catch (IOException e) {
            return new HashMap<>(); // unreadable cache: start over, it is only a cache
        }
        return m;
    }

    private void append(List<String> keys, float[][] vectors) {
        try {
            Files.createDirectories(file.getParent());
            try (var out = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(file,
                    StandardOpenOption.CREATE, StandardOpenOption.APPEND), 1 << 16))) {
                for (int i = 0; i < vectors.length; i++) {
                    out.write(HexFormat.of().parseHex(keys.get(i)));
                    for (float x : vectors[i]) {
                        out.writeFloat(x);
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write embedding cache " + file, e);
        }
    }
}
