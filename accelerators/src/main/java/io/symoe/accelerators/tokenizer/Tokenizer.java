package io.symoe.accelerators.tokenizer;

import io.symoe.accelerators.gguf.GGUF;
import io.symoe.accelerators.gguf.GGUFFormatException;

/**
 * Text ↔ token ids from a GGUF vocabulary ({@code tokenizer.ggml.*}). {@link #encode} never adds BOS; callers
 * decide with {@link Vocabulary#addBos()}.
 */
public sealed interface Tokenizer permits SentencePieceTokenizer, Gpt2Tokenizer {
    Vocabulary vocabulary();

    /**
     * Encodes {@code text}. With {@code parseSpecial}, exact occurrences of control / user-defined token texts
     * (e.g. {@code <|im_start|>} in a rendered chat template) become those tokens, as llama.cpp's parse_special.
     */
    int[] encode(String text, boolean parseSpecial);

    /** The raw bytes a token stands for (empty for control tokens). */
    byte[] bytes(int token);

    default String decode(int[] tokens) {
        StreamingDecoder d = new StreamingDecoder(this);
        StringBuilder sb = new StringBuilder();
        for (int t : tokens) {
            sb.append(d.next(t));
        }
        return sb.append(d.flush()).toString();
    }

    static Tokenizer fromGGUF(GGUF gguf) {
        Vocabulary v = Vocabulary.fromGGUF(gguf);
        String model = gguf.findString("tokenizer.ggml.model").orElse("llama");
        return switch (model) {
            case "llama" -> new SentencePieceTokenizer(v, gguf.getBoolean("tokenizer.ggml.add_space_prefix", true));
            case "gpt2" -> new Gpt2Tokenizer(v, gguf.getStringArray("tokenizer.ggml.merges"),
                    gguf.findString("tokenizer.ggml.pre").orElse("default"));
            default -> throw new GGUFFormatException("unsupported tokenizer.ggml.model '" + model + "' (supported: llama, gpt2)");
        };
    }
}
