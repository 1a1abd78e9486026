package io.symoe.skillrouter.recruit;

import java.util.Locale;

/**
 * The stopping rule a {@code recruiter: sequential} pipeline serves, and where it came from, so readiness can say
 * which one is in use.
 *
 * @param kind      which rule: stop on a confident leader, or when more experts are not worth a call
 * @param knob      the rule's knob: the posterior threshold, or the worth of a right answer in calls
 * @param scale     calibration factor on vote weights (1 = uncalibrated)
 * @param source    who chose the values
 * @param detail    one line on how they were chosen (the training questions, the target calls)
 */
public record StopPolicy(Kind kind, double knob, double scale, Source source, String detail) {
    /** The served rule's family. */
    public enum Kind {
        /** {@link SequentialStop}: stop once the leader's posterior reaches {@code knob}. */
        THRESHOLD,
        /**
         * {@link CostAwareStop} with every call priced 1: call on while the expected gain of the next one or two
         * experts times {@code knob} is worth their calls.
         */
        EXPECTED_GAIN
    }

    /** Where a served rule comes from. */
    public enum Source {
        /** {@link SequentialRecruiter#DEFAULT_THRESHOLD}: nothing learned and nothing configured. */
        DEFAULT,
        /** Learned on recorded training questions for a target number of calls. */
        LEARNED,
        /** Set explicitly in the config ({@code router.threshold}), which wins over a learned one. */
        CONFIG
    }

    public StopPolicy {
        if (kind == null || source == null) {
            throw new IllegalArgumentException("a stop policy needs a kind and a source");
        }
        // Validated the same way the rule validates it, with the rule's message.
        new StopPolicy.Probe(kind, knob, scale).rule(1);
        detail = detail == null ? "" : detail;
    }

    /** A threshold rule. */
    public static StopPolicy threshold(double threshold, double scale, Source source, String detail) {
        return new StopPolicy(Kind.THRESHOLD, threshold, scale, source, detail);
    }

    public static StopPolicy fallback() {
        return threshold(SequentialRecruiter.DEFAULT_THRESHOLD, 1.0, Source.DEFAULT,
                "fixed default; nothing learned (no recordings, no sequential-stop.json beside the profiles)");
    }

    public static StopPolicy configured(double threshold) {
        return threshold(threshold, 1.0, Source.CONFIG, "router.threshold in the config");
    }

    /** The rule for a question budget of {@code maxExperts}. */
    public StopRule stop(int maxExperts) {
        return new Probe(kind, knob, scale).rule(maxExperts);
    }

    /** How readiness and logs name the rule: {@code threshold 0.27, scale 0.5} or {@code expected-gain value 70.0 calls, scale 0.5}. */
    public String describe() {
        return kind == Kind.THRESHOLD
                ? String.format(Locale.ROOT, "threshold %s, scale %s", knob, scale)
                : String.format(Locale.ROOT, "expected-gain value %s calls, scale %s", knob, scale);
    }

    private record Probe(Kind kind, double knob, double scale) {
        StopRule rule(int maxExperts) {
            return kind == Kind.THRESHOLD ? new SequentialStop(knob, maxExperts, scale)
                    : new CostAwareStop(knob, Double.POSITIVE_INFINITY, maxExperts, scale);
        }
    }
}
