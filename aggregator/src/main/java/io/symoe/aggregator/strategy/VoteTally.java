package io.symoe.aggregator.strategy;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The counted votes of one instance: support per answer in first-seen order, who voted for what, and the winner.
 * Built by {@link #count}, a pure function of the ballots.
 *
 * @param support     answer → support (vote count, or summed weight for a weighted vote), first-seen order
 * @param voters      answer → the model ids that voted for it, in output order
 * @param abstentions model ids whose text had no extractable answer
 * @param winner      the chosen answer; empty when every expert abstained
 */
public record VoteTally(Map<String, Double> support, Map<String, List<String>> voters, List<String> abstentions,
                        Optional<String> winner) {
    private static final double EPS = 1e-9;

    public VoteTally {
        support = Collections.unmodifiableMap(new LinkedHashMap<>(support));
        LinkedHashMap<String, List<String>> v = new LinkedHashMap<>();
        voters.forEach((k, l) -> v.put(k, List.copyOf(l)));
        voters = Collections.unmodifiableMap(v);
        abstentions = List.copyOf(abstentions);
    }

    /**
     * Counts ballots.
     *
     * @param weighted each vote counts its ballot's weight instead of 1; when every voter's weight is 0 (no
     *                 competence known) the votes count 1 each, so a weighted vote degrades to a majority vote
     * @param tieBreak how equal support is resolved
     */
    public static VoteTally count(List<Ballot> ballots, boolean weighted, TieBreak tieBreak) {
        boolean useWeights = weighted && ballots.stream().anyMatch(b -> b.answer().isPresent() && b.weight() > 0);
        Map<String, Double> support = new LinkedHashMap<>();
        Map<String, Double> competence = new LinkedHashMap<>();
        Map<String, List<String>> voters = new LinkedHashMap<>();
        List<String> abstentions = new ArrayList<>();
        for (Ballot b : ballots) {
            if (b.answer().isEmpty()) {
                abstentions.add(b.modelId());
                continue;
            }
            String a = b.answer().get();
            support.merge(a, useWeights ? b.weight() : 1.0, Double::sum);
            competence.merge(a, b.weight(), Double::sum);
            voters.computeIfAbsent(a, k -> new ArrayList<>()).add(b.modelId());
        }
        String best = null;
        for (String a : support.keySet()) { // first-seen order: a later answer must be strictly better
            if (best == null || better(a, best, support, competence, tieBreak)) {
                best = a;
            }
        }
        return new VoteTally(support, voters, abstentions, Optional.ofNullable(best));
    }

    private static boolean better(String a, String b, Map<String, Double> support, Map<String, Double> competence,
                                  TieBreak tieBreak) {
        double d = support.get(a) - support.get(b);
        if (Math.abs(d) > EPS) {
            return d > 0;
        }
        return tieBreak == TieBreak.COMPETENCE && competence.get(a) - competence.get(b) > EPS;
    }

    /** Whether every expert gave the same answer (no abstention, at least two voters). */
    public boolean unanimous() {
        return abstentions.isEmpty() && support.size() == 1 && voters.values().iterator().next().size() >= 2;
    }

    public List<String> agreeing() {
        return winner.map(voters::get).orElse(List.of());
    }
}
