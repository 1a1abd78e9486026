package io.symoe.aggregator.learned;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What one reasoning text looks like, as numbers a linear model can weigh. Hedging and answer changes mark
 * unsure reasoning; a clean last line ("the answer is (X)") marks a finished one; a loop of the same answer
 * line marks a degenerate generation that ran out of tokens.
 *
 * @param present       1 when there was a text to read (recordings without texts give all zeros)
 * @param lengthK       log(1 + characters / 1000)
 * @param hedges        hedging words per 1000 characters, capped at 5
 * @param cleanFinal    1 when the last non-blank line states the expert's answer
 * @param answerChanges distinct answers stated in the text besides the final one, capped at 3
 * @param loop          1 when one "answer is" statement repeats three or more times
 */
public record ReasoningFeatures(double present, double lengthK, double hedges, double cleanFinal,
                                double answerChanges, double loop) {
    public static final ReasoningFeatures ABSENT = new ReasoningFeatures(0, 0, 0, 0, 0, 0);

    private static final Pattern HEDGE = Pattern.compile(
            "\\b(maybe|perhaps|possibly|probably|might|unsure|not sure|i think|i guess|it seems|likely|unclear"
                    + "|wait|however|alternatively|hmm)\\b");
    private static final Pattern STATED = Pattern.compile("answer is:?\\s*\\(?([a-j])\\)?(?![a-z])");

    public static ReasoningFeatures of(String text, String answer) {
        if (text == null || text.isBlank()) {
            return ABSENT;
        }
        String lower = text.toLowerCase(Locale.ROOT);
        int hedges = 0;
        Matcher h = HEDGE.matcher(lower);
        while (h.find()) {
            hedges++;
        }
        List<String> stated = new ArrayList<>();
        Matcher s = STATED.matcher(lower);
        while (s.find()) {
            stated.add(s.group(1));
        }
        String want = answer == null ? null : answer.toLowerCase(Locale.ROOT);
        long others = stated.stream().distinct().filter(a -> !a.equals(want)).count();
        long maxRepeat = stated.stream().distinct().mapToLong(a -> stated.stream().filter(a::equals).count())
                .max().orElse(0);
        double k = text.length() / 1000.0;
        return new ReasoningFeatures(1, Math.log1p(k), Math.min(5, hedges / Math.max(k, 0.1)),
                cleanFinal(lower, want) ? 1 : 0, Math.min(3, others), maxRepeat >= 3 ? 1 : 0);
    }

    private static boolean cleanFinal(String lower, String answer) {
        if (answer == null) {
            return false;
        }
        String[] lines = lower.strip().split("\n");
        String last = lines[lines.length - 1];
        Matcher m = STATED.matcher(last);
        String found = null;
        while (m.find()) {
            found = m.group(1);
        }
        return answer.equals(found);
    }
}
