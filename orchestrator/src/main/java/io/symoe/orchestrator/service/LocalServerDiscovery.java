package io.symoe.orchestrator.service;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.symoe.core.BackendKind;
import io.symoe.core.config.BackendConfig;
import io.symoe.core.config.ModelConfig;
import io.symoe.core.config.PoolConfig;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The embedded default's look for model servers already running on this host: Ollama (11434), llama.cpp's server
 * (8080) and vLLM (8000), each asked for its {@code /v1/models}. A server that does not answer within a moment is
 * simply not there; nothing is added for it.
 */
public final class LocalServerDiscovery {
    private static final System.Logger LOG = System.getLogger(LocalServerDiscovery.class.getName());

    /** A place to look, with the backend kind to use when a server answers there. */
    public record Candidate(String id, BackendKind kind, URI baseUrl) {}

    public static final List<Candidate> DEFAULT_CANDIDATES = List.of(
            new Candidate("ollama", BackendKind.OLLAMA, URI.create("http://127.0.0.1:11434")),
            new Candidate("llama-cpp", BackendKind.OPENAI, URI.create("http://127.0.0.1:8080")),
            new Candidate("vllm", BackendKind.OPENAI, URI.create("http://127.0.0.1:8000")));

    private static final ObjectMapper JSON = new ObjectMapper();

    private LocalServerDiscovery() {}

    /** {@code pool} plus a backend per candidate that answers, serving the models it lists (blocking, ~1 s at most). */
    public static PoolConfig discover(PoolConfig pool, List<Candidate> candidates, Duration timeout) {
        HttpClient http = HttpClient.newBuilder().connectTimeout(timeout).build();
        List<BackendConfig> backends = new ArrayList<>(pool.backends());
        List<ModelConfig> models = new ArrayList<>(pool.models());
        Set<String> taken = new HashSet<>();
        models.forEach(m -> taken.add(m.id()));
        for (Candidate c : candidates) {
            List<String> served = listModels(http, c, timeout);
            if (served.isEmpty()) {
                continue;
            }
            backends.add(new BackendConfig(c.id(), c.kind(), c.baseUrl(), null, null, null, null, null));
            for (String remote : served) {
                String id = taken.contains(remote) ? c.id() + "/" + remote : remote;
                if (taken.add(id)) {
                    models.add(new ModelConfig(id, c.id(), remote, null, null, null, null, null));
                }
            }
            LOG.log(System.Logger.Level.INFO, "discovered " + c.id() + " at " + c.baseUrl() + " serving " + served);
        }
        return new PoolConfig(pool.memoryBudget(), pool.minResidency(), backends, models);
    }

    private static List<String> listModels(HttpClient http, Candidate c, Duration timeout) {
        try {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(c.baseUrl().resolve("/v1/models"))
                    .timeout(timeout).GET().build(), HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != 200) {
                return List.of();
            }
            JsonNode data = JSON.readTree(r.body()).path("data");
            List<String> ids = new ArrayList<>();
            data.forEach(m -> {
                String id = m.path("id").asText("");
                if (!id.isBlank()) {
                    ids.add(id);
                }
            });
            return ids;
        } catch (java.io.IOException e) {
            return List.of();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return List.of();
        }
    }
}
