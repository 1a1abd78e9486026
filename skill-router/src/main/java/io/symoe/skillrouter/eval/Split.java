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
     * evaluates) as sets; {@link SymbolicMoeSplit} keeps the paper's order and repeats, which parity scoring needs.
     */
    public static Split paper(RecordedDataset dataset, Path trainJson, Path testJson) {
        SymbolicMoeSplit s = SymbolicMoeSplit.load(trainJson, testJson, dataset);
        if (s.profileIds().isEmpty() || s.evalIds().isEmpty()) {
            throw new IllegalArgumentException(trainJson.getParent() + ": no question of the paper's split matched "
                    + dataset.source());
        }
        Set<String> profile = new LinkedHashSet<>(s.profileIds());
        Set<String> eval = new LinkedHashSet<>(s.evalIds());
        eval.removeAll(profile); // a question listed in both would leak its profile into the evaluation
        return new Split(profile, eval);
    }
}
