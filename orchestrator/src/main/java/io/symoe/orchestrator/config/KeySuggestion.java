package io.symoe.orchestrator.config;

import java.util.Collection;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The "did you mean" for an unknown key: the known key the writer most likely meant, if one is close enough to be
 * a useful guess rather than noise.
 */
final class KeySuggestion {
    private KeySuggestion() {}

    /**
     * Words other tools' configs use for what symoe calls otherwise (LiteLLM and docker-compose name a backend with
     * {@code name}, many clients say {@code url}). Only suggested where the symoe key is known. ({@code type} is no
     * longer a guess: it is an accepted alias of a backend's {@code kind}, see {@link ConfigAliases}.)
     */
    private static final Map<String, String> OTHER_TOOLS_WORDS = Map.of(
            "name", "id",
            "url", "base-url",
            "endpoint", "base-url",
            "api-base", "base-url",
            "key", "api-key",
            "model", "remote-name");

    static Optional<String> forKey(String unknown, Collection<String> known) {
        String written = normalise(unknown);
        // 1. Same key in another spelling: maxBody, max_body, MAX-BODY.
        for (String k : known) {
            if (k.equals(written)) {
                return Optional.of(k);
            }
        }
        // 2. A word other tools use for one of ours.
        String synonym = OTHER_TOOLS_WORDS.get(written);
        if (synonym != null && known.contains(synonym)) {
            return Optional.of(synonym);
        }
        if (written.length() > 64) {
            return Optional.empty(); // not a typo of a short key, and the distance table would be large
        }
        // 3. A typo: the nearest key within about one edit per three letters.
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String k : known) {
            int d = distance(written, k);
            if (d < bestDistance) {
                best = k;
                bestDistance = d;
            }
        }
        int allowed = Math.max(1, Math.min(written.length(), best == null ? 0 : best.length()) / 3);
        if (best != null && bestDistance <= allowed) {
            return Optional.of(best);
        }
        // 4. A part of a longer key: "budget" for memory-budget.
        for (String k : known) {
            if (written.length() >= 3 && (k.endsWith("-" + written) || k.startsWith(written + "-"))) {
                return Optional.of(k);
            }
        }
        return Optional.empty();
    }

    /** camelCase and snake_case to kebab-case, as the config keys are written. */
    static String normalise(String key) {
        StringBuilder sb = new StringBuilder(key.length() + 4);
        for (int i = 0; i < key.length(); i++) {
            char c = key.charAt(i);
            if (Character.isUpperCase(c) && i > 0 && Character.isLowerCase(key.charAt(i - 1))) {
                sb.append('-');
            }
            sb.append(c == '_' || c == ' ' ? '-' : c);
        }
        return sb.toString().toLowerCase(Locale.ROOT).strip();
    }

    /** Optimal string alignment distance: Levenshtein plus swaps of neighbours ("prot" is one edit from "port"). */
    static int distance(String a, String b) {
        int[][] d = new int[a.length() + 1][b.length() + 1];
        for (int i = 0; i <= a.length(); i++) {
            d[i][0] = i;
        }
        for (int j = 0; j <= b.length(); j++) {
            d[0][j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
                if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
                    d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
                }
            }
        }
        return d[a.length()][b.length()];
    }
}
