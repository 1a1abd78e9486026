package io.symoe.aggregator.extract;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counts extractions by rule, and how many a fallback rule decided: the "how often did we guess" number a run
 * reports. Thread-safe; {@link #recording(AnswerExtractor)} wraps an extractor so every call is counted.
 */
public final class ExtractionTally {
    private final Map<ExtractionRule, LongAdder> byRule = new EnumMap<>(ExtractionRule.class);
    private final LongAdder fallbacks = new LongAdder();
    private final LongAdder total = new LongAdder();

    public ExtractionTally() {
        for (ExtractionRule r : ExtractionRule.values()) {
            byRule.put(r, new LongAdder());
        }
    }

    public void record(Extraction e) {
        total.increment();
        byRule.get(e.rule()).increment();
        if (e.fallback()) {
            fallbacks.increment();
        }
    }

    public AnswerExtractor recording(AnswerExtractor extractor) {
        return text -> {
            Extraction e = extractor.extract(text);
            record(e);
            return e;
        };
    }

    public long total() {
        return total.sum();
    }

    public long count(ExtractionRule rule) {
        return byRule.get(rule).sum();
    }

    public long fallbacks() {
        return fallbacks.sum();
    }

    public long none() {
        return count(ExtractionRule.NONE);
    }

    public double fallbackRate() {
        long t = total();
        return t == 0 ? 0 : (double) fallbacks() / t;
    }

    public double noneRate() {
        long t = total();
        return t == 0 ? 0 : (double) none() / t;
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("total=").append(total());
        byRule.forEach((r, n) -> {
            if (n.sum() > 0) {
                sb.append(' ').append(r).append('=').append(n.sum());
            }
        });
        return sb.append(" fallbacks=").append(fallbacks()).toString();
    }
}
