package io.symoe.benchmarks.replay;

import java.io.Serializable;
import java.util.Map;
import java.util.TreeMap;

/**
 * One seed of one router: the unit a sweep is made of, computed locally or on a cluster member and merged by
 * {@link ReplaySweep#merge}. Serializable, because cluster members send it back.
 *
 * @param router          the router's name
 * @param seed            the seed it ran with
 * @param right           questions answered correctly
 * @param questions       questions evaluated
 * @param categoryRight   category → questions answered correctly
 * @param categoryTotal   category → questions evaluated
 * @param calls           expert calls
 * @param loads           distinct models recruited
 */
public record SeedResult(String router, int seed, int right, int questions, Map<String, Integer> categoryRight,
                         Map<String, Integer> categoryTotal, int calls, int loads) implements Serializable {
    public SeedResult {
        categoryRight = new TreeMap<>(categoryRight);
        categoryTotal = new TreeMap<>(categoryTotal);
    }
}
