package io.symoe.modelpool.backend;

/**
 * What a backend can do besides generating, so the residency manager only calls what exists.
 *
 * @param streaming       serves streamed (SSE) completions
 * @param explicitLoad    {@link ModelBackend#load} really loads (otherwise the first request loads the model)
 * @param explicitUnload  {@link ModelBackend#unload} really frees memory
 * @param sleep           {@link ModelBackend#sleep}/{@link ModelBackend#wake} exist (vLLM sleep mode)
 * @param reportsResident {@link ModelBackend#residentModels} reflects the server's real state
 */
public record Capabilities(boolean streaming, boolean explicitLoad, boolean explicitUnload, boolean sleep,
                           boolean reportsResident) {
    /** A plain OpenAI-compatible server: generation only, residency out of our hands. */
    public static final Capabilities GENERATE_ONLY = new Capabilities(true, false, false, false, false);
}
