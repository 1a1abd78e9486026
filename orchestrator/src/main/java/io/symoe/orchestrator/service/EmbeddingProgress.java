package io.symoe.orchestrator.service;

import java.io.PrintWriter;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * Reports the first replay start's embedding of every recorded question (about 9 200, a minute or two on two
 * cores): a bar redrawn in place on a terminal, a log line every few seconds otherwise, and always the readiness
 * detail, so {@code /health/ready} says how far it is. Later starts read the vectors from the cache and finish
 * before anything is shown.
 */
final class EmbeddingProgress {
    private static final System.Logger LOG = System.getLogger(EmbeddingProgress.class.getName());
    static final long LOG_EVERY_NANOS = 5_000_000_000L;
    /** Nothing is drawn before this: a start served from the cache should not flash a bar. */
    static final long QUIET_START_NANOS = 1_000_000_000L;
    private static final int BAR_WIDTH = 30;

    private final int total;
    private final String cache;
    private final Consumer<String> readiness;
    private final Consumer<String> log;
    private final PrintWriter terminal;
    private final LongSupplier nanos;
    private final long start;
    private long lastShown;
    private boolean drawn;

    /**
     * @param cache     where the vectors are kept, named so the user knows later starts are fast
     * @param readiness receives the readiness detail
     * @param log       receives the progress lines when there is no terminal
     * @param terminal  the terminal to draw the bar on, or null
     */
    EmbeddingProgress(int total, String cache, Consumer<String> readiness, Consumer<String> log, PrintWriter terminal,
                      LongSupplier nanos) {
        this.total = total;
        this.cache = cache;
        this.readiness = readiness;
        this.log = log;
        this.terminal = terminal;
        this.nanos = nanos;
        this.start = nanos.getAsLong();
        this.lastShown = start;
    }

    /** On the real console when there is one, else through the log. */
    static EmbeddingProgress forConsole(int total, String cache, Consumer<String> readiness) {
        java.io.Console console = System.console();
        PrintWriter terminal = console != null && console.isTerminal() ? console.writer() : null;
        return new EmbeddingProgress(total, cache, readiness, line -> LOG.log(System.Logger.Level.INFO, line),
                terminal, System::nanoTime);
    }

    /** {@code done} of the questions have their vectors. */
    void update(int done) {
        readiness.accept("embedding questions " + done + "/" + total + " (first start only; the vectors are cached in "
                + cache + ")");
        long now = nanos.getAsLong();
        long elapsed = now - start;
        if (elapsed < QUIET_START_NANOS) {
            return;
        }
        if (terminal != null) {
            drawBar(done, elapsed);
        } else if (now - lastShown >= LOG_EVERY_NANOS || (done == total && drawn)) {
            lastShown = now;
            drawn = true;
            log.accept("embedding the recorded questions for routing: " + done + "/" + total + " ("
                    + percent(done) + " %" + eta(done, elapsed) + "); first start only, later starts read them from "
                    + cache);
        }
    }

    private void drawBar(int done, long elapsed) {
        int filled = total == 0 ? BAR_WIDTH : (int) ((long) BAR_WIDTH * done / total);
        terminal.print("\rembedding questions [" + "#".repeat(filled) + " ".repeat(BAR_WIDTH - filled) + "] " + done
                + "/" + total + eta(done, elapsed) + "   ");
        if (done == total) {
            terminal.println();
        }
        terminal.flush();
        drawn = true;
    }

    private int percent(int done) {
        return total == 0 ? 100 : (int) (100L * done / total);
    }

    private String eta(int done, long elapsed) {
        if (done == 0 || done == total) {
            return "";
        }
        long left = (long) ((double) elapsed / done * (total - done) / 1e9);
        return ", ~" + left + " s left";
    }
}
