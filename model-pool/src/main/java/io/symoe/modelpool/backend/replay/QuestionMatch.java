package io.symoe.modelpool.backend.replay;

import io.symoe.core.recorded.RecordedQuestion;

import java.util.List;
import java.util.stream.Collectors;

/**
 * What {@link QuestionMatcher} made of an asked question: one recorded question, several equally good ones, or none.
 */
public sealed interface QuestionMatch {

    /** How closely the asked text matched the recorded question. */
    enum How {
        /** The question's id (in an instance id), not its text. */
        BY_ID,
        /** Stem and every option, in order. */
        WITH_OPTIONS,
        /** The stem alone. */
        STEM_ONLY,
        /** The stem, with options that agree only in part (the paper's copy adds an option the recording lacks). */
        PARTIAL_OPTIONS
    }

    /**
     * @param question the recorded question served
     * @param copies   other recorded questions with the very same stem and options (MMLU-Pro holds ~100 such
     *                 duplicates under different ids); {@code question} is the first of them in the recording
     */
    record Found(RecordedQuestion question, How how, List<RecordedQuestion> copies) implements QuestionMatch {
        public Found {
            copies = List.copyOf(copies);
        }
    }

    /** Several recorded questions fit equally well: they share the asked stem and differ in their options. */
    record Ambiguous(String asked, How how, List<RecordedQuestion> candidates) implements QuestionMatch {
        public Ambiguous {
            candidates = List.copyOf(candidates);
        }

        /** Says which questions fit and how to pick one; names the options so a person can tell them apart. */
        public String message(String source) {
            String listed = candidates.stream().limit(5).map(Ambiguous::describe).collect(Collectors.joining("; "));
            return "ambiguous: \"" + QuestionMatcher.preview(asked) + "\" matches " + candidates.size()
                    + " recorded questions of " + source + " that differ only in their options: " + listed
                    + (candidates.size() > 5 ? "; …" : "") + ". Send the question with its options"
                    + " (\"<question> The options are: (A) … (B) …\", or one option per line) to choose one.";
        }

        private static String describe(RecordedQuestion q) {
            StringBuilder b = new StringBuilder("question ").append(q.id()).append(" with options");
            for (int i = 0; i < Math.min(3, q.options().size()); i++) {
                b.append(" (").append((char) ('A' + i)).append(") ").append(QuestionMatcher.preview(q.options().get(i), 6));
            }
            return b.append(q.options().size() > 3 ? " …" : "").toString();
        }
    }

    /** No recorded question fits. */
    record Unrecorded(String asked) implements QuestionMatch {
        /** Says what was looked for, that replay only serves recordings, and how to serve real models instead. */
        public String message(String source) {
            return "not recorded: no question recorded in " + source + " reads like \"" + QuestionMatcher.preview(asked)
                    + "\" (compared without case, spaces or punctuation; the stem alone or followed by its options)."
                    + " A replay pool serves only the questions it recorded. To answer other questions, serve real"
                    + " models: start without --replay, with a config whose pool lists backends and models"
                    + " (see ops/config/symoe.yaml).";
        }
    }
}
