package io.symoe.orchestrator.service;

import io.symoe.core.Instance;
import io.symoe.core.generation.GenerationException;
import io.symoe.orchestrator.http.HttpApiVerticle;
import io.symoe.orchestrator.pipeline.Pipeline;
import io.symoe.orchestrator.pipeline.SolveResult;
import io.symoe.orchestrator.testing.RecordedPoolFixture;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Replay question resolution runs off the event loop: matching a chat body of up to 1 MiB normalises it once per
 * skipped leading line, and on the loop that would stall every other connection it serves meanwhile.
 */
class RecordedQuestionPipelineTest {
    @TempDir
    Path dir;

    @Test
    void aLargeQuestionIsMatchedOffTheEventLoop() throws Exception {
        RecordedQuestions recorded = RecordedQuestions.read(RecordedPoolFixture.write(dir.resolve("rec")));
        // ~1 MiB over many lines, recorded nowhere: the matcher tries the whole text and then each of the next
        // lines' suffixes, so it does its most work.
        String line = "An unrecorded question about the tides of a distant and entirely fictional sea, line ";
        StringBuilder b = new StringBuilder();
        for (int i = 0; b.length() < (1 << 20) - 200; i++) {
            b.append(line).append(i).append('\n');
        }
        Instance asked = new Instance("req-1", b.toString(), HttpApiVerticle.DEFAULT_TASK);
        Pipeline never = new Pipeline() {
            @Override
            public Future<SolveResult> solve(Instance instance) {
                return Future.failedFuture(new AssertionError("an unrecorded question must not reach the experts"));
            }

            @Override
            public boolean ready() {
                return true;
            }
        };
        Vertx vertx = Vertx.vertx();
        try {
            RecordedQuestionPipeline pipeline = new RecordedQuestionPipeline(vertx, never, recorded);
            CompletableFuture<Boolean> completeOnReturn = new CompletableFuture<>();
            CompletableFuture<Throwable> outcome = new CompletableFuture<>();
            vertx.runOnContext(v -> {
                assertTrue(Vertx.currentContext().isEventLoopContext());
                Future<SolveResult> f = pipeline.solve(asked);
                // Had the match run here, on the loop, the future would already hold its 404.
                completeOnReturn.complete(f.isComplete());
                f.onComplete(ar -> outcome.complete(ar.succeeded() ? null : ar.cause()));
            });
            assertFalse(completeOnReturn.get(30, TimeUnit.SECONDS), "solve must return before the match is done: the match runs on a worker, not on the loop");
            Throwable cause = outcome.get(60, TimeUnit.SECONDS);
            if (cause == null) {
                fail("an unrecorded question resolved");
            }
            GenerationException g = assertInstanceOf(GenerationException.class, cause);
            assertEquals(GenerationException.Kind.NOT_FOUND, g.kind());
            assertTrue(g.getMessage().startsWith("not recorded:"), g.getMessage());
        } finally {
            vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        }
    }
}
