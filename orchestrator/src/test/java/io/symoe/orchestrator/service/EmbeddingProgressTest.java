package io.symoe.orchestrator.service;

import org.junit.jupiter.api.Test;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The first replay start's progress, driven by a moved clock instead of a minute of embedding. */
class EmbeddingProgressTest {
    private final AtomicLong now = new AtomicLong(1_000L);
    private final List<String> readiness = new ArrayList<>();
    private final List<String> logged = new ArrayList<>();

    private void at(double seconds) {
        now.set(1_000L + (long) (seconds * 1e9));
    }

    @Test
    void withoutATerminalALineEveryFewSecondsAndReadinessAlwaysSaysHowFar() {
        EmbeddingProgress p = new EmbeddingProgress(9195, "/cache/q.emb", readiness::add, logged::add, null, now::get);
        p.update(0);
        at(2.0);
        p.update(256);
        assertEquals(List.of(), logged, "nothing in the log before the first interval");
        at(5.5);
        p.update(2048);
        at(7.0);
        p.update(2304);
        at(11.0);
        p.update(4100);
        at(12.0);
        p.update(9195);
        assertEquals("embedding questions 4100/9195 (first start only; the vectors are cached in /cache/q.emb)",
                readiness.get(readiness.size() - 2));
        assertEquals(3, logged.size(), logged.toString());
        assertTrue(logged.get(0).startsWith("embedding the recorded questions for routing: 2048/9195 (22 %, ~19 s left)"),
                logged.get(0));
        assertTrue(logged.get(1).contains("4100/9195 (44 %"), logged.get(1));
        assertTrue(logged.get(2).contains("9195/9195 (100 %)"), "the end is logged once a line was: " + logged);
        assertTrue(logged.get(0).endsWith("later starts read them from /cache/q.emb"), logged.get(0));
    }

    @Test
    void aStartServedFromTheCacheShowsNothingButReadiness() {
        EmbeddingProgress p = new EmbeddingProgress(9195, "/cache/q.emb", readiness::add, logged::add, null, now::get);
        p.update(0);
        at(0.4);
        p.update(9195);
        assertEquals(List.of(), logged);
        assertEquals(2, readiness.size());
    }

    @Test
    void onATerminalABarIsRedrawnInPlaceAndEndsWithANewline() {
        StringWriter screen = new StringWriter();
        EmbeddingProgress p = new EmbeddingProgress(100, "/c", readiness::add, logged::add, new PrintWriter(screen), now::get);
        at(1.5);
        p.update(50);
        at(3.0);
        p.update(100);
        String drawn = screen.toString();
        assertTrue(drawn.startsWith("\rembedding questions [###############               ] 50/100, ~1 s left"), drawn);
        assertTrue(drawn.contains("\rembedding questions [##############################] 100/100"), drawn);
        assertTrue(drawn.endsWith(System.lineSeparator()), drawn);
        assertEquals(List.of(), logged, "the bar replaces the log lines");
    }
}
