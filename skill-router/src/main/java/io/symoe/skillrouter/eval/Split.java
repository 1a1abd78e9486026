package io.symoe.skillrouter.eval;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.symoe.core.recorded.RecordedDataset;
import io.symoe.core.recorded.RecordedQuestion;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/** A profile (validation) / evaluation split of a recorded dataset's question ids. Disjoint by construction. */
public record Split(Set<String> profile, Set<String> eval) {
    public Split {
        profile = Collections.unmodifiableSet(new LinkedHashSet<>(profile));
        eval = Collections.unmodifiableSet(new LinkedHashSet<>(eval));
        for (String id : eval) {
            if (profile.contains(id)) {
                throw new IllegalArgumentException("question " + id + " is in both the profile and the eval split");
            }
        }
    }

    /** A seeded random split: {@code profileFraction} of the questions profile the models, the rest evaluate. */
    public static Split random(RecordedDataset dataset, double profileFraction, long seed) {
        if (!(profileFraction > 0 && profileFraction < 1)) {
            throw new IllegalArgumentException("profile fraction must be in (0, 1), got " + profileFraction);
        }
        List<String> ids = new ArrayList<>(dataset.questions().stream().map(RecordedQuestion::id).toList());
        Collections.shuffle(ids, new Random(seed));
        int cut = (int) Math.round(ids.size() * profileFraction);
        return new Split(new LinkedHashSet<>(ids.subList(0, cut)), new LinkedHashSet<>(ids.subList(cut, ids.size())));
    }

    /**
     * The Symbolic-MoE paper's MMLU-Pro split ({@code MMLU_Pro_train.json} profiles, {@code MMLU_Pro_test.json}
     * evaluates), matched to the recorded questions by normalised stem: the paper's records inline the options
     * after " The options are:", which is cut off before matching.
     */
    public static Split paper(RecordedDataset dataset, Path trainJson, Path testJson) {
        Map<String, String> byFull = new HashMap<>();
        Map<String, List<String>> byStem = new HashMap<>();
        for (RecordedQuestion q : dataset.questions()) {
            byFull.putIfAbsent(normalise(q.text() + optionsText(q.options())), q.id());
            byStem.computeIfAbsent(normalise(q.text()), k -> new ArrayList<>()).add(q.id());
        }
        Set<String> train = match(byFull, byStem, trainJson);
        Set<String> test = match(byFull, byStem, testJson);
        test.removeAll(train); // a question listed in both would leak its profile into the evaluation
        return new Split(train, test);
    }

    /** The paper's inline rendering of options: " The options are: (A) x (B) y ...". */
    private static String optionsText(List<String> options) {
        StringBuilder b = new StringBuilder(" The options are:");
        for (int i = 0; i < options.size(); i++) {
            b.append(" (").append((char) ('A' + i)).append(") ").append(options.get(i));
        }
        return b.toString();
    }

    private static Set<String> match(Map<String, String> byFull, Map<String, List<String>> byStem, Path file) {
        JsonNode root;
        try {
            root = new ObjectMapper().readTree(file.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
        Set<String> ids = new LinkedHashSet<>();
        int unmatched = 0;
        for (JsonNode r : root) {
            String q = r.path("question").asText();
            String id = byFull.get(normalise(q));
            if (id == null) {
                // Options rendered differently: fall back to the stem when it names one question only.
                int cut = q.lastIndexOf(" The options are:");
                List<String> same = byStem.getOrDefault(normalise(cut >= 0 ? q.substring(0, cut) : q), List.of());
                id = same.size() == 1 ? same.getFirst() : null;
            }
            if (id == null) {
                unmatched++;
            } else {
                ids.add(id);
            }
        }
        if (ids.isEmpty()) {
            throw new IllegalArgumentException(file + ": no question matched the recorded dataset");
        }
        if (unmatched > 0) {
            System.err.println("warning: " + unmatched + " questions of " + file + " not found in the recorded data");
        }
        return ids;
    }

    /** Lowercase letters and digits only: the paper's copy and the TIGER outputs differ in spacing and punctuation. */
    static String normalise(String text) {
        return text.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]", "");
    }
}
