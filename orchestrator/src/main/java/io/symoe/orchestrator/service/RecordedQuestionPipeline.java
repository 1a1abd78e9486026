package io.symoe.orchestrator.service;

import io.symoe.core.Instance;
import io.symoe.core.generation.GenerationException;
import io.symoe.core.recorded.RecordedQuestion;
import io.symoe.modelpool.backend.replay.AmbiguousQuestionException;
import io.symoe.modelpool.backend.replay.QuestionMatch;
import io.symoe.orchestrator.pipeline.Pipeline;
import io.symoe.orchestrator.pipeline.SolveResult;
import io.symoe.skillrouter.skills.CategoryProfiler;
import io.vertx.core.Future;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * In replay mode, resolves the asked question to the recorded one before anything else runs, so that the replay
 * experts serve that question by id, whatever layout the client pasted it in, and {@code router.skills: category}
 * finds its recorded category. A question the
 * recordings do not hold fails at once with what was looked for and what to do (404), one that several recorded
 * questions fit with the candidates (409) — no expert is called for either.
 */
final class RecordedQuestionPipeline implements Pipeline {
    private final Pipeline delegate;
    private final RecordedQuestions recorded;

    RecordedQuestionPipeline(Pipeline delegate, RecordedQuestions recorded) {
        this.delegate = delegate;
        this.recorded = recorded;
    }

    @Override
    public Future<SolveResult> solve(Instance instance) {
        return switch (recorded.matcher().match(instance.text())) {
            // The replay backend reads the question id after the last '#' of an instance id.
            case QuestionMatch.Found f -> delegate.solve(recordedInstance(instance, f.question()));
            case QuestionMatch.Ambiguous a -> Future.failedFuture(
                    new AmbiguousQuestionException(ServiceAssembly.REPLAY_BACKEND, a, source()));
            case QuestionMatch.Unrecorded u -> Future.failedFuture(new GenerationException(
                    GenerationException.Kind.NOT_FOUND, ServiceAssembly.REPLAY_BACKEND, u.message(source())));
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
        return new Instance(asked.id() + "#" + q.id(), asked.text(), asked.task(), asked.choices(), metadata);
    }

    private String source() {
        return recorded.dir().toString();
    }

    @Override
    public boolean ready() {
        return delegate.ready();
    }
}
