package io.symoe.accelerators.tokenizer;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.PriorityQueue;

/**
 * SentencePiece-style BPE as llama.cpp's llm_tokenizer_spm: spaces become ▁ (with a leading ▁ when
 * add_space_prefix), the text starts as UTF-8 characters, and adjacent pairs whose concatenation is a vocabulary
 * token merge best-score first (leftmost on ties). Pieces not in the vocabulary fall back to {@code <0xXX>}
 * byte tokens, or to unk when those are missing.
 */
public final class SentencePieceTokenizer implements Tokenizer {
    private static final String SPACE = "\u2581";

    private final Vocabulary vocab;
    private final boolean addSpacePrefix;
    private final int[] byteTokens = new int[256];

    public SentencePieceTokenizer(Vocabulary vocab, boolean addSpacePrefix) {
        this.vocab = vocab;
        this.addSpacePrefix = addSpacePrefix;
        for (int b = 0; b < 256; b++) {
            Integer id = vocab.id(String.format("<0x%02X>", b));
            byteTokens[b] = id == null ? -1 : id;
        }
    }

    @Override
    public Vocabulary vocabulary() {
        return vocab;
    }

    @Override
    public int[] encode(String text, boolean parseSpecial) {
        List<Integer> out = new ArrayList<>();
        // llama.cpp (llm_tokenizer_spm, is_prev_special) prefixes a space to the first text fragment and to every
        // text fragment that follows a special token
        boolean prevSpecial = true;
        for (Object part : parseSpecial ? vocab.splitSpecial(text) : List.<Object>of(text)) {
            if (part instanceof Integer id) {
                out.add(id);
                prevSpecial = true;
            } else {
                encodeFragment((String) part, prevSpecial && addSpacePrefix, out);
                prevSpecial = false;
            }
        }
        return out.stream().mapToInt(Integer::intValue).toArray();
    }

    private record Bigram(int left, int right, float score, int size) {
    }

    private void encodeFragment(String text, boolean prefix, List<Integer> out) {
        String s = (prefix ? " " : "") + text;
        s = s.replace(" ", SPACE);
        if (s.isEmpty()) {
            return;
        }
        // symbols as a linked list over code points
        List<String> sym = new ArrayList<>();
        s.codePoints().forEach(cp -> sym.add(new String(Character.toChars(cp))));
        int n = sym.size();
        String[] text0 = sym.toArray(new String[0]);
        int[] prev = new int[n];
        int[] next = new int[n];
        for (int i = 0; i < n; i++) {
            prev[i] = i - 1;
            next[i] = i + 1 < n ? i + 1 : -1;
        }
        PriorityQueue<Bigram> queue = new PriorityQueue<>((a, b) -> a.score != b.score
                ? Float.compare(b.score, a.score) : Integer.compare(a.left, b.left));
        for (int i = 0; i + 1 < n; i++) {
            tryAdd(queue, text0, i, i + 1);
        }
        while (!queue.isEmpty()) {
            Bigram bg = queue.poll();
            String l = text0[bg.left], r = text0[bg.right];
            if (l == null || r == null || l.length() + r.length() != bg.size || next[bg.left] != bg.right) {
                continue; // stale entry: one side was merged already
            }
            text0[bg.left] = l + r;
            text0[bg.right] = null;
            next[bg.left] = next[bg.right];
            if (next[bg.right] >= 0) {
                prev[next[bg.right]] = bg.left;
            }
            if (prev[bg.left] >= 0) {
                tryAdd(queue, text0, prev[bg.left], bg.left);
            }
            if (next[bg.left] >= 0) {
                tryAdd(queue, text0, bg.left, next[bg.left]);
            }
        }
        for (int i = 0; i >= 0 && i < n; i = next[i]) {
            Integer id = vocab.id(text0[i]);
            if (id != null) {
                out.add(id);
                continue;
            }
            for (byte b : text0[i].getBytes(StandardCharsets.UTF_8)) {
                int bt = byteTokens[b & 0xFF];
                out.add(bt >= 0 ? bt : vocab.unk());
            }
        }
    }

    private void tryAdd(PriorityQueue<Bigram> queue, String[] sym, int left, int right) {
        String merged = sym[left] + sym[right];
        Integer id = vocab.id(merged);
        if (id != null) {
            queue.add(new Bigram(left, right, vocab.score(id), merged.length()));
        }
    }

    @Override
    public byte[] bytes(int token) {
        if (token < 0 || token >= vocab.size()) {
            throw new IllegalArgumentException("token " + token + " outside vocabulary of " + vocab.size());
        }
        int type = vocab.type(token);
        String piece = vocab.token(token);
        if (type == Vocabulary.TYPE_BYTE && piece.length() == 6 && piece.startsWith("<0x")) {
            return new byte[]{(byte) Integer.parseInt(piece.substring(3, 5), 16)};
        }
        if (type == Vocabulary.TYPE_CONTROL || token == vocab.unk() && type == 2) {
            return new byte[0];
        }
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        b.writeBytes(piece.replace(SPACE, " ").getBytes(StandardCharsets.UTF_8));
        return b.toByteArray();
    }
}
