package io.symoe.accelerators.tokenizer;

import io.symoe.accelerators.gguf.GGUFFormatException;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * GPT-2 byte-level BPE ({@code tokenizer.ggml.model = gpt2}): pre-tokenise with the regex the
 * {@code tokenizer.ggml.pre} names, map each byte to its printable stand-in (GPT-2's bytes_to_unicode), then
 * apply {@code tokenizer.ggml.merges} lowest rank first.
 */
public final class Gpt2Tokenizer implements Tokenizer {
    /** GPT-2's original pre-tokeniser. */
    static final String GPT2_PATTERN =
            "'s|'t|'re|'ve|'m|'ll|'d| ?\\p{L}+| ?\\p{N}+| ?[^\\s\\p{L}\\p{N}]+|\\s+(?!\\S)|\\s+";
    /** llama-3 / qwen2 style ("llama-bpe", "qwen2"): case-insensitive contractions, digits in groups of up to 3. */
    static final String LLAMA3_PATTERN =
            "(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\\r\\n\\p{L}\\p{N}]?\\p{L}+|\\p{N}{1,3}| ?[^\\s\\p{L}\\p{N}]+[\\r\\n]*|\\s*[\\r\\n]+|\\s+(?!\\S)|\\s+";

    /** Qwen2: as llama-3 but digits one by one (llama.cpp LLAMA_VOCAB_PRE_TYPE_QWEN2). */
    static final String QWEN2_PATTERN =
            "(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\\r\\n\\p{L}\\p{N}]?\\p{L}+|\\p{N}| ?[^\\s\\p{L}\\p{N}]+[\\r\\n]*|\\s*[\\r\\n]+|\\s+(?!\\S)|\\s+";

    private final Vocabulary vocab;
    private final Map<String, Integer> ranks = new HashMap<>();
    private final Pattern pretokenizer;
    private final char[] byteToChar = new char[256];
    private final Map<Character, Integer> charToByte = new HashMap<>();

    public Gpt2Tokenizer(Vocabulary vocab, String[] merges, String pre) {
        this.vocab = vocab;
        for (int i = 0; i < merges.length; i++) {
            if (merges[i].indexOf(' ') <= 0) {
                throw new GGUFFormatException("tokenizer merge " + i + " '" + merges[i] + "' is not 'left right'");
            }
            ranks.putIfAbsent(merges[i], i);
        }
        this.pretokenizer = Pattern.compile(switch (pre) {
            case "llama-bpe", "llama3", "smaug-bpe", "dbrx" -> LLAMA3_PATTERN;
            case "qwen2" -> QWEN2_PATTERN;
            default -> GPT2_PATTERN;
        }, Pattern.UNICODE_CHARACTER_CLASS);
        // bytes_to_unicode: printable Latin-1 bytes map to themselves, the rest to U+0100 onwards
        int extra = 0;
        for (int b = 0; b < 256; b++) {
            boolean printable = (b >= '!' && b <= '~') || (b >= 0xA1 && b <= 0xAC) || (b >= 0xAE && b <= 0xFF);
            char c = printable ? (char) b : (char) (256 + extra++);
            byteToChar[b] = c;
            charToByte.put(c, b);
        }
    }

    @Override
    public Vocabulary vocabulary() {
        return vocab;
    }

    @Override
    public int[] encode(String text, boolean parseSpecial) {
        List<Integer> out = new ArrayList<>();
        for (Object part : parseSpecial ? vocab.splitSpecial(text) : List.<Object>of(text)) {
            if (part instanceof Integer id) {
                out.add(id);
                continue;
            }
            Matcher m = pretokenizer.matcher((String) part);
            while (m.find()) {
                bpe(m.group(), out);
            }
        }
        return out.stream().mapToInt(Integer::intValue).toArray();
    }

    private void bpe(String word, List<Integer> out) {
        List<String> parts = new ArrayList<>();
        for (byte b : word.getBytes(StandardCharsets.UTF_8)) {
            parts.add(String.valueOf(byteToChar[b & 0xFF]));
        }
        while (parts.size() > 1) {
            int best = -1, bestRank = Integer.MAX_VALUE;
            for (int i = 0; i + 1 < parts.size(); i++) {
                Integer r = ranks.get(parts.get(i) + " " + parts.get(i + 1));
                if (r != null && r < bestRank) {
                    bestRank = r;
                    best = i;
                }
            }
            if (best < 0) {
                break;
            }
            parts.set(best, parts.get(best) + parts.get(best + 1));
            parts.remove(best + 1);
        }
        for (String p : parts) {
            Integer id = vocab.id(p);
            if (id != null) {
                out.add(id);
            } else { // a symbol the vocabulary lacks: emit its characters one by one (each byte stand-in, or unk)
                for (char c : p.toCharArray()) {
                    Integer cid = vocab.id(String.valueOf(c));
                    out.add(cid != null ? cid : vocab.unk());
                }
            }
        }
    }

    @Override
    public byte[] bytes(int token) {
        if (token < 0 || token >= vocab.size()) {
            throw new IllegalArgumentException("token " + token + " outside vocabulary of " + vocab.size());
        }
        if (vocab.isControl(token)) {
            return new byte[0];
        }
        String piece = vocab.token(token);
        if (vocab.type(token) == Vocabulary.TYPE_USER_DEFINED) {
            return piece.getBytes(StandardCharsets.UTF_8);
        }
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        for (char c : piece.toCharArray()) {
            Integer v = charToByte.get(c);
            if (v != null) {
                b.write(v);
            } else {
                b.writeBytes(String.valueOf(c).getBytes(StandardCharsets.UTF_8));
            }
        }
        return b.toByteArray();
    }
}
