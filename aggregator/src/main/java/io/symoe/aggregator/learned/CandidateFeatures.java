package io.symoe.aggregator.learned;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Turns a question's expert votes into candidates with features. The features are relative to the question
 * where that matters (vote share, weight margin over the best rival, posterior among the candidates) because the
 * model scores each candidate on its own and the best score wins: a feature that is the same for all candidates
 * of a question carries nothing about which of them is right.
 *
 * @param experts the pool the one-hot {@code by=<model>} features cover (experts outside it get none)
 * @param priors  answer → how often it was the gold answer in training (empty: uniform)
 */
public record CandidateFeatures(Set<String> experts, Map<String, Double> priors) {
    /** Feature names besides the {@code by=<model>} one-hots, in the order they are documented. */
    public static final List<String> BASE = List.of("votes", "vote_share", "plurality", "unique_top", "weight_sum",
            "weight_max", "weight_margin", "posterior", "top_expert", "first_rank", "prior_ratio", "text_present",
            "text_length_k", "text_hedges", "text_clean_final", "text_answer_changes", "text_loop");

    public CandidateFeatures {
        experts = Set.copyOf(experts);
        priors = Map.copyOf(priors);
    }

    public static String expertFeature(String modelId) {
        return "by=" + modelId;
    }

    /**
     * @param votes   the recruited experts in recruiting order (competence order for the ranked recruiters)
     * @param options how many answers the question allows (10 for MMLU-Pro); 0 or less when open-ended
     * @return one candidate per distinct answer, in first-seen order; empty when every expert abstained
     */
    public List<Candidate> candidates(List<ExpertVote> votes, int options) {
        Objects.requireNonNull(votes, "votes");
        Map<String, List<Integer>> by = new LinkedHashMap<>();
        for (int i = 0; i < votes.size(); i++) {
            Optional<String> a = votes.get(i).answer();
            if (a.isPresent()) {
                by.computeIfAbsent(a.get(), x -> new ArrayList<>()).add(i);
            }
        }
        if (by.isEmpty()) {
            return List.of();
        }
        int answered = by.values().stream().mapToInt(List::size).sum();
        int maxVotes = by.values().stream().mapToInt(List::size).max().orElse(0);
        long atMax = by.values().stream().filter(l -> l.size() == maxVotes).count();
        // Each vote is the naive-Bayes evidence of an expert with log-odds w of being right among `options`.
        double evidence = Math.log(Math.max(1, options - 1));
        Map<String, Double> weightSum = new LinkedHashMap<>();
        Map<String, Double> logit = new LinkedHashMap<>();
        by.forEach((a, idx) -> {
            weightSum.put(a, idx.stream().mapToDouble(i -> votes.get(i).weight()).sum());
            logit.put(a, idx.stream().mapToDouble(i -> votes.get(i).weight() + evidence).sum());
        });
        double top = logit.values().stream().mapToDouble(Double::doubleValue).max().orElse(0);
        double z = logit.values().stream().mapToDouble(l -> Math.exp(l - top)).sum();
        double uniform = options > 0 ? 1.0 / options : 0;
        List<Candidate> out = new ArrayList<>(by.size());
        by.forEach((a, idx) -> {
            Map<String, Double> f = new LinkedHashMap<>();
            f.put("votes", (double) idx.size());
            f.put("vote_share", (double) idx.size() / answered);
            f.put("plurality", idx.size() == maxVotes ? 1.0 : 0.0);
            f.put("unique_top", idx.size() == maxVotes && atMax == 1 ? 1.0 : 0.0);
            f.put("weight_sum", weightSum.get(a));
            f.put("weight_max", idx.stream().mapToDouble(i -> votes.get(i).weight()).max().orElse(0));
            double rival = weightSum.entrySet().stream().filter(e -> !e.getKey().equals(a))
                    .mapToDouble(Map.Entry::getValue).max().orElse(0);
            f.put("weight_margin", weightSum.get(a) - rival);
            f.put("posterior", Math.exp(logit.get(a) - top) / z);
            f.put("top_expert", idx.getFirst() == 0 ? 1.0 : 0.0);
            f.put("first_rank", 1.0 / (1 + idx.getFirst()));
            f.put("prior_ratio", uniform > 0 && priors.containsKey(a) ? priors.get(a) / uniform : 1.0);
            double[] text = new double[6];
            for (int i : idx) {
                ReasoningFeatures r = ReasoningFeatures.of(votes.get(i).text(), a);
                text[0] += r.present();
                text[1] += r.lengthK();
                text[2] += r.hedges();
                text[3] += r.cleanFinal();
                text[4] += r.answerChanges();
                text[5] += r.loop();
            }
            String[] names = {"text_present", "text_length_k", "text_hedges", "text_clean_final",
                    "text_answer_changes", "text_loop"};
            for (int t = 0; t < names.length; t++) {
                f.put(names[t], text[t] / idx.size());
            }
            List<String> supporters = new ArrayList<>();
            for (int i : idx) {
                String m = votes.get(i).modelId();
                supporters.add(m);
                if (experts.contains(m)) {
                    f.put(expertFeature(m), 1.0);
                }
            }
            out.add(new Candidate(a, supporters, f));
        });
        return out;
    }
}
