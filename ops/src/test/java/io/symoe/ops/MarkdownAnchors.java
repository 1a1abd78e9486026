package io.symoe.ops;

import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Set;

/** The anchors GitHub gives a Markdown file's headings, so links like {@code RUNBOOK.md#drain-a-node} can be checked. */
final class MarkdownAnchors {
    private MarkdownAnchors() {}

    static Set<String> of(String markdown) {
        Set<String> anchors = new LinkedHashSet<>();
        boolean inFence = false;
        for (String line : markdown.split("\n")) {
            if (line.startsWith("```")) {
                inFence = !inFence;
            } else if (!inFence && line.matches("#{1,6} .*")) {
                anchors.add(slug(line.replaceFirst("#+ ", "")));
            }
        }
        return anchors;
    }

    /** GitHub's rule: lower case, drop punctuation except '-' and '_', spaces to '-'. */
    static String slug(String heading) {
        return heading.strip().toLowerCase(Locale.ROOT)
                .replaceAll("[^\\p{L}\\p{N} _-]", "")
                .replace(' ', '-');
    }
}
