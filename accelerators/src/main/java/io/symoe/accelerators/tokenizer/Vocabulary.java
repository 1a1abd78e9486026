package io.symoe.accelerators.tokenizer;

import io.symoe.accelerators.gguf.GGUF;
import io.symoe.accelerators.gguf.GGUFFormatException;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Token texts, scores and types (llama.cpp's llama_token_type: 1 normal, 2 unknown, 3 control,
 * 4 user-defined, 5 unused, 6 byte) plus the special ids.
 */
public final class Vocabulary {
    static final int TYPE_CONTROL = 3;
    static final int TYPE_USER_DEFINED = 4;
    static final int TYPE_BYTE = 6;

    private final String[] tokens;
    private final float[] scores;
    private final int[] types;
    private final Map<String, Integer> ids = new HashMap<>();
    private final int bos;
    private final int eos;
    private final int unk;
    private final boolean addBos;
    private final List<String> specials = new ArrayList<>();

    public Vocabulary(String[] tokens, float[] scores, int[] types, int bos, int eos, int unk, boolean addBos) {
        this.tokens = tokens.clone();
        this.scores = scores == null ? new float[tokens.length] : scores.clone();
        this.types = types == null ? new int[tokens.length] : types.clone();
        if (this.scores.length != tokens.length || this.types.length != tokens.length) {
            throw new GGUFFormatException("tokenizer scores/token_type length differ from the " + tokens.length + " tokens");
        }
        for (int i = 0; i < tokens.length; i++) {
            ids.putIfAbsent(tokens[i], i);
            if ((this.types[i] == TYPE_CONTROL || this.types[i] == TYPE_USER_DEFINED) && !tokens[i].isEmpty()) {
                specials.add(tokens[i]);
            }
        }
        specials.sort((a, b) -> b.length() - a.length()); // longest match first
        this.bos = bos;
        this.eos = eos;
        this.unk = unk;
        this.addBos = addBos;
    }

    static Vocabulary fromGGUF(GGUF g) {
        String[] tokens = g.getStringArray("tokenizer.ggml.tokens");
        float[] scores = g.has("tokenizer.ggml.scores") ? g.getFloatArray("tokenizer.ggml.scores") : null;
        int[] types = null;
        if (g.has("tokenizer.ggml.token_type")) {
            long[] t = g.getIntArray("tokenizer.ggml.token_type");
            types = new int[t.length];
            for (int i = 0; i < t.length; i++) {
                types[i] = (int) t[i];
            }
        }
        int n = tokens.length;
        return new Vocabulary(tokens, scores, types, special(g, "bos", n, 1), special(g, "eos", n, 2),
                special(g, "unknown", n, 0), g.getBoolean("tokenizer.ggml.add_bos_token", true));
    }

    private static int special(GGUF g, String what, int n, int fallback) {
        int id = g.getInt("tokenizer.ggml." + what + "_token_id", fallback);
        if (id < -1 || id >= n) {
            throw new GGUFFormatException("tokenizer.ggml." + what + "_token_id " + id + " outside the vocabulary of " + n);
        }
        return id;
    }

    public int size() {
        return tokens.length;
    }

    public String token(int id) {
        return tokens[id];
    }

    public float score(int id) {
        return scores[id];
    }

    public int type(int id) {
        return types[id];
    }

    public Integer id(String token) {
        return ids.get(token);
    }

    public int bos() {
        return bos;
    }

    public int eos() {
        return eos;
    }

    public int unk() {
        return unk;
    }

    public boolean addBos() {
        return addBos;
    }

    public boolean isControl(int id) {
        return id >= 0 && id < types.length && types[id] == TYPE_CONTROL;
    }

    List<String> specials() {
        return specials;
    }

    /** Splits {@code text} into alternating plain segments and special tokens (returned as {@code Integer}). */
    List<Object> splitSpecial(String text) {
        List<Object> out = new ArrayList<>();
        int start = 0;
        int i = 0;
        outer:
        while (i < text.length()) {
            for (String s : specials) {
                if (text.startsWith(s, i)) {
                    if (i > start) {
                        out.add(text.substring(start, i));
                    }
                    out.add(ids.get(s));
                    i += s.length();
                    start = i;
                    continue outer;
                }
            }
            i++;
        }
        if (start < text.length()) {
            out.add(text.substring(start));
        }
        return out;
    }
}
