package io.symoe.accelerators.gguf;

import io.symoe.accelerators.SharedData;
import io.symoe.accelerators.model.Architecture;
import io.symoe.accelerators.model.Configuration;
import io.symoe.accelerators.model.ModelLoader;
import io.symoe.accelerators.model.SyntheticModel;
import io.symoe.accelerators.tokenizer.Tokenizer;
import io.symoe.accelerators.gguf.GGMLType;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.nio.file.Files;
import java.util.Arrays;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.fail;

/**
 * Random mutations of real files: every outcome must be a successful parse or a {@link GGUFFormatException}
 * (never another exception, a hang or an OOM), through reading, building the configuration, the weights and the
 * tokenizer. Mutations target the header/metadata region, where the counts, lengths and offsets live.
 */
class GGUFFuzzTest {
    static final int ROUNDS = 400;

    static void fuzz(byte[] original, long seed, int rounds) {
        SplittableRandom r = new SplittableRandom(seed);
        int headerEnd = Math.min(original.length, headerSize(original));
        for (int i = 0; i < rounds; i++) {
            byte[] m = original.clone();
            int kind = r.nextInt(4);
            switch (kind) {
                case 0 -> { // flip a few random bytes in the header
                    for (int k = 0, n = 1 + r.nextInt(4); k < n; k++) m[r.nextInt(headerEnd)] = (byte) r.nextInt(256);
                }
                case 1 -> { // write a large or negative 64-bit value at a random header offset
                    int at = r.nextInt(Math.max(1, headerEnd - 8));
                    long v = r.nextBoolean() ? -1L - r.nextInt(1000) : (1L << (20 + r.nextInt(43)));
                    for (int b = 0; b < 8; b++) m[at + b] = (byte) (v >>> (8 * b));
                }
                case 2 -> m = Arrays.copyOf(m, r.nextInt(original.length)); // truncate
                default -> { // flip bytes anywhere
                    for (int k = 0; k < 8; k++) m[r.nextInt(m.length)] ^= (byte) (1 << r.nextInt(8));
                }
            }
            try {
                GGUF g = GGUF.parse(MemorySegment.ofArray(m));
                Configuration c = ModelLoader.configuration(g);
                ModelLoader.load(g, c);
                Tokenizer.fromGGUF(g);
            } catch (GGUFFormatException expected) {
                // a clear, named error: fine
            } catch (Throwable t) {
                fail("mutation " + i + " (kind " + kind + ", seed " + seed + ") raised " + t, t);
            }
        }
    }

    /** Offset of the data section of a well-formed file. */
    private static int headerSize(byte[] file) {
        GGUF g = GGUF.parse(MemorySegment.ofArray(file));
        return (int) g.dataOffset();
    }

    @Test
    void mutatedSyntheticModelsFailCleanly() {
        fuzz(SyntheticModel.bytes(SyntheticModel.Spec.small(Architecture.QWEN2MOE, 4, GGMLType.Q8_0)), 1, ROUNDS);
    }

    @Test
    void mutatedReferenceModelsFailCleanly() throws IOException {
        var dir = SharedData.llamacppDir();
        fuzz(Files.readAllBytes(dir.resolve("llama-moe-q4_0.gguf")), 2, ROUNDS / 2);
        fuzz(Files.readAllBytes(dir.resolve("llama-q4_0.gguf")), 3, ROUNDS / 2);
    }
}
