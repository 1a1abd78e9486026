package io.symoe.accelerators.tokenizer;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Turns a stream of tokens into text as it arrives. Byte-fallback and byte-level tokens can split a UTF-8
 * character across tokens, so incomplete trailing bytes are held back until the next token completes them.
 */
public final class StreamingDecoder {
    private final Tokenizer tokenizer;
    private final ByteArrayOutputStream pending = new ByteArrayOutputStream();
    private final CharsetDecoder utf8 = StandardCharsets.UTF_8.newDecoder()
            .onMalformedInput(CodingErrorAction.REPLACE).onUnmappableCharacter(CodingErrorAction.REPLACE);

    public StreamingDecoder(Tokenizer tokenizer) {
        this.tokenizer = tokenizer;
    }

    /** The text completed by {@code token} (possibly empty). */
    public String next(int token) {
        pending.writeBytes(tokenizer.bytes(token));
        return drain(false);
    }

    /** Whatever is left, with incomplete sequences replaced. */
    public String flush() {
        return drain(true);
    }

    private String drain(boolean end) {
        ByteBuffer in = ByteBuffer.wrap(pending.toByteArray());
        CharBuffer out = CharBuffer.allocate(in.remaining() + 2);
        utf8.reset();
        utf8.decode(in, out, end); // malformed input is replaced (U+FFFD); an incomplete tail stays in `in`
        if (end) {
            utf8.flush(out);
        }
        byte[] rest = new byte[in.remaining()];
        in.get(rest);
        pending.reset();
        pending.writeBytes(rest);
        out.flip();
        return out.toString();
    }
}
