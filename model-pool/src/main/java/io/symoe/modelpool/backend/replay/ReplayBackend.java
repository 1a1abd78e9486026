package io.symoe.modelpool.backend.replay;

import io.symoe.core.generation.Generation;
import io.symoe.core.generation.GenerationException;
import io.symoe.core.generation.GenerationParams;
import io.symoe.core.generation.Prompt;
import io.symoe.core.recorded.RecordedDataset;
import io.symoe.core.recorded.RecordedOutcome;
import io.symoe.core.recorded.RecordedQuestion;
import io.symoe.modelpool.backend.Capabilities;
import io.symoe.modelpool.backend.Health;
import io.symoe.modelpool.backend.ModelBackend;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * Serves recorded real model outputs as if the models ran: the answer to a prompt is the text the model produced
 * for that question in the recorded run. A prompt is matched to a question by the question id in its instance id
 * (the whole id, or the part after the last {@code /}, {@code :} or {@code #}) or else by its last user turn, through
 * the {@link QuestionMatcher} (the stem, or the stem with its options, in any of the usual layouts). Unknown
 * questions and models fail with {@code NOT_FOUND}, a text several recorded questions fit with an
 * {@link AmbiguousQuestionException}: a replay never invents an answer and never picks one of several silently.
 *
 * <p>Loads and generations take the configured {@link ReplayTiming}; loads are counted so a test or benchmark can
 * check what a scheduler cost.
 */
public final class ReplayBackend implements ModelBackend {
    private final String id;
    private final RecordedDataset dataset;
    private final Map<String, RecordedQuestion> byId;
    private final QuestionMatcher matcher;
    private final Function<String, ReplayTiming> timing;
    private final Set<String> models;
    private final Function<String, String> recordedName;
    private final Set<String> resident = ConcurrentHashMap.newKeySet();
    private final AtomicInteger loads = new AtomicInteger();

    /**
     * @param timing per pool model id, its load and generation times
     */
    public ReplayBackend(String id, RecordedDataset dataset, Function<String, ReplayTiming> timing) {
        this(id, dataset, timing, Function.identity());
    }

    /**
     * @param recordedName pool model id → the model's id in the recorded dataset (its {@code remote-name})
     */
    public ReplayBackend(String id, RecordedDataset dataset, Function<String, ReplayTiming> timing,
                         Function<String, String> recordedName) {
        this.recordedName = Objects.requireNonNull(recordedName, "recordedName");
        this.id = Objects.requireNonNull(id, "id");
        this.dataset = Objects.requireNonNull(dataset, "dataset");
        this.timing = Objects.requireNonNull(timing, "timing");
        this.byId = dataset.byId();
        this.models = Set.copyOf(dataset.models());
        this.matcher = QuestionMatcher.of(dataset.questions());
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public Capabilities capabilities() {
        return new Capabilities(false, true, true, false, true);
    }

    /** Loads performed so far (explicit ones and those a generation on a non-resident model triggered). */
    public int loads() {
        return loads.get();
    }

    /** The recorded question a prompt stands for: by the question id in its instance id, else by its text. */
    public QuestionMatch match(Prompt prompt) {
        String instance = prompt.instanceId();
        RecordedQuestion q = byId.get(instance);
        if (q == null) {
            int cut = Math.max(instance.lastIndexOf('/'), Math.max(instance.lastIndexOf(':'), instance.lastIndexOf('#')));
            if (cut >= 0) {
                q = byId.get(instance.substring(cut + 1));
            }
        }
        if (q != null) {
            return new QuestionMatch.Found(q, QuestionMatch.How.BY_ID, List.of());
        }
        return matcher.match(prompt.lastUserContent());
    }

    @Override
    public CompletionStage<List<Generation>> generate(String modelId, List<Prompt> prompts, GenerationParams params) {
        if (!models.contains(recordedName.apply(modelId))) {
            return CompletableFuture.failedFuture(new GenerationException(GenerationException.Kind.NOT_FOUND, modelId,
                    "model " + modelId + " is not recorded in " + dataset.source()));
        }
        List<Generation> out = new ArrayList<>(prompts.size());
        ReplayTiming t = timing.apply(modelId);
        Duration latency = Duration.ofMillis(t.scaledMillis(t.generateTime()));
        for (Prompt p : prompts) {
            RecordedQuestion q;
            switch (match(p)) {
                case QuestionMatch.Found f -> q = f.question();
                case QuestionMatch.Ambiguous a -> {
                    return CompletableFuture.failedFuture(new AmbiguousQuestionException(modelId, a, dataset.source()));
                }
                case QuestionMatch.Unrecorded u -> {
                    return CompletableFuture.failedFuture(new GenerationException(GenerationException.Kind.NOT_FOUND,
                            modelId, u.message(dataset.source())));
                }
            }
            RecordedOutcome o = q.outcomes().get(recordedName.apply(modelId));
            if (o == null || o.text() == null) {
                return CompletableFuture.failedFuture(new GenerationException(GenerationException.Kind.NOT_FOUND, modelId,
                        "not recorded: " + modelId + " has no recorded output for question " + q.id() + " (\""
                                + QuestionMatcher.preview(q.text()) + "\"); the symoe ensemble hands such questions"
                                + " to another expert"));
            }
            out.add(new Generation(p.instanceId(), modelId, o.text(), null, latency, "stop"));
        }
        CompletionStage<Void> ready = resident.contains(modelId) ? CompletableFuture.completedFuture(null) : load(modelId);
        return ready.thenCompose(v -> after(t.scaledMillis(t.generateTime()))).thenApply(v -> List.copyOf(out));
    }

    @Override
    public CompletionStage<List<String>> listModels() {
        return CompletableFuture.completedFuture(dataset.models());
    }

    @Override
    public CompletionStage<Set<String>> residentModels() {
        return CompletableFuture.completedFuture(Set.copyOf(resident));
    }

    @Override
    public CompletionStage<Void> load(String modelId) {
        if (!models.contains(recordedName.apply(modelId))) {
            return CompletableFuture.failedFuture(new GenerationException(GenerationException.Kind.NOT_FOUND, modelId,
                    "model " + modelId + " is not recorded in " + dataset.source()));
        }
        if (resident.contains(modelId)) {
            return CompletableFuture.completedFuture(null);
        }
        ReplayTiming t = timing.apply(modelId);
        return after(t.scaledMillis(t.loadTime())).thenRun(() -> {
            if (resident.add(modelId)) {
                loads.incrementAndGet();
            }
        });
    }

    @Override
    public CompletionStage<Void> unload(String modelId) {
        resident.remove(modelId);
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public CompletionStage<Health> health() {
        return CompletableFuture.completedFuture(Health.up(dataset.questions().size() + " recorded questions, "
                + dataset.models().size() + " models"));
    }

    private static CompletionStage<Void> after(long millis) {
        if (millis <= 0) {
            return CompletableFuture.completedFuture(null);
        }
        Executor delayed = CompletableFuture.delayedExecutor(millis, TimeUnit.MILLISECONDS);
        return CompletableFuture.runAsync(() -> {}, delayed);
    }
}
