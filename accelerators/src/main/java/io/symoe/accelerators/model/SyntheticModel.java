package io.symoe.accelerators.model;

import io.symoe.accelerators.gguf.GGMLType;
import io.symoe.accelerators.gguf.GGUFValueType;
import io.symoe.accelerators.gguf.GGUFWriter;
import io.symoe.accelerators.tensor.Quantizer;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Writes deterministic random-weight GGUF models in the layouts llama.cpp uses (test fixtures, the synthetic MoE
 * of the speed measurements). The vocabulary is SentencePiece-style like the shared reference models: unk, BOS,
 * EOS, 256 byte tokens, then ▁-prefixed and bare letters and filler pieces.
 *
 * <p>Command line: {@code SyntheticModel OUT.gguf ARCH DIM LAYERS HEADS KV_HEADS FFN EXPERTS USED TYPE [SHARED_FFN]}.
 */
public final class SyntheticModel {
    /** What to write; {@code experts == 0} for a dense model; {@code sharedFfn > 0} adds a qwen2moe shared expert. */
    public record Spec(Architecture architecture, int dim, int layers, int heads, int kvHeads, int ffn, int experts,
                       int expertsUsed, int sharedFfn, int vocab, int context, GGMLType type, long seed,
                       String chatTemplate) {
        public static Spec small(Architecture arch, int experts, GGMLType type) {
            // llama.cpp's olmoe sizes attn_k_norm by n_embd, so OLMoE files have as many KV heads as heads
            return new Spec(arch, 64, 2, 4, arch == Architecture.OLMOE ? 4 : 2, 96, experts, experts == 0 ? 0 : 2,
                    arch == Architecture.QWEN2MOE ? 64 : 0, 300, 256, type, 7, null);
        }

        public Spec withSeed(long newSeed) {
            return new Spec(architecture, dim, layers, heads, kvHeads, ffn, experts, expertsUsed, sharedFfn, vocab,
                    context, type, newSeed, chatTemplate);
        }

        public Spec withType(GGMLType t) {
            return new Spec(architecture, dim, layers, heads, kvHeads, ffn, experts, expertsUsed, sharedFfn, vocab,
                    context, t, seed, chatTemplate);
        }

        /**
         * Weight bytes one decoded token reads, from the shapes alone: q/k/v/o of every layer, the router
         * (F32), the {@code expertsUsed} experts' gate/up/down (or the dense FFN), a shared expert and its gate,
         * one row of the token embedding and the whole output matrix. Norm vectors and biases are left out
         * (the engine's {@code activeBytesPerToken} counts the same).
         */
        public long activeBytesPerToken() {
            int headSize = dim / heads;
            long q = (long) heads * headSize, kv = (long) kvHeads * headSize;
            long attention = type.bytesFor(dim * q) + 2 * type.bytesFor(dim * kv) + type.bytesFor(q * dim);
            long ffnBlock = experts == 0
                    ? 3 * type.bytesFor((long) dim * ffn)
                    : GGMLType.F32.bytesFor((long) dim * experts) + expertsUsed * 3 * type.bytesFor((long) dim * ffn);
            if (sharedFfn > 0) {
                ffnBlock += 3 * type.bytesFor((long) dim * sharedFfn) + GGMLType.F32.bytesFor(dim);
            }
            return layers * (attention + ffnBlock) + type.bytesFor(dim) + type.bytesFor((long) dim * vocab);
        }

        /** Bytes of all weights (what the file holds, less its header and padding). */
        public long totalWeightBytes() {
            int headSize = dim / heads;
            long q = (long) heads * headSize, kv = (long) kvHeads * headSize;
            long perLayer = type.bytesFor(dim * q) + 2 * type.bytesFor(dim * kv) + type.bytesFor(q * dim)
                    + 2 * GGMLType.F32.bytesFor(dim);
            perLayer += experts == 0 ? 3 * type.bytesFor((long) dim * ffn)
                    : GGMLType.F32.bytesFor((long) dim * experts) + 3 * type.bytesFor((long) dim * ffn * experts);
            if (sharedFfn > 0) {
                perLayer += 3 * type.bytesFor((long) dim * sharedFfn) + GGMLType.F32.bytesFor(dim);
            }
            if (architecture == Architecture.QWEN2MOE) {
                perLayer += GGMLType.F32.bytesFor(q + 2 * kv);
            }
            if (architecture.qkNorm()) {
                perLayer += GGMLType.F32.bytesFor(q + kv);
            }
            return layers * perLayer + 2 * type.bytesFor((long) dim * vocab) + GGMLType.F32.bytesFor(dim);
        }

        public Spec withChatTemplate(String t) {
            return new Spec(architecture, dim, layers, heads, kvHeads, ffn, experts, expertsUsed, sharedFfn, vocab,
                    context, type, seed, t);
        }
    }

    /**
     * The named models of {@code symoe synth-model --preset}: Mixtral-layout ({@code llama} with
     * {@code ffn_*_exps}) sparse MoEs with 8 experts, top-2, and one dense llama, all with a 32 000-token
     * vocabulary except the CI-sized {@code moe-tiny}. Sizes at Q8_0: moe-tiny ≈ 9.5 MB, moe-200m ≈ 227 MB,
     * dense-200m ≈ 212 MB, moe-1g ≈ 1.06 GB (0.99 GiB).
     */
    public enum Preset {
        MOE_TINY("moe-tiny", new Spec(Architecture.LLAMA, 256, 2, 4, 2, 512, 8, 2, 0, 4096, 2048, GGMLType.Q8_0, 1, null)),
        MOE_200M("moe-200m", new Spec(Architecture.LLAMA, 768, 8, 12, 4, 1024, 8, 2, 0, 32000, 4096, GGMLType.Q8_0, 1, null)),
        DENSE_200M("dense-200m", new Spec(Architecture.LLAMA, 1024, 12, 16, 4, 2816, 0, 0, 0, 32000, 4096, GGMLType.Q8_0, 1, null)),
        MOE_1G("moe-1g", new Spec(Architecture.LLAMA, 1024, 12, 16, 4, 3072, 8, 2, 0, 32000, 4096, GGMLType.Q8_0, 1, null));

        private final String cliName;
        private final Spec spec;

        Preset(String cliName, Spec spec) {
            this.cliName = cliName;
            this.spec = spec;
        }

        public String cliName() {
            return cliName;
        }

        public Spec spec(GGMLType type, long seed) {
            return spec.withType(type).withSeed(seed);
        }

        public static Preset byName(String name) {
            for (Preset p : values()) {
                if (p.cliName.equals(name)) {
                    return p;
                }
            }
            throw new IllegalArgumentException("unknown preset '" + name + "'; known: "
                    + java.util.Arrays.stream(values()).map(Preset::cliName).toList());
        }
    }

    private final Spec s;
    private final SplittableRandom random;
    private final GGUFWriter w = new GGUFWriter();

    private SyntheticModel(Spec s) {
        this.s = s;
        this.random = new SplittableRandom(s.seed());
    }

    public static void write(Spec spec, Path file) throws IOException {
        new SyntheticModel(spec).build().write(file);
    }

    public static byte[] bytes(Spec spec) {
        return new SyntheticModel(spec).build().toBytes();
    }

    /** The vocabulary the synthetic models carry. */
    public static String[] vocabulary(int size) {
        List<String> v = new ArrayList<>(List.of("<unk>", "<s>", "</s>"));
        for (int b = 0; b < 256; b++) {
            v.add(String.format("<0x%02X>", b));
        }
        String[] words = {"\u2581", "\u2581the", "\u2581a", "\u2581hello", "\u2581world", "he", "ll", "llo", "wor", "ld"};
        for (String word : words) {
            v.add(word);
        }
        // every piece once (llama.cpp refuses a vocabulary with duplicates): a letter piece already among the
        // words keeps its position with a placeholder, so the ids of all other pieces stay as they were
        java.util.Set<String> seen = new java.util.HashSet<>(v);
        for (char c = 'a'; c <= 'z' && v.size() < size; c++) {
            for (String piece : new String[]{"\u2581" + c, String.valueOf(c)}) {
                v.add(seen.add(piece) ? piece : "<dup_" + v.size() + ">");
            }
        }
        for (int i = 0; v.size() < size; i++) {
            v.add("<extra_" + i + ">");
        }
        return v.subList(0, size).toArray(new String[0]);
    }

    private GGUFWriter build() {
        Architecture a = s.architecture();
        String p = a.ggufName() + ".";
        int headSize = s.dim() / s.heads();
        w.putString("general.architecture", a.ggufName());
        w.putString("general.name", "symoe-synthetic-" + a.ggufName());
        w.putUInt32(p + "context_length", s.context());
        w.putUInt32(p + "embedding_length", s.dim());
        w.putUInt32(p + "block_count", s.layers());
        w.putUInt32(p + "feed_forward_length", s.ffn());
        w.putUInt32(p + "attention.head_count", s.heads());
        w.putUInt32(p + "attention.head_count_kv", s.kvHeads());
        w.putUInt32(p + "rope.dimension_count", headSize);
        w.putFloat32(p + "attention.layer_norm_rms_epsilon", 1e-5f);
        w.putFloat32(p + "rope.freq_base", 10000f);
        if (s.experts() > 0) {
            w.putUInt32(p + "expert_count", s.experts());
            w.putUInt32(p + "expert_used_count", s.expertsUsed());
        }
        String[] vocab = vocabulary(s.vocab());
        float[] scores = new float[vocab.length];
        long[] types = new long[vocab.length];
        for (int i = 0; i < vocab.length; i++) {
            types[i] = i == 0 ? 2 : i < 3 ? 3 : i < 259 ? 6 : 1;
            scores[i] = i < 259 ? 0 : -(i - 259) * 0.1f + vocab[i].length();
        }
        w.putString("tokenizer.ggml.model", "llama");
        w.putStringArray("tokenizer.ggml.tokens", vocab);
        w.putFloatArray("tokenizer.ggml.scores", scores);
        w.putIntArray("tokenizer.ggml.token_type", GGUFValueType.INT32, types);
        w.putUInt32("tokenizer.ggml.bos_token_id", 1);
        w.putUInt32("tokenizer.ggml.eos_token_id", 2);
        w.putUInt32("tokenizer.ggml.unknown_token_id", 0);
        w.putBool("tokenizer.ggml.add_bos_token", true);
        if (s.chatTemplate() != null) {
            w.putString("tokenizer.chat_template", s.chatTemplate());
        }
        int q = s.heads() * headSize, kv = s.kvHeads() * headSize;
        matrix("token_embd.weight", s.type(), s.dim(), s.vocab());
        norm("output_norm.weight", s.dim());
        matrix("output.weight", s.type(), s.dim(), s.vocab());
        for (int l = 0; l < s.layers(); l++) {
            String b = "blk." + l + ".";
            norm(b + "attn_norm.weight", s.dim());
            matrix(b + "attn_q.weight", s.type(), s.dim(), q);
            matrix(b + "attn_k.weight", s.type(), s.dim(), kv);
            matrix(b + "attn_v.weight", s.type(), s.dim(), kv);
            matrix(b + "attn_output.weight", s.type(), q, s.dim());
            if (a == Architecture.QWEN2MOE) {
                vector(b + "attn_q.bias", q, 0.1f);
                vector(b + "attn_k.bias", kv, 0.1f);
                vector(b + "attn_v.bias", kv, 0.1f);
            }
            if (a.qkNorm()) {
                norm(b + "attn_q_norm.weight", q);
                norm(b + "attn_k_norm.weight", kv);
            }
            norm(b + "ffn_norm.weight", s.dim());
            if (s.experts() == 0) {
                matrix(b + "ffn_gate.weight", s.type(), s.dim(), s.ffn());
                matrix(b + "ffn_up.weight", s.type(), s.dim(), s.ffn());
                matrix(b + "ffn_down.weight", s.type(), s.ffn(), s.dim());
            } else {
                tensor(b + "ffn_gate_inp.weight", GGMLType.F32, new long[]{s.dim(), s.experts()}, 1f / (float) Math.sqrt(s.dim()));
                tensor(b + "ffn_gate_exps.weight", s.type(), new long[]{s.dim(), s.ffn(), s.experts()}, 1f / (float) Math.sqrt(s.dim()));
                tensor(b + "ffn_up_exps.weight", s.type(), new long[]{s.dim(), s.ffn(), s.experts()}, 1f / (float) Math.sqrt(s.dim()));
                tensor(b + "ffn_down_exps.weight", s.type(), new long[]{s.ffn(), s.dim(), s.experts()}, 1f / (float) Math.sqrt(s.ffn()));
                if (s.sharedFfn() > 0) {
                    tensor(b + "ffn_gate_inp_shexp.weight", GGMLType.F32, new long[]{s.dim()}, 1f / (float) Math.sqrt(s.dim()));
                    matrix(b + "ffn_gate_shexp.weight", s.type(), s.dim(), s.sharedFfn());
                    matrix(b + "ffn_up_shexp.weight", s.type(), s.dim(), s.sharedFfn());
                    matrix(b + "ffn_down_shexp.weight", s.type(), s.sharedFfn(), s.dim());
                }
            }
        }
        return w;
    }

    private void matrix(String name, GGMLType type, int cols, int rows) {
        tensor(name, type, new long[]{cols, rows}, 1f / (float) Math.sqrt(cols));
    }

    private void tensor(String name, GGMLType type, long[] dims, float scale) {
        long n = 1;
        for (long d : dims) {
            n *= d;
        }
        float[] x = new float[Math.toIntExact(n)];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) (random.nextDouble() * 2 - 1) * scale * 1.7f;
        }
        w.addTensor(name, type, dims, Quantizer.quantize(type, x));
    }

    private void norm(String name, int n) {
        float[] x = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = 1f + (float) (random.nextDouble() - 0.5) * 0.2f;
        }
        w.addTensor(name, GGMLType.F32, new long[]{n}, Quantizer.quantize(GGMLType.F32, x));
    }

    private void vector(String name, int n, float scale) {
        tensor(name, GGMLType.F32, new long[]{n}, scale);
    }

    public static void main(String[] args) throws IOException {
        if (args.length < 10) {
            System.err.println("usage: SyntheticModel OUT.gguf ARCH DIM LAYERS HEADS KV_HEADS FFN EXPERTS USED TYPE [SHARED_FFN]");
            System.exit(2);
        }
        Spec spec = new Spec(Architecture.fromGGUF(args[1]), Integer.parseInt(args[2]), Integer.parseInt(args[3]),
                Integer.parseInt(args[4]), Integer.parseInt(args[5]), Integer.parseInt(args[6]), Integer.parseInt(args[7]),
                Integer.parseInt(args[8]), args.length > 10 ? Integer.parseInt(args[10]) : 0, 320, 2048,
                GGMLType.valueOf(args[9]), 1, null);
        write(spec, Path.of(args[0]));
    }
}
