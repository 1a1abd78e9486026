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
 * @param competence  answer → its voters' summed competence weight, what {@link TieBreak#COMPETENCE} compares
 * @param tieBreak    the rule that was to resolve equal support
 */
public record VoteTally(Map<String, Double> support, Map<String, List<String>> voters, List<String> abstentions,
                        Optional<String> winner, Map<String, Double> competence, TieBreak tieBreak) {
    private static final double EPS = 1e-9;

    public VoteTally {
        support = Collections.unmodifiableMap(new LinkedHashMap<>(support));
        competence = Collections.unmodifiableMap(new LinkedHashMap<>(competence));
        java.util.Objects.requireNonNull(tieBreak, "tieBreak");
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
        return new VoteTally(support, voters, abstentions, Optional.ofNullable(best), competence, tieBreak);
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

    /**
     * The answers sharing the top support, in first-seen order: more than one means the vote itself did not
     * decide and {@link #decidedBy()} says what did.
     */
    public List<String> tied() {
        double top = support.values().stream().mapToDouble(Double::doubleValue).max().orElse(0);
        return support.entrySet().stream().filter(e -> top - e.getValue() <= EPS).map(Map.Entry::getKey).toList();
    }

    public boolean tie() {
        return tied().size() > 1;
    }

    /**
     * The rule that picked the winner among tied answers: {@link TieBreak#COMPETENCE} when the winner's voters
     * outweigh every other tied answer's, else {@link TieBreak#FIRST_SEEN} (the configured rule, or equal
     * competence too); empty when there was no tie.
     */
    public Optional<TieBreak> decidedBy() {
        if (!tie() || winner.isEmpty()) {
            return Optional.empty();
        }
        if (tieBreak == TieBreak.COMPETENCE) {
            double w = competence.get(winner.get());
            boolean outweighs = tied().stream().filter(a -> !a.equals(winner.get()))
                    .allMatch(a -> w - competence.get(a) > EPS);
            if (outweighs) {
                return Optional.of(TieBreak.COMPETENCE);
            }
        }
        return Optional.of(TieBreak.FIRST_SEEN);
    }

    public List<String> agreeing() {
        return winner.map(voters::get).orElse(List.of());
    }
}
