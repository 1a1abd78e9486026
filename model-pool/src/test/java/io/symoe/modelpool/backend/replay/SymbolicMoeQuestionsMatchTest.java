package io.symoe.modelpool.backend.replay;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.symoe.core.recorded.RecordedDataset;
import io.symoe.modelpool.recorded.MmluProOutputsReader;
import io.symoe.testsupport.SharedData;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every record of the Symbolic-MoE paper's MMLU-Pro files, in the paper's own format and re-laid out the ways people
 * paste a question, matched against the real TIGER recordings. The paper's gold letter is an independent check that
 * the right recorded question was found. Counts are printed (surefire's report) for the README.
 */
class SymbolicMoeQuestionsMatchTest {
    private static final Pattern PAPER_OPTIONS = Pattern.compile(" The options are: (.*)$", Pattern.DOTALL);
    private static final Pattern PAPER_OPTION = Pattern.compile("\\(([A-Z])\\) (.*?)(?= \\([A-Z]\\) |$)", Pattern.DOTALL);
    private static RecordedDataset recorded;
    private static QuestionMatcher matcher;

    @BeforeAll
    static void read() {
        recorded = MmluProOutputsReader.read(SharedData.require("data/mmlu-pro-outputs"),
                MmluProOutputsReader.Options.OUTCOMES_ONLY);
        matcher = QuestionMatcher.of(recorded.questions());
    }

    /** The paper's {@code "<stem> The options are: (A) x (B) y"} as one option per line, {@code "A. x"}. */
    private static String asLines(String paper) {
        Matcher m = PAPER_OPTIONS.matcher(paper);
        if (!m.find()) {
            return paper;
        }
        StringBuilder b = new StringBuilder(paper.substring(0, m.start())).append('\n');
        Matcher o = PAPER_OPTION.matcher(m.group(1));
        while (o.find()) {
            b.append(o.group(1)).append(". ").append(o.group(2)).append('\n');
        }
        return b.toString();
    }

    private static String stemOnly(String paper) {
        Matcher m = PAPER_OPTIONS.matcher(paper);
        return m.find() ? paper.substring(0, m.start()) : paper;
    }

    @ParameterizedTest
    @ValueSource(strings = {"MMLU_Pro_test.json", "MMLU_Pro_train.json"})
    void atLeast99PercentOfThePapersRecordsFindTheirRecordedQuestion(String file) throws IOException {
        JsonNode records = new ObjectMapper().readTree(SharedData.require("data/symbolic-moe/" + file).toFile());
        Map<String, UnaryOperator<String>> layouts = Map.of("paper", s -> s, "lines", SymbolicMoeQuestionsMatchTest::asLines,
                "chat", s -> "Answer the following multiple choice question.\nQuestion: " + s + "\nAnswer:");
        for (var layout : layouts.entrySet()) {
            int found = 0;
            int wrongGold = 0;
            List<String> misses = new ArrayList<>();
            Map<QuestionMatch.How, Integer> how = new EnumMap<>(QuestionMatch.How.class);
            for (JsonNode r : records) {
                String asked = layout.getValue().apply(r.path("question").asText());
                switch (matcher.match(asked)) {
                    case QuestionMatch.Found f -> {
                        found++;
                        how.merge(f.how(), 1, Integer::sum);
                        if (!f.question().gold().equals(r.path("gold_answer").asText())) {
                            wrongGold++;
                        }
                    }
                    case QuestionMatch.Ambiguous a -> misses.add(a.message(recorded.source()));
                    case QuestionMatch.Unrecorded u -> misses.add(QuestionMatcher.preview(asked));
                }
            }
            System.out.printf("%s (%s layout): %d of %d matched %s, %d with a different gold letter; misses %s%n",
                    file, layout.getKey(), found, records.size(), how, wrongGold, misses);
            assertTrue(found >= Math.ceil(0.99 * records.size()), file + " " + layout.getKey() + ": only " + found
                    + " of " + records.size() + " matched; misses " + misses);
            // The paper's copy and TIGER's answer key disagree on 4 questions that match exactly, stem and every
            // option (TIGER 8142, 8881, 8547 in the test file, 8693 "14 + (−71)" in the train file): data, not matching.
            assertTrue(wrongGold <= records.size() / 200, file + " " + layout.getKey() + ": " + wrongGold
                    + " matched questions have another gold answer");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"MMLU_Pro_test.json", "MMLU_Pro_train.json"})
    void stemsAloneMatchOrAreReportedAmbiguousNeverPickedSilently(String file) throws IOException {
        JsonNode records = new ObjectMapper().readTree(SharedData.require("data/symbolic-moe/" + file).toFile());
        int found = 0;
        int ambiguous = 0;
        int wrong = 0;
        for (JsonNode r : records) {
            switch (matcher.match(stemOnly(r.path("question").asText()))) {
                case QuestionMatch.Found f -> {
                    found++;
                    wrong += f.question().gold().equals(r.path("gold_answer").asText()) ? 0 : 1;
                }
                case QuestionMatch.Ambiguous a -> {
                    ambiguous++;
                    assertTrue(a.candidates().size() >= 2);
                }
                case QuestionMatch.Unrecorded u -> { }
            }
        }
        System.out.printf("%s (stems only): %d matched, %d ambiguous (shared stems), %d with another gold letter%n",
                file, found, ambiguous, wrong);
        assertTrue(found + ambiguous >= Math.ceil(0.99 * records.size()));
        assertTrue(wrong <= records.size() / 200, wrong + " stems matched a question with another gold answer");
    }
}
