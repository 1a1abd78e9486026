package io.symoe.aggregator.measure;

import io.symoe.aggregator.extract.AnswerExtractor;
import io.symoe.aggregator.extract.Extraction;
import io.symoe.aggregator.extract.ExtractionTally;
import io.symoe.core.recorded.RecordedDataset;
import io.symoe.core.recorded.RecordedOutcome;
import io.symoe.core.recorded.RecordedQuestion;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * How well an extractor agrees with a recorded harness's own extraction ({@link RecordedOutcome#prediction()},
 * e.g. MMLU-Pro's {@code pred}) over recorded texts. Outcomes without a text are not counted.
 */
public final class ExtractorAgreement {
    private ExtractorAgreement() {}

    /**
     * @param texts          outcomes with a text
     * @param bothFound      both the extractor and the harness gave an answer
     * @param agreeWhereBoth of those, how many agree
     * @param onlyExtractor  the extractor answered, the harness did not
     * @param onlyHarness    the harness answered, the extractor did not
     * @param neither        neither answered
     * @param tally          the extractor's rule counts (fallbacks, none)
     */
    public record Report(long texts, long bothFound, long agreeWhereBoth, long onlyExtractor, long onlyHarness,
                         long neither, ExtractionTally tally) {
        /** Agreement where both gave an answer. */
        public double agreementWhereBoth() {
            return bothFound == 0 ? 0 : (double) agreeWhereBoth / bothFound;
        }

        /** Agreement over every text, "no answer" on both sides counting as agreement. */
        public double agreementOverall() {
            return texts == 0 ? 0 : (double) (agreeWhereBoth + neither) / texts;
        }

        @Override
        public String toString() {
            return String.format("texts=%d both=%d agree=%.4f overall=%.4f onlyExtractor=%d onlyHarness=%d"
                            + " neither=%d fallbackRate=%.4f noneRate=%.4f",
                    texts, bothFound, agreementWhereBoth(), agreementOverall(), onlyExtractor, onlyHarness,
                    neither, tally.fallbackRate(), tally.noneRate());
        }
    }

    public static Report measure(RecordedDataset dataset, AnswerExtractor extractor) {
        Objects.requireNonNull(extractor, "extractor");
        List<RecordedOutcome> outcomes = new ArrayList<>();
        for (RecordedQuestion q : dataset.questions()) {
            for (RecordedOutcome o : q.outcomes().values()) {
                if (o.text() != null) {
                    outcomes.add(o);
                }
            }
        }
        return measure(outcomes, extractor);
    }

    public static Report measure(List<RecordedOutcome> outcomes, AnswerExtractor extractor) {
        ExtractionTally tally = new ExtractionTally();
        // Independent texts: extract in parallel, then count sequentially (deterministic).
        List<Extraction> found = outcomes.parallelStream().map(o -> extractor.extract(o.text())).toList();
        long both = 0, agree = 0, onlyE = 0, onlyH = 0, neither = 0;
        for (int i = 0; i < outcomes.size(); i++) {
            Extraction e = found.get(i);
            tally.record(e);
            String pred = outcomes.get(i).prediction();
            boolean h = pred != null && !pred.isBlank();
            if (e.found() && h) {
                both++;
                if (e.answer().get().equals(pred)) {
                    agree++;
                }
            } else if (e.found()) {
                onlyE++;
            } else if (h) {
                onlyH++;
            } else {
                neither++;
            }
        }
        return new Report(outcomes.size(), both, agree, onlyE, onlyH, neither, tally);
    }
}
