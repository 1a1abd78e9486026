package io.symoe.skillrouter.eval;

import java.util.List;

/** The model pools the project's benchmarks compare on (MMLU-Pro recorded outputs). */
public final class Pools {
    /** The 14 models of at most 8B parameters. */
    public static final List<String> SMALL = List.of("Llama-2-7b-hf", "Meta-Llama-3-8B", "Meta-Llama-3_1-8B",
            "Meta-Llama-3_1-8B-Instruct", "Mistral-7B-v0.1", "Mistral-7B-v0.2-hf", "Mistral-7B-Instruct-v0.1",
            "Mistral-7B-Instruct-v0.2", "Phi-3-mini-4k-instruct", "Qwen1.5-7B-Chat", "Yi-6B", "Yi-6b-Chat",
            "gemma-7b", "mathstral-7B");

    /** Excluded from the full pool: it covers only 7 925 of the 9 195 questions. */
    public static final String PARTIAL_MODEL = "DeepSeek-Coder-V2";

    private Pools() {
    }

    /** "small", "full" (every recorded model but {@link #PARTIAL_MODEL}) or a comma-separated list. */
    public static List<String> resolve(String spec, List<String> recordedModels) {
        return switch (spec) {
            case "small" -> SMALL;
            case "full" -> recordedModels.stream().filter(m -> !m.equals(PARTIAL_MODEL)).toList();
            default -> List.of(spec.split(",")).stream().map(String::trim).filter(s -> !s.isEmpty()).toList();
        };
    }
}
