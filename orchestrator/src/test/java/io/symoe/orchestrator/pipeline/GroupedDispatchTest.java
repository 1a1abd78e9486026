package io.symoe.orchestrator.pipeline;

import io.symoe.aggregator.strategy.RawExpertOutput;
import io.symoe.core.AnswerFormat;
import io.symoe.core.Assignment;
import io.symoe.core.Instance;
import io.symoe.core.RecruitedExpert;
import io.symoe.core.Task;
import io.symoe.core.TokenCounts;
import io.symoe.core.generation.ChatMessage;
import io.symoe.core.generation.Generation;
import io.symoe.core.generation.GenerationException;
import io.symoe.core.generation.GenerationParams;
import io.symoe.core.generation.Generator;
import io.symoe.core.generation.Prompt;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;

/**
 * The online dispatch stage on a fake generator: re-recruiting after a failed expert is part of the dispatch
 * result (who failed, who replaced them), and a dispatch where every candidate failed is a value saying why.
 */
@ExtendWith(VertxExtension.class)
class GroupedDispatchTest {
    private static final Instance Q = new Instance("q1", "Which one?", new Task("mmlu-pro", new AnswerFormat.MultipleChoice(10)));
    private static final Assignment A = new Assignment("q1", List.of(),
            List.of(new RecruitedExpert("m1", 0.9), new RecruitedExpert("m2", 0.8)), List.of("m3", "m4"), null);
    private static final Prompt PROMPT = new Prompt("q1", List.of(ChatMessage.user("Which one?")));

    /** Answers "(A)" for every model except those in {@code failing}, which fail with {@code kind}. */
    private static Generator experts(Set<String> failing, GenerationException.Kind kind) {
        return (model, prompts, params) -> failing.contains(model)
                ? CompletableFuture.failedFuture(new GenerationException(kind, model, model + " is down"))
                : CompletableFuture.completedFuture(prompts.stream().map(p -> new Generation(p.instanceId(), model,
                        model + ": The answer is (A).", TokenCounts.UNKNOWN, Duration.ZERO, "stop")).toList());
    }

    private static void dispatch(Vertx vertx, VertxTestContext test, Generator experts, Consumer<Dispatch> check) {
        Context context = vertx.getOrCreateContext();
        context.runOnContext(v -> new GroupedDispatch(new ExpertCalls(experts, GenerationParams.GREEDY, context))
                .dispatch(List.of(new Dispatch.Routed(Q, A, PROMPT)))
                .onComplete(test.succeeding(d -> test.verify(() -> {
                    check.accept(d.items().getFirst());
                    test.completeNow();
                }))));
    }

    private static List<String> models(Dispatch d) {
        return d.outputs().stream().map(RawExpertOutput::modelId).toList();
    }

    @Test
    void aFailedExpertIsReplacedByTheNextCandidateInItsPlace(Vertx vertx, VertxTestContext test) {
        dispatch(vertx, test, experts(Set.of("m1"), GenerationException.Kind.TRANSIENT), d -> {
            assertNull(d.failure());
            assertEquals(List.of(new Reroute("m1", "m3")), d.reroutes());
            assertEquals(List.of("m3", "m2"), models(d), "the replacement answers where the failed expert would have");
        });
    }

    @Test
    void aReplacementThatFailsTooHandsOnToTheNextCandidate(Vertx vertx, VertxTestContext test) {
        dispatch(vertx, test, experts(Set.of("m1", "m3"), GenerationException.Kind.TRANSIENT), d -> {
            assertEquals(List.of(new Reroute("m1", "m3"), new Reroute("m3", "m4")), d.reroutes());
            assertEquals(List.of("m4", "m2"), models(d));
        });
    }

    @Test
    void whenEveryCandidateFailsTheDispatchSaysWhyRatherThanFailing(Vertx vertx, VertxTestContext test) {
        dispatch(vertx, test, experts(Set.of("m1", "m2", "m3", "m4"), GenerationException.Kind.TRANSIENT), d -> {
            assertEquals(List.of(), d.outputs());
            assertEquals(List.of(new Reroute("m1", "m3"), new Reroute("m2", "m4")), d.reroutes(),
                    "spares go to the failed experts in assignment order");
            PipelineException e = assertInstanceOf(PipelineException.class, d.failure());
            assertEquals(PipelineException.Reason.NO_HEALTHY_EXPERT, e.reason());
        });
    }

    @Test
    void anUnrecordedQuestionStaysA404NotA503(Vertx vertx, VertxTestContext test) {
        dispatch(vertx, test, experts(Set.of("m1", "m2", "m3", "m4"), GenerationException.Kind.NOT_FOUND), d ->
                assertEquals(GenerationException.Kind.NOT_FOUND,
                        assertInstanceOf(GenerationException.class, d.failure()).kind()));
    }
}
