package io.symoe.modelpool.backend.replay;

import io.symoe.core.recorded.RecordedQuestion;

import java.text.Normalizer;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Finds the recorded question an asked text stands for. The one rule for the replay backend, the replay service's
 * question resolution and the benchmarks' Symbolic-MoE split, so that what the benchmarks count as recorded is what
 * the service answers.
 *
 * <p>Texts are compared as keys: Unicode-normalised (NFKC), lower-cased, with whitespace and sentence punctuation
 * ({@code . , ; : ! ? ' " ( ) [ ] {}} and typographic quotes) removed. Maths symbols ({@code + - * / = < >}) are kept:
 * {@code x+1} and {@code x-1} are different questions. Under that key every usual way of writing the options reduces
 * to the same string: {@code "The options are: (A) x (B) y"}, {@code "(A) x (B) y"}, lines {@code "A. x"} or
 * {@code "A) x"} all become {@code "[theoptionsare]axby"}. So an asked text matches a recorded question when its key
 * is the stem's key, optionally followed by a marker ({@code The options are:}, {@code Options:}, {@code Choices:})
 * and the options' key.
 *
 * <p>Ranking, best first: stem and all options; the stem alone; the stem with options that agree with the recorded
 * ones from the first option on, for as long as possible. Recorded questions with the same stem and the same options
 * are one question (the recording's first one is served). When several different recorded questions rank best — a
 * stem shared by questions with different options, asked without options — the match is {@link
 * QuestionMatch.Ambiguous}, never a silent pick. A leading instruction line or {@code Question:} label before the
 * question is skipped when the text as a whole matches nothing.
 */
public final class QuestionMatcher {
    /** Keys shorter than this are indexed whole; longer ones by this prefix. */
    private static final int PREFIX = 24;
    private static final List<String> MARKERS = List.of(
            key("The options are:"), key("Answer choices:"), key("Options:"), key("Choices:"), "");
    /** What people append after a question (and its options) to prompt for the answer. */
    private static final Set<String> TRAILERS = Set.of(key("Answer:"), key("The answer is"),
            key("Let's think step by step."));
    private static final int MAX_SKIPPED_LINES = 6;

    private record Entry(RecordedQuestion question, String stemKey, String optionsKey, String firstOptionKey,
                         List<RecordedQuestion> copies) {}

    private final Map<String, List<Entry>> byPrefix = new HashMap<>();
    private final int shortest;

    private QuestionMatcher(Collection<RecordedQuestion> questions) {
        Map<String, Entry> unique = new LinkedHashMap<>();
        for (RecordedQuestion q : questions) {
            String stem = key(q.text());
            String options = optionsKey(q.options());
            Entry first = unique.get(stem + '\u0000' + options);
            if (first != null) {
                first.copies().add(q);
                continue;
            }
            String firstOption = q.options().isEmpty() ? "" : "a" + key(q.options().getFirst());
            unique.put(stem + '\u0000' + options, new Entry(q, stem, options, firstOption, new ArrayList<>()));
        }
        int min = Integer.MAX_VALUE;
        for (Entry e : unique.values()) {
            byPrefix.computeIfAbsent(prefix(e.stemKey()), k -> new ArrayList<>()).add(e);
            min = Math.min(min, e.stemKey().length());
        }
        this.shortest = min == Integer.MAX_VALUE ? 0 : min;
    }

    public static QuestionMatcher of(Collection<RecordedQuestion> questions) {
        return new QuestionMatcher(questions);
    }

    /** The recorded question {@code asked} stands for, several equally good ones, or none. */
    public QuestionMatch match(String asked) {
        QuestionMatch whole = matchFrom(asked, 0);
        if (!(whole instanceof QuestionMatch.Unrecorded)) {
            return whole;
        }
        // A chat client may put an instruction line ("Answer the following multiple choice question.") or a
        // "Question:" label before the question itself.
        int from = 0;
        for (int skipped = 0; skipped < MAX_SKIPPED_LINES; skipped++) {
            int next = nextStart(asked, from);
            if (next < 0) {
                break;
            }
            QuestionMatch m = matchFrom(asked, next);
            if (!(m instanceof QuestionMatch.Unrecorded)) {
                return m;
            }
            from = next;
        }
        return whole;
    }

    private QuestionMatch matchFrom(String asked, int start) {
        String text = asked.substring(start);
        String q = key(text);
        if (q.isEmpty()) {
            return new QuestionMatch.Unrecorded(asked);
        }
        int bestRank = 0;
        int bestAgreement = -1;
        List<Entry> best = new ArrayList<>();
        for (Entry e : candidates(q)) {
            if (!q.startsWith(e.stemKey())) {
                continue;
            }
            long score = score(q.substring(e.stemKey().length()), e);
            int rank = (int) (score >>> 32);
            int agreement = (int) score;
            if (rank == 0) {
                continue;
            }
            if (rank > bestRank || (rank == bestRank && agreement > bestAgreement)) {
                bestRank = rank;
                bestAgreement = agreement;
                best.clear();
            }
            if (rank == bestRank && agreement == bestAgreement) {
                best.add(e);
            }
        }
        if (best.isEmpty()) {
            return new QuestionMatch.Unrecorded(asked);
        }
        QuestionMatch.How how = switch (bestRank) {
            case 3 -> QuestionMatch.How.WITH_OPTIONS;
            case 2 -> QuestionMatch.How.STEM_ONLY;
            default -> QuestionMatch.How.PARTIAL_OPTIONS;
        };
        if (best.size() == 1) {
            Entry e = best.getFirst();
            return new QuestionMatch.Found(e.question(), how, e.copies());
        }
        List<RecordedQuestion> candidates = new ArrayList<>();
        best.forEach(e -> candidates.add(e.question()));
        return new QuestionMatch.Ambiguous(text.strip(), how, candidates);
    }

    /** Recorded entries whose stem key may be a prefix of {@code q}. */
    private List<Entry> candidates(String q) {
        List<Entry> out = new ArrayList<>();
        for (int len = Math.max(1, shortest); len < Math.min(PREFIX, q.length() + 1); len++) {
            List<Entry> shortStems = byPrefix.get(q.substring(0, len));
            if (shortStems != null) {
                out.addAll(shortStems);
            }
        }
        if (q.length() >= PREFIX) {
            List<Entry> stems = byPrefix.get(q.substring(0, PREFIX));
            if (stems != null) {
                out.addAll(stems);
            }
        }
        return out;
    }

    /**
     * Rank (high 32 bits: 3 all options, 2 stem only, 1 options agreeing in part, 0 no match) and, for rank 1, how
     * many key characters of the options agree (low 32 bits), for the part of the asked key after the stem.
     */
    private static long score(String rest, Entry e) {
        if (rest.isEmpty() || TRAILERS.contains(rest)) {
            return 2L << 32;
        }
        if (e.optionsKey().isEmpty()) {
            return 0;
        }
        int agreement = -1;
        for (String marker : MARKERS) {
            if (!rest.startsWith(marker)) {
                continue;
            }
            String options = rest.substring(marker.length());
            if (options.startsWith(e.optionsKey())
                    && (options.length() == e.optionsKey().length()
                        || TRAILERS.contains(options.substring(e.optionsKey().length())))) {
                return 3L << 32;
            }
            int common = commonPrefix(options, e.optionsKey());
            if (common >= e.firstOptionKey().length()) {
                agreement = Math.max(agreement, common);
            }
        }
        return agreement < 0 ? 0 : (1L << 32) | agreement;
    }

    private static int commonPrefix(String a, String b) {
        int n = Math.min(a.length(), b.length());
        int i = 0;
        while (i < n && a.charAt(i) == b.charAt(i)) {
            i++;
        }
        return i;
    }

    /** Where the text after the next line break or {@code Question:} label starts, or -1. */
    private static int nextStart(String text, int from) {
        int line = text.indexOf('\n', from);
        int label = text.toLowerCase(Locale.ROOT).indexOf("question:", from);
        int labelEnd = label < 0 ? -1 : label + "question:".length();
        if (line < 0 && labelEnd < 0) {
            return -1;
        }
        if (line < 0) {
            return labelEnd;
        }
        return labelEnd < 0 ? line + 1 : Math.min(line + 1, labelEnd);
    }

    private static String prefix(String key) {
        return key.length() <= PREFIX ? key : key.substring(0, PREFIX);
    }

    /** The options as they reduce under {@link #key}: letter then text, for each option in order. */
    static String optionsKey(List<String> options) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < options.size(); i++) {
            b.append((char) ('a' + i)).append(key(options.get(i)));
        }
        return b.toString();
    }

    /** The comparison key of a text (see the class comment). */
    public static String key(String text) {
        String s = Normalizer.normalize(text, Normalizer.Form.NFKC).toLowerCase(Locale.ROOT);
        StringBuilder b = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (!Character.isWhitespace(c) && !Character.isSpaceChar(c) && DROPPED.indexOf(c) < 0) {
                b.append(c);
            }
        }
        return b.toString();
    }

    private static final String DROPPED = ".,;:!?'\"`()[]{}\u2018\u2019\u201c\u201d\u00ab\u00bb\u2026";

    /** The first words of a text, whitespace collapsed, for messages. */
    public static String preview(String text) {
        return preview(text, 14);
    }

    static String preview(String text, int words) {
        String[] w = text.strip().split("\\s+");
        if (w.length <= words) {
            return String.join(" ", w);
        }
        return String.join(" ", java.util.Arrays.copyOf(w, words)) + " …";
    }
}
