package io.symoe.core;

/** Which kind of backend serves a model; decides the residency calls available for it. */
public enum BackendKind {
    /** Any OpenAI-compatible chat completions server; no residency control. */
    OPENAI,
    /** Ollama: residency through {@code keep_alive} and {@code /api/ps}. */
    OLLAMA,
    /** vLLM with sleep mode: {@code /sleep}, {@code /wake_up}, {@code /is_sleeping}. */
    VLLM,
    /** llama.cpp server in router mode: {@code /models/load|unload}. */
    LLAMA_CPP,
    /** llama-swap: {@code /api/models/unload/{id}}, {@code /running}. */
    LLAMA_SWAP,
    /** Recorded real outputs replayed from files. */
    REPLAY,
    /** The in-process accelerators engine on a local GGUF file. */
    LOCAL
}
