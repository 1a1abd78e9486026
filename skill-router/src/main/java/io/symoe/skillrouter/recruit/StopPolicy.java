package io.symoe.skillrouter.recruit;

/**
 * The stopping rule a {@code recruiter: sequential} pipeline serves, and where it came from, so readiness can say
 * which one is in use.
 *
 * @param threshold posterior of the leading answer at which recruiting stops
 * @param scale     calibration factor on vote weights (1 = uncalibrated)
 * @param source    who chose the values
 * @param detail    one line on how they were chosen (the training questions, the target calls)
 */
public record StopPolicy(double threshold, double scale, Source source, String detail) {
    /** Where a served threshold comes from. */
    public enum Source {
        /** {@link SequentialRecruiter#DEFAULT_THRESHOLD}: nothing learned and nothing configured. */
        DEFAULT,
        /** Learned on recorded training questions for a target number of calls. */
        LEARNED,
        /** Set explicitly in the config ({@code router.threshold}), which wins over a learned one. */
        CONFIG
    }

    public StopPolicy {
        // Validated the same way the rule validates it, with the rule's message.
        new SequentialStop(threshold, 1, scale);
        if (source == null) {
            throw new IllegalArgumentException("a stop policy needs a source");
        }
        detail = detail == null ? "" : detail;
    }

    public static StopPolicy fallback() {
        return new StopPolicy(SequentialRecruiter.DEFAULT_THRESHOLD, 1.0, Source.DEFAULT,
                "fixed default; nothing learned (no recordings, no sequential-stop.json beside the profiles)");
    }

    public static StopPolicy configured(double threshold) {
        return new StopPolicy(threshold, 1.0, Source.CONFIG, "router.threshold in the config");
    }

    /** The rule for a question budget of {@code maxExperts}. */
    public SequentialStop stop(int maxExperts) {
        return new SequentialStop(threshold, maxExperts, scale);
    }
}
