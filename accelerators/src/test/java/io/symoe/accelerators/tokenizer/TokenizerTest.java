package io.symoe.accelerators.tokenizer;

import io.symoe.accelerators.SharedData;
import io.symoe.accelerators.gguf.GGUF;
import io.symoe.core.generation.ChatMessage;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TokenizerTest {
    private static Vocabulary vocab(String[] tokens, float[] scores, int[] types) {
        return new Vocabulary(tokens, scores, types, 1, 2, 0, true);
    }

    private static SentencePieceTokenizer tinySpm() {
        String[] t = new String[3 + 256 + 6];
        float[] s = new float[t.length];
        int[] ty = new int[t.length];
        t[0] = "<unk>"; t[1] = "<s>"; t[2] = "</s>";
        ty[0] = 2; ty[1] = 3; ty[2] = 3;
        for (int b = 0; b < 256; b++) {
            t[3 + b] = String.format("<0x%02X>", b);
            ty[3 + b] = 6;
        }
        String[] pieces = {"▁", "h", "i", "▁h", "▁hi", "hi"};
        float[] sc = {-1, -2, -2, -3, -1, -5};
        for (int i = 0; i < pieces.length; i++) {
            t[259 + i] = pieces[i];
            s[259 + i] = sc[i];
            ty[259 + i] = 1;
        }
        return new SentencePieceTokenizer(vocab(t, s, ty), true);
    }

    @Test
    void sentencePieceMergesByScoreAndFallsBackToBytes() {
        SentencePieceTokenizer tok = tinySpm();
        // "▁hi": merges ▁+h (score -3) or h+i (score -5); best-first picks ▁h, then ▁h+i = ▁hi
        assertArrayEquals(new int[]{263}, tok.encode("hi", false));
        // é is not in the vocabulary: two UTF-8 byte tokens 0xC3 0xA9
        int[] e = tok.encode("hié", false);
        assertArrayEquals(new int[]{263, 3 + 0xC3, 3 + 0xA9}, e);
        assertEquals(" hié", tok.decode(e));
        assertEquals("", new String(tok.bytes(1)));
    }

    @Test
    void streamingDecoderHoldsBackSplitUtf8() {
        SentencePieceTokenizer tok = tinySpm();
        StreamingDecoder d = new StreamingDecoder(tok);
        assertEquals("", d.next(3 + 0xC3));
        assertEquals("é", d.next(3 + 0xA9));
        assertEquals("", d.flush());
    }

    @Test
    void sentencePieceOnReferenceVocabularyRoundTrips() throws IOException {
        try (GGUF g = GGUF.open(SharedData.model("llama-q8_0"))) {
            Tokenizer tok = Tokenizer.fromGGUF(g);
            assertEquals(320, tok.vocabulary().size());
            assertEquals(1, tok.vocabulary().bos());
            for (String s : List.of("hello world", "The quick brown fox", "naïve 😀 ünïcode", "  two  spaces")) {
                int[] ids = tok.encode(s, false);
                // pieces missing from this small vocabulary (e.g. "▁T") fall back to bytes, and a byte-fallback ▁
                // decodes to the ▁ character itself, as in llama.cpp
                assertEquals(" " + s, tok.decode(ids).replace('\u2581', ' '), "round trip of '" + s + "'");
            }
            int[] words = tok.encode("hello", false);
            assertTrue(words.length < "hello".length() + 1, "merges happen: " + java.util.Arrays.toString(words));
        }
    }

    @Test
    void gpt2ByteLevelBpeWithMerges() {
        // byte-level symbols: 'Ġ' stands for the space byte 0x20
        String[] t = {"<|endoftext|>", "h", "e", "l", "o", "Ġ", "w", "r", "d", "he", "ll", "hell", "hello", "Ġw", "or", "Ġwor", "Ġworld", "ld", "<|im_start|>"};
        int[] types = new int[t.length];
        types[0] = 3;
        types[t.length - 1] = 3;
        String[] merges = {"h e", "l l", "he ll", "hell o", "Ġ w", "o r", "Ġw or", "l d", "Ġwor ld"};
        Gpt2Tokenizer tok = new Gpt2Tokenizer(new Vocabulary(t, null, types, -1, 0, 0, false), merges, "gpt2");
        int[] ids = tok.encode("hello world", false);
        assertArrayEquals(new int[]{12, 16}, ids);
        assertEquals("hello world", tok.decode(ids));
        assertArrayEquals(new int[]{18, 12}, tok.encode("<|im_start|>hello", true));
        assertEquals("hello", tok.decode(tok.encode("<|im_start|>hello", true)), "control tokens decode to nothing");
    }

    @Test
    void preTokenizersSplitDigitsAsTheirModelsDo() {
        java.util.function.BiFunction<String, String, List<String>> split = (pattern, text) -> {
            java.util.regex.Matcher m = java.util.regex.Pattern.compile(pattern, java.util.regex.Pattern.UNICODE_CHARACTER_CLASS).matcher(text);
            List<String> out = new java.util.ArrayList<>();
            while (m.find()) out.add(m.group());
            return out;
        };
        assertEquals(List.of("Hello", " world", "'s", " 12345"), split.apply(Gpt2Tokenizer.GPT2_PATTERN, "Hello world's 12345"));
        assertEquals(List.of("abc", " ", "123", "45"), split.apply(Gpt2Tokenizer.LLAMA3_PATTERN, "abc 12345"));
        assertEquals(List.of("abc", " ", "1", "2", "3"), split.apply(Gpt2Tokenizer.QWEN2_PATTERN, "abc 123"));
    }

    @Test
    void gpt2TokenizerLoadsFromGgufMetadata() {
        io.symoe.accelerators.gguf.GGUFWriter w = new io.symoe.accelerators.gguf.GGUFWriter();
        w.putString("tokenizer.ggml.model", "gpt2");
        w.putString("tokenizer.ggml.pre", "qwen2");
        w.putStringArray("tokenizer.ggml.tokens", new String[]{"<|endoftext|>", "a", "b", "ab", "Ġ", "Ġab", "1", "<|im_end|>"});
        w.putIntArray("tokenizer.ggml.token_type", io.symoe.accelerators.gguf.GGUFValueType.INT32, new long[]{3, 1, 1, 1, 1, 1, 1, 3});
        w.putStringArray("tokenizer.ggml.merges", new String[]{"a b", "Ġ ab"});
        w.putUInt32("tokenizer.ggml.eos_token_id", 0);
        w.putUInt32("tokenizer.ggml.bos_token_id", 0);
        w.putBool("tokenizer.ggml.add_bos_token", false);
        GGUF g = GGUF.parse(java.lang.foreign.MemorySegment.ofArray(w.toBytes()));
        Tokenizer tok = Tokenizer.fromGGUF(g);
        assertTrue(tok instanceof Gpt2Tokenizer);
        assertTrue(!tok.vocabulary().addBos());
        assertArrayEquals(new int[]{3, 5, 6, 6, 7}, tok.encode("ab ab11<|im_end|>", true));
        assertEquals("ab ab11", tok.decode(tok.encode("ab ab11<|im_end|>", true)));
    }

    @Test
    void chatTemplatesAreDetectedAndRendered() {
        List<ChatMessage> chat = List.of(ChatMessage.system("Be brief."), ChatMessage.user("Hi"));
        assertEquals(ChatTemplate.CHATML, ChatTemplate.detect("{% for m in messages %}<|im_start|>{{ m.role }}"));
        assertEquals("<|im_start|>system\nBe brief.<|im_end|>\n<|im_start|>user\nHi<|im_end|>\n<|im_start|>assistant\n",
                ChatTemplate.CHATML.render(chat));
        assertEquals("[INST] <<SYS>>\nBe brief.\n<</SYS>>\n\nHi [/INST]", ChatTemplate.LLAMA2.render(chat));
        assertTrue(ChatTemplate.LLAMA3.render(chat).endsWith("<|start_header_id|>assistant<|end_header_id|>\n\n"));
        assertEquals(ChatTemplate.RAW, ChatTemplate.detect(null));
        assertEquals("Hi", ChatTemplate.RAW.render(List.of(ChatMessage.user("Hi"))));
    }
}
