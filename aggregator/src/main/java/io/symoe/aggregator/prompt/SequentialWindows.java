package io.symoe.aggregator.prompt;

import java.util.ArrayList;
import java.util.List;

/**
 * Self-MoA-Seq's sliding window (Li et al. 2025, "Rethinking Mixture-of-Agents: Is Mixing Different Large
 * Language Models Beneficial?"): when N samples do not fit the aggregator's context at once, the first step
 * synthesises samples [0, w), and every later step synthesises the previous step's output together with the
 * next w raw samples, until all N are consumed. ceil(N / w) steps; N ≤ w is plain Self-MoA in one step.
 *
 * @param samples N, the samples to merge
 * @param window  w, the raw samples per step
 * @param order   the order samples are fed in (indices into the caller's list)
 * @param steps   each step's sample indices, in feeding order
 */
public record SequentialWindows(int samples, int window, List<Integer> order, List<List<Integer>> steps) {
    public SequentialWindows {
        if (samples < 1) {
            throw new IllegalArgumentException("Self-MoA-Seq needs at least one sample, got " + samples);
        }
        if (window < 1) {
            throw new IllegalArgumentException("window must be >= 1, got " + window);
        }
        order = List.copyOf(order);
        steps = steps.stream().map(List::copyOf).toList();
    }

    /** Windows over samples fed in the given order. */
    public static SequentialWindows over(List<Integer> order, int window) {
        int n = order.size();
        if (n < 1) {
            throw new IllegalArgumentException("Self-MoA-Seq needs at least one sample");
        }
        if (window < 1) {
            throw new IllegalArgumentException("window must be >= 1, got " + window);
        }
        List<List<Integer>> steps = new ArrayList<>();
        for (int from = 0; from < n; from += window) {
            steps.add(order.subList(from, Math.min(n, from + window)));
        }
        return new SequentialWindows(n, window, order, steps);
    }

    /** Windows over samples 0..n-1 in order. */
    public static SequentialWindows inOrder(int samples, int window) {
        List<Integer> order = new ArrayList<>(samples);
        for (int i = 0; i < samples; i++) {
            order.add(i);
        }
        return over(order, window);
    }

    /**
     * The largest window that fits the aggregator's context: every step's prompt holds the fixed text, the
     * question and instruction, the carried synthesis (budgeted at the generation cap, its worst case) and w
     * samples at the longest sample's size, and must leave room for the generation itself.
     *
     * @param contextTokens       the aggregator model's context length
     * @param maxNewTokens        the generation cap (reserved for the output, and the carried synthesis's bound)
     * @param fixedTokens         question + instruction + the prompt's own wording
     * @param longestSampleTokens the longest sample
     * @param samples             N; the window is clamped to it
     * @throws IllegalArgumentException when not even one sample fits
     */
    public static int windowFor(int contextTokens, int maxNewTokens, int fixedTokens, int longestSampleTokens,
                                int samples) {
        if (contextTokens < 1 || maxNewTokens < 1 || fixedTokens < 0 || longestSampleTokens < 0 || samples < 1) {
            throw new IllegalArgumentException("window budget needs positive sizes, got context=" + contextTokens
                    + " maxNew=" + maxNewTokens + " fixed=" + fixedTokens + " sample=" + longestSampleTokens
                    + " samples=" + samples);
        }
        long room = (long) contextTokens - maxNewTokens /* output */ - maxNewTokens /* carried synthesis */
                - fixedTokens;
        int perSample = Math.max(1, longestSampleTokens);
        long w = room / perSample;
        if (w < 1) {
            throw new IllegalArgumentException("a context of " + contextTokens + " tokens cannot hold one sample of "
                    + longestSampleTokens + " tokens plus " + fixedTokens + " fixed and 2 x " + maxNewTokens
                    + " reserved for the carried synthesis and the output");
        }
        return (int) Math.min(w, samples);
    }

    public int stepCount() {
        return steps.size();
    }
}
