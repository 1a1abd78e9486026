package io.symoe.modelpool.backend.llamaserver;

import io.symoe.testsupport.SharedData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The estimate against the buffer sizes llama.cpp c392e50 logged for the reference models ("CPU KV buffer size",
 * "CPU compute buffer size"), noted here from runs of its llama-server; {@code LlamaServerBackendTest} checks the
 * same against a live server when the binary is built.
 */
class GgufFootprintTest {
    private static final double MIB = 1024 * 1024;

    @Test
    void kvCacheAndComputeBuffersMatchWhatLlamaCppAllocates() throws Exception {
        Path dir = SharedData.require("llamacpp");
        // model, ctx, llama.cpp's KV MiB, llama.cpp's compute MiB
        Object[][] logged = {
                {"llama-q8_0.gguf", 512, 1.0, 11.01}, {"llama-q8_0.gguf", 2048, 4.0, 38.01},
                {"llama-moe-q8_0.gguf", 512, 0.5, 6.01}, {"llama-moe-q8_0.gguf", 2048, 2.0, 21.01},
                {"qwen2moe-q8_0.gguf", 512, 0.5, 6.01}, {"qwen2moe-q8_0.gguf", 2048, 2.0, 21.01}};
        for (Object[] row : logged) {
            GgufFootprint f = GgufFootprint.of(dir.resolve((String) row[0]), (int) row[1], 1);
            String what = row[0] + " at ctx " + row[1];
            assertEquals((double) row[2], f.kvCacheBytes() / MIB, 1e-9, what + ": KV cache");
            assertEquals((double) row[3], f.computeBytes() / MIB, (double) row[3] * 0.01, what + ": compute buffers");
            assertEquals(Files.size(dir.resolve((String) row[0])), f.fileBytes(), what + ": weights");
        }
    }

    @Test
    void aFileThatIsNotGgufIsWeighedByItsSizeSoTheServerCanSayWhatIsWrong(@TempDir Path tmp) throws Exception {
        Path junk = tmp.resolve("junk.gguf");
        Files.write(junk, new byte[4096]);
        GgufFootprint f = GgufFootprint.of(junk, 512, 1);
        assertEquals(4096, f.fileBytes());
        assertEquals(0, f.kvCacheBytes() + f.computeBytes());
    }
}
