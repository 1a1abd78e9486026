package io.symoe.benchmarks.cost;

/**
 * One point of the quality-vs-cost chart (the {@code cost_sweep.points} JSON contract that the report renders).
 *
 * @param name     what was run (a model id, {@code topk-vote k=2}, {@code symoe k=2 λ=0.1})
 * @param kind     {@code single}, {@code baseline} or {@code symoe}
 * @param cost     mean USD per evaluated question (summed over the experts called)
 * @param accuracy percent of evaluated questions answered correctly
 */
public record CostPoint(String name, String kind, double cost, double accuracy) {
    public CostPoint {
        if (!kind.equals("single") && !kind.equals("baseline") && !kind.equals("symoe")) {
            throw new IllegalArgumentException("kind must be single, baseline or symoe, got " + kind);
        }
    }
}
