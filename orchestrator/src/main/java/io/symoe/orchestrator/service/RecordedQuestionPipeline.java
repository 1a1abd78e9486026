package io.symoe.orchestrator.service;

import io.symoe.core.Instance;
import io.symoe.core.generation.GenerationException;
import io.symoe.core.recorded.RecordedQuestion;
import io.symoe.modelpool.backend.replay.AmbiguousQuestionException;
import io.symoe.modelpool.backend.replay.QuestionMatch;
import io.symoe.orchestrator.pipeline.SymoePipeline;
import io.symoe.orchestrator.pipeline.Pipeline;
import io.symoe.orchestrator.pipeline.SolveResult;
import io.symoe.skillrouter.skills.CategoryProfiler;
import io.vertx.core.Future;
import io.vertx.core.Vertx;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * In replay mode, resolves the asked question to the recorded one before anything else runs, so that the replay
 * experts serve that question by id, whatever layout the client pasted it in, and {@code router.skills: category}
 * finds its recorded category. A question the recordings do not hold fails at once with what was looked for and what
 * to do (404), one that several recorded questions fit with the candidates (409) — no expert is called for either.
 * Batches resolve each instance the same way ({@link #batchResolver}), failing only the items that do not resolve.
 */
final class RecordedQuestionPipeline implements Pipeline {
    private final Vertx vertx;
    private final Pipeline delegate;
    private final RecordedQuestions recorded;

    RecordedQuestionPipeline(Vertx vertx, Pipeline delegate, RecordedQuestions recorded) {
        this.vertx = vertx;
        this.delegate = delegate;
        this.recorded = recorded;
    }

    @Override
    public Future<SolveResult> solve(Instance instance) {
        // Off the event loop: a body may hold up to 1 MiB of text, and matching normalises it several times (once
        // per skipped leading line), which would stall every other connection of this loop meanwhile.
        return vertx.executeBlocking(() -> resolve(recorded, instance), false).compose(r -> switch (r) {
            case Resolution.Resolved ok -> delegate.solve(ok.instance());
            case Resolution.Failed f -> Future.failedFuture(f.error());
        });
    }

    /** What an asked instance resolves to: the instance to run, or the error that answers it. */
    sealed interface Resolution {
        record Resolved(Instance instance) implements Resolution {}

        record Failed(GenerationException error) implements Resolution {}
    }

    static Resolution resolve(RecordedQuestions recorded, Instance asked) {
        String source = recorded.dir().toString();
        return switch (recorded.matcher().match(asked.text())) {
            case QuestionMatch.Found f -> new Resolution.Resolved(recordedInstance(asked, f.question()));
            case QuestionMatch.Ambiguous a -> new Resolution.Failed(
                    new AmbiguousQuestionException(PoolAssembly.REPLAY_BACKEND, a, source));
            case QuestionMatch.Unrecorded u -> new Resolution.Failed(new GenerationException(
                    GenerationException.Kind.NOT_FOUND, PoolAssembly.REPLAY_BACKEND, u.message(source)));
        };
    }

    /**
     * The batch form of {@link #resolve}: an unresolved item's error is the very message the online 404/409 gives.
     */
    static SymoePipeline.Resolver batchResolver(RecordedQuestions recorded) {
        return asked -> switch (resolve(recorded, asked)) {
            case Resolution.Resolved ok -> SymoePipeline.Resolved.of(ok.instance());
            case Resolution.Failed f -> SymoePipeline.Resolved.error(f.error().getMessage());
        };
    }

    /**
     * The asked instance with the recorded question's id and category. Its text stays what was asked: the prompt
     * of every expert that is not a replay (a real model in a mixed pool) and the aggregator's request are built from
     * it, and the recorded stem alone would drop the options of a multiple-choice question. Routing does not need the
     * stem either: {@link LeaveOneOutProfiler} finds the recorded question with the same matcher on the asked text.
     */
    private static Instance recordedInstance(Instance asked, RecordedQuestion q) {
        Map<String, String> metadata = new LinkedHashMap<>(asked.metadata());
        if (q.category() != null) {
            metadata.putIfAbsent(CategoryProfiler.METADATA_KEY, q.category());
        }
        // The replay backend reads the question id after the last '#' of an instance id.
        return new Instance(asked.id() + "#" + q.id(), asked.text(), asked.task(), asked.choices(), metadata);
    }

    @Override
    public boolean ready() {
        return delegate.ready();
    }
}
