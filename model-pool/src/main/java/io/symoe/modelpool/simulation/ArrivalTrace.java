package io.symoe.modelpool.simulation;

import io.symoe.core.recorded.RecordedQuestion;
import io.symoe.modelpool.schedule.Request;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Random;
import java.util.function.Function;

/**
 * Turns routed questions into the scheduler's requests: one request per (question, distinct recruited model),
 * all of a question's requests arriving together.
 */
public final class ArrivalTrace {
    private ArrivalTrace() {}

    /**
     * @param questions         the instances, in arrival order
     * @param recruiter         question → recruited model ids (duplicates share one request: the backend samples
     *                          them in the same batch)
     * @param arrivalsPerSecond Poisson arrival rate of questions, or 0 for a batch where all arrive at time 0
     * @param seed              seeds the exponential inter-arrival times
     */
    public static List<Request> build(List<RecordedQuestion> questions, Function<RecordedQuestion, List<String>> recruiter,
                                      double arrivalsPerSecond, long seed) {
        if (!(arrivalsPerSecond >= 0) || Double.isInfinite(arrivalsPerSecond)) {
            throw new IllegalArgumentException("arrival rate must be a finite number >= 0, got " + arrivalsPerSecond);
        }
        Random random = new Random(seed);
        List<Request> trace = new ArrayList<>();
        double t = 0;
        for (RecordedQuestion q : questions) {
            if (arrivalsPerSecond > 0) {
                t += -Math.log(1 - random.nextDouble()) / arrivalsPerSecond;
            }
            List<String> models = recruiter.apply(q);
            if (models == null || models.isEmpty()) {
                throw new IllegalArgumentException("recruiter chose no model for question " + q.id());
            }
            for (String m : new LinkedHashSet<>(models)) {
                trace.add(new Request(q.id() + "#" + m, m, t));
            }
        }
        return trace;
    }
}
