package io.symoe.modelpool.backend.openai;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.symoe.core.TokenCounts;
import io.symoe.core.config.BackendConfig;
import io.symoe.core.generation.ChatMessage;
import io.symoe.core.generation.Generation;
import io.symoe.core.generation.GenerationException;
import io.symoe.core.generation.GenerationParams;
import io.symoe.core.generation.Prompt;
import io.symoe.modelpool.backend.CallPolicy;
import io.symoe.modelpool.backend.Capabilities;
import io.symoe.modelpool.backend.Health;
import io.symoe.modelpool.backend.ModelBackend;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientAgent;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.parsetools.RecordParser;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;

/**
 * Any OpenAI-compatible chat-completions server (vLLM, llama.cpp server, Ollama, LM Studio, hosted APIs) over
 * Vert.x. A batch fans out as one request per prompt, at most {@code max-concurrency} at once — the server batches
 * them continuously — each wrapped by the backend's {@link CallPolicy}.
 *
 * <p>{@code base-url} is the server root; a trailing {@code /v1} is accepted and stripped, so the residency
 * adapters that subclass this class can reach their non-OpenAI endpoints on the same root.
 */
public class OpenAiBackend implements ModelBackend {
    protected static final ObjectMapper JSON = new ObjectMapper();

    protected final BackendConfig config;
    protected final String root;
    private final HttpClientAgent http;
    protected final WebClient web;
    private final Function<String, String> remoteName;
    private final CallPolicy policy;
    private final boolean stream;
    /** Calls in flight across all batches of this backend: max-concurrency, queued without blocking a thread. */
    private final AsyncSlots slots;

    /**
     * @param remoteName pool model id → the name the server knows it by
     * @param stream     use SSE streaming for completions
     */
    public OpenAiBackend(Vertx vertx, BackendConfig config, Function<String, String> remoteName, CallPolicy policy,
                         boolean stream) {
        this.config = Objects.requireNonNull(config, "config");
        this.remoteName = Objects.requireNonNull(remoteName, "remoteName");
        this.policy = Objects.requireNonNull(policy, "policy");
        this.stream = stream;
        String base = config.baseUrl().toString().replaceAll("/+$", "");
        this.root = base.endsWith("/v1") ? base.substring(0, base.length() - 3) : base;
        // The connection pool must allow max-concurrency calls at once: with Vert.x's default of 5 connections,
        // calls beyond it queued inside the client while their time limit ran, and a healthy but busy backend
        // tripped its breaker.
        this.http = vertx.createHttpClient(new HttpClientOptions()
                        .setConnectTimeout((int) Math.min(Integer.MAX_VALUE, config.timeout().toMillis()))
                        .setIdleTimeout((int) Math.max(1, config.timeout().toSeconds())),
                new io.vertx.core.http.PoolOptions().setHttp1MaxSize(config.maxConcurrency()));
        this.web = WebClient.wrap(http);
        this.slots = new AsyncSlots(config.maxConcurrency());
    }

    @Override
    public String id() {
        return config.id();
    }

    @Override
    public Capabilities capabilities() {
        return Capabilities.GENERATE_ONLY;
    }

    protected String remote(String modelId) {
        return remoteName.apply(modelId);
    }

    @Override
    public CompletionStage<List<Generation>> generate(String modelId, List<Prompt> prompts, GenerationParams params) {
        if (prompts.isEmpty()) {
            return CompletableFuture.completedFuture(List.of());
        }
        List<CompletableFuture<Generation>> each = new ArrayList<>(prompts.size());
        for (Prompt p : prompts) {
            each.add(slots.submit(() -> policy.execute(modelId, () -> complete(modelId, p, params))));
        }
        return CompletableFuture.allOf(each.toArray(CompletableFuture[]::new))
                .handle((v, err) -> {
                    if (err != null) {
                        Throwable cause = err instanceof java.util.concurrent.CompletionException && err.getCause() != null ? err.getCause() : err;
                        throw new java.util.concurrent.CompletionException(
                                cause instanceof GenerationException ? cause : OpenAiErrors.forTransport(modelId, cause));
                    }
                    return each.stream().map(CompletableFuture::join).toList();
                });
    }

    /** One prompt, one HTTP call (undecorated: the policy wraps it). */
    public CompletionStage<Generation> complete(String modelId, Prompt prompt, GenerationParams params) {
        long started = System.nanoTime();
        Buffer body = Buffer.buffer(requestBody(modelId, prompt, params, stream).toString());
        Future<Generation> f = stream ? streamed(modelId, prompt, body, started) : unary(modelId, prompt, body, started);
        return f.toCompletionStage().exceptionallyCompose(t -> CompletableFuture.failedFuture(OpenAiErrors.forTransport(modelId, t)));
    }

    private ObjectNode requestBody(String modelId, Prompt prompt, GenerationParams params, boolean streamed) {
        ObjectNode req = JSON.createObjectNode();
        req.put("model", remote(modelId));
        ArrayNode messages = req.putArray("messages");
        for (ChatMessage m : prompt.messages()) {
            messages.addObject().put("role", m.role().name().toLowerCase(Locale.ROOT)).put("content", m.content());
        }
        req.put("temperature", params.temperature());
        req.put("top_p", params.topP());
        req.put("max_tokens", params.maxTokens());
        params.seed().ifPresent(s -> req.put("seed", s));
        if (!params.stop().isEmpty()) {
            ArrayNode stop = req.putArray("stop");
            params.stop().forEach(stop::add);
        }
        if (streamed) {
            req.put("stream", true);
            req.putObject("stream_options").put("include_usage", true);
        }
        return req;
    }

    private Future<Generation> unary(String modelId, Prompt prompt, Buffer body, long started) {
        return authorised(web.postAbs(root + "/v1/chat/completions"))
                .putHeader("Content-Type", "application/json")
                .timeout(config.timeout().toMillis())
                .sendBuffer(body)
                .compose(resp -> {
                    if (resp.statusCode() != 200) {
                        return Future.failedFuture(error(modelId, resp));
                    }
                    JsonNode json = parse(resp.bodyAsString());
                    JsonNode choice = json.path("choices").path(0);
                    if (choice.isMissingNode()) {
                        return Future.failedFuture(new GenerationException(GenerationException.Kind.PERMANENT, modelId,
                                "completion from " + modelId + " has no choices: " + resp.bodyAsString()));
                    }
                    return Future.succeededFuture(new Generation(prompt.instanceId(), modelId,
                            choice.path("message").path("content").asText(""), usage(json),
                            Duration.ofNanos(System.nanoTime() - started), textOrNull(choice.path("finish_reason"))));
                });
    }

    /** SSE: {@code data: {chunk}} lines, content deltas concatenated, until {@code data: [DONE]}. */
    private Future<Generation> streamed(String modelId, Prompt prompt, Buffer body, long started) {
        RequestOptions options = new RequestOptions().setMethod(HttpMethod.POST)
                .setAbsoluteURI(root + "/v1/chat/completions")
                .setIdleTimeout(config.timeout().toMillis())
                .putHeader("Content-Type", "application/json")
                .putHeader("Accept", "text/event-stream");
        if (config.apiKey() != null && !config.apiKey().isBlank()) {
            options.putHeader("Authorization", "Bearer " + config.apiKey());
        }
        return http.request(options).compose(req -> req.send(body)).compose(resp -> {
            if (resp.statusCode() != 200) {
                return resp.body().compose(b -> Future.failedFuture(OpenAiErrors.forStatus(modelId, resp.statusCode(),
                        b.toString(), resp.getHeader("Retry-After"))));
            }
            Promise<Generation> promise = Promise.promise();
            StringBuilder text = new StringBuilder();
            String[] finish = {null};
            TokenCounts[] tokens = {null};
            AtomicBoolean finished = new AtomicBoolean();
            RecordParser lines = RecordParser.newDelimited("\n", resp);
            lines.handler(line -> {
                String s = line.toString().strip();
                if (!s.startsWith("data:") || finished.get()) {
                    return;
                }
                String data = s.substring(5).strip();
                if (data.equals("[DONE]")) {
                    finished.set(true);
                    promise.tryComplete(new Generation(prompt.instanceId(), modelId, text.toString(), tokens[0],
                            Duration.ofNanos(System.nanoTime() - started), finish[0]));
                    return;
                }
                JsonNode chunk = parse(data);
                JsonNode choice = chunk.path("choices").path(0);
                text.append(choice.path("delta").path("content").asText(""));
                if (textOrNull(choice.path("finish_reason")) != null) {
                    finish[0] = choice.path("finish_reason").asText();
                }
                if (chunk.hasNonNull("usage")) {
                    tokens[0] = usage(chunk);
                }
            });
            lines.exceptionHandler(promise::tryFail);
            lines.endHandler(v -> promise.tryFail(new GenerationException(GenerationException.Kind.TRANSIENT, modelId,
                    "stream from " + modelId + " ended before [DONE] after " + text.length() + " characters")));
            resp.exceptionHandler(promise::tryFail);
            return promise.future();
        });
    }

    protected <T> io.vertx.ext.web.client.HttpRequest<T> authorised(io.vertx.ext.web.client.HttpRequest<T> req) {
        if (config.apiKey() != null && !config.apiKey().isBlank()) {
            req.putHeader("Authorization", "Bearer " + config.apiKey());
        }
        return req;
    }

    protected static GenerationException error(String modelId, HttpResponse<Buffer> resp) {
        return OpenAiErrors.forStatus(modelId, resp.statusCode(), resp.bodyAsString(), resp.getHeader("Retry-After"));
    }

    protected static JsonNode parse(String json) {
        try {
            return JSON.readTree(json == null ? "{}" : json);
        } catch (IOException e) {
            throw new UncheckedIOException("malformed JSON from server: " + e.getMessage(), e);
        }
    }

    private static TokenCounts usage(JsonNode json) {
        JsonNode u = json.path("usage");
        if (!u.isObject()) {
            return null;
        }
        return new TokenCounts(u.path("prompt_tokens").asInt(0), u.path("completion_tokens").asInt(0));
    }

    private static String textOrNull(JsonNode n) {
        return n == null || n.isNull() || n.isMissingNode() ? null : n.asText();
    }

    /** JSON GET on the server root. */
    protected CompletionStage<JsonNode> getJson(String path) {
        return authorised(web.getAbs(root + path)).timeout(config.timeout().toMillis()).send()
                .compose(resp -> resp.statusCode() / 100 == 2 ? Future.succeededFuture(parse(resp.bodyAsString()))
                        : Future.failedFuture(error(config.id() + path, resp)))
                .toCompletionStage();
    }

    /** JSON POST on the server root (a null body posts nothing). */
    protected CompletionStage<JsonNode> postJson(String path, JsonNode body) {
        var req = authorised(web.postAbs(root + path)).timeout(config.timeout().toMillis());
        Future<HttpResponse<Buffer>> sent = body == null ? req.send()
                : req.putHeader("Content-Type", "application/json").sendBuffer(Buffer.buffer(body.toString()));
        return sent.compose(resp -> resp.statusCode() / 100 == 2
                        ? Future.succeededFuture(resp.bodyAsString() == null || resp.bodyAsString().isBlank()
                        ? JSON.createObjectNode() : parse(resp.bodyAsString()))
                        : Future.failedFuture(error(config.id() + path, resp)))
                .toCompletionStage();
    }

    @Override
    public CompletionStage<List<String>> listModels() {
        return getJson("/v1/models").thenApply(json -> {
            List<String> ids = new ArrayList<>();
            json.path("data").forEach(m -> ids.add(m.path("id").asText()));
            return List.copyOf(ids);
        });
    }

    /** A plain OpenAI server tells nothing about residency. */
    @Override
    public CompletionStage<Set<String>> residentModels() {
        return CompletableFuture.completedFuture(Set.of());
    }

    /** The server loads models on its own (on first request, or it serves one fixed model). */
    @Override
    public CompletionStage<Void> load(String modelId) {
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public CompletionStage<Void> unload(String modelId) {
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public CompletionStage<Health> health() {
        return listModels().handle((models, err) -> err == null
                ? Health.up(models.size() + " models at " + root)
                : Health.down(root + ": " + err.getMessage()));
    }

    @Override
    public void close() {
        web.close();
        http.close();
    }
}
