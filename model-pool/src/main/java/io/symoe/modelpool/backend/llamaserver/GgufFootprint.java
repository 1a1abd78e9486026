package io.symoe.modelpool.backend.llamaserver;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * What a llama-server process on one GGUF file takes in memory, estimated from the file's header before it starts:
 * the weights (the file, mapped), the F16 KV cache for the context, and the CPU compute and output buffers that
 * llama.cpp reserves for one micro-batch.
 *
 * @param fileBytes     the GGUF file
 * @param kvCacheBytes  K and V, F16, every layer, {@code ctx} cells of {@code n_head_kv · head_dim}
 * @param computeBytes  graph scratch for one micro-batch plus the logits output buffer
 * @param processBytes  the server binary and its runtime, measured once on llama.cpp c392e50
 */
public record GgufFootprint(long fileBytes, long kvCacheBytes, long computeBytes, long processBytes) {
    /** Resident size of an idle llama-server c392e50 with no model weights touched (its code, heap, threads). */
    static final long PROCESS_BYTES = 24L << 20;
    /** llama.cpp's default {@code --ubatch-size}: the compute graph is reserved for this many tokens. */
    private static final int UBATCH = 512;

    public long totalBytes() {
        return fileBytes + kvCacheBytes + computeBytes + processBytes;
    }

    /**
     * @param ctx      the server's {@code --ctx-size}
     * @param parallel the server's {@code --parallel}
     * @throws IOException when the file cannot be read; a file whose header is not GGUF still gets an estimate
     *                     (its size), because the server, not this estimate, should say what is wrong with it
     */
    public static GgufFootprint of(Path gguf, int ctx, int parallel) throws IOException {
        long size = Files.size(gguf);
        Map<String, Object> kv;
        try (InputStream in = new BufferedInputStream(Files.newInputStream(gguf), 1 << 16)) {
            kv = header(new DataInputStream(in));
        } catch (EOFException | IllegalArgumentException e) {
            return new GgufFootprint(size, 0, 0, PROCESS_BYTES);
        }
        String arch = String.valueOf(kv.getOrDefault("general.architecture", "llama"));
        long layers = num(kv, arch + ".block_count");
        long embd = num(kv, arch + ".embedding_length");
        long heads = Math.max(1, num(kv, arch + ".attention.head_count"));
        long headsKv = kv.containsKey(arch + ".attention.head_count_kv") ? num(kv, arch + ".attention.head_count_kv") : heads;
        long ff = Math.max(num(kv, arch + ".feed_forward_length"), num(kv, arch + ".expert_feed_forward_length")
                * Math.max(1, num(kv, arch + ".expert_used_count")));
        long vocab = kv.get("tokenizer.ggml.tokens") instanceof Long n ? n : 32000;
        long headDim = embd / heads;
        long kvCache = 2L * layers * ctx * headsKv * headDim * 2;
        long ub = Math.min(ctx, UBATCH);
        // Fitted to what llama.cpp c392e50 reserves on the CPU (its "compute buffer size" log line) for dense and
        // MoE llama/qwen2moe at ctx 512 and 2048, within 1 %: the graph allocator reuses scratch across layers,
        // so the widest op wins — the attention scores (heads + the mask, per cell of the context) or, for short
        // contexts and wide FFNs, the gate/up/activation rows — plus four residual-width rows per token. The
        // output buffer holds one row of F32 logits per sequence.
        long widest = Math.max((heads + 1) * ctx, 3 * ff);
        long compute = 4L * ub * (widest + 4 * embd) + 4L * vocab * parallel;
        return new GgufFootprint(size, kvCache, compute, PROCESS_BYTES);
    }

    private static long num(Map<String, Object> kv, String key) {
        return kv.get(key) instanceof Number n ? n.longValue() : 0;
    }

    /** The header's key/values; arrays are kept as their length, which is all the estimate needs. */
    private static Map<String, Object> header(DataInputStream in) throws IOException {
        byte[] magic = in.readNBytes(4);
        if (!"GGUF".equals(new String(magic, StandardCharsets.US_ASCII))) {
            throw new IllegalArgumentException("not a GGUF file");
        }
        int version = Integer.reverseBytes(in.readInt());
        if (version < 2) {
            throw new IllegalArgumentException("GGUF version " + version);
        }
        u64(in); // tensor count
        long n = u64(in);
        Map<String, Object> kv = new HashMap<>();
        for (long i = 0; i < n; i++) {
            String key = string(in);
            kv.put(key, value(in, Integer.reverseBytes(in.readInt())));
        }
        return kv;
    }

    private static Object value(DataInputStream in, int type) throws IOException {
        return switch (type) {
            case 0, 1 -> (long) in.readByte();
            case 2, 3 -> (long) Short.reverseBytes(in.readShort());
            case 4, 5 -> (long) Integer.reverseBytes(in.readInt());
            case 6 -> (double) Float.intBitsToFloat(Integer.reverseBytes(in.readInt()));
            case 7 -> in.readByte() != 0;
            case 8 -> string(in);
            case 9 -> {
                int itemType = Integer.reverseBytes(in.readInt());
                long count = u64(in);
                for (long j = 0; j < count; j++) {
                    value(in, itemType);
                }
                yield count;
            }
            case 10, 11 -> u64(in);
            case 12 -> Double.longBitsToDouble(u64(in));
            default -> throw new IllegalArgumentException("GGUF value type " + type);
        };
    }

    private static long u64(DataInputStream in) throws IOException {
        return Long.reverseBytes(in.readLong());
    }

    private static String string(DataInputStream in) throws IOException {
        long len = u64(in);
        if (len < 0 || len > 1 << 20) {
            throw new IllegalArgumentException("GGUF string of " + len + " bytes");
        }
        return new String(in.readNBytes((int) len), StandardCharsets.UTF_8);
    }
}
