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
    /**
     * llama.cpp's {@code llama-server} processes that symoe starts and stops itself, one per resident model
     * (config value {@code llama-server}); its settings are the backend's {@code server} section.
     */
    LLAMA_SERVER,
    /** Recorded real outputs replayed from files. */
    REPLAY,
    /** The in-process accelerators engine on a local GGUF file. */
    LOCAL
}
