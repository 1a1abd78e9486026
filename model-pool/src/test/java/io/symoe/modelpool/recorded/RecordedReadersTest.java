package io.symoe.modelpool.recorded;

import io.symoe.core.recorded.RecordedDataset;
import io.symoe.core.recorded.RecordedQuestion;
import io.symoe.testsupport.SharedData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RecordedReadersTest {

    private static void zip(Path zipFile, String entry, String json) throws IOException {
        try (OutputStream out = Files.newOutputStream(zipFile); ZipOutputStream z = new ZipOutputStream(out)) {
            z.putNextEntry(new ZipEntry(entry));
            z.write(json.getBytes(StandardCharsets.UTF_8));
            z.closeEntry();
        }
    }

    @Test
    void tigerZipsPivotIntoQuestionsAndSkipJunk(@TempDir Path dir) throws IOException {
        zip(dir.resolve("model_outputs_A-7B_5shots.zip"), "model_outputs_A-7B_5shots.json", """
                [{"question_id": 1, "question": "Q1?", "options": ["x","y"], "answer": "B", "answer_index": 1,
                  "category": "math", "src": "s", "pred": "B", "generated_text": "so the answer is (B)"},
                 "stray string",
                 {"question_id": 2, "question": "Q2?", "options": ["x","y"], "answer": "A", "category": "law",
                  "pred": null, "generated_text": "no idea"},
                 {"question": "missing id", "answer": "A"}]
                """);
        zip(dir.resolve("model_outputs_B-70B_5shots.zip"), "nested/out.json", """
                [{"question_id": 2, "question": "Q2?", "options": ["x","y"], "answer": "A", "category": "law",
                  "pred": "A", "generated_text": null, "model_outputs": "answer is (A)"}]
                """);
        Files.writeString(dir.resolve("README.txt"), "not a model file");

        RecordedDataset d = MmluProOutputsReader.read(dir);
        assertEquals(java.util.List.of("A-7B", "B-70B"), d.models());
        assertEquals(2, d.skippedEntries());
        assertEquals(2, d.questions().size());
        RecordedQuestion q2 = d.byId().get("2");
        assertEquals("law", q2.category());
        assertEquals("A", q2.gold());
        assertNull(q2.outcomes().get("A-7B").prediction());
        assertEquals(0.0, q2.outcomes().get("A-7B").score());
        assertEquals("answer is (A)", q2.outcomes().get("B-70B").text(), "model_outputs is the text when generated_text is null");
        assertTrue(q2.outcomes().get("B-70B").correct());
        assertEquals(java.util.List.of("A-7B"), d.completeModels());

        RecordedDataset onlyB = MmluProOutputsReader.read(dir,
                MmluProOutputsReader.Options.OUTCOMES_ONLY.only(m -> m.startsWith("B")));
        assertEquals(java.util.List.of("B-70B"), onlyB.models());
        assertNull(onlyB.questions().getFirst().outcomes().get("B-70B").text());
    }

    @Test
    void tigerErrorsNameTheFile(@TempDir Path dir) throws IOException {
        assertThrows(RecordedDataException.class, () -> MmluProOutputsReader.read(dir.resolve("nope")));
        var e = assertThrows(RecordedDataException.class, () -> MmluProOutputsReader.read(dir));
        assertTrue(e.getMessage().contains("no model_outputs"), e.getMessage());
        zip(dir.resolve("model_outputs_X_5shots.zip"), "x.json", "[{\"question_id\": 1, \"question\": \"q\"");
        e = assertThrows(RecordedDataException.class, () -> MmluProOutputsReader.read(dir));
        assertTrue(e.getMessage().contains("model_outputs_X_5shots.zip"), e.getMessage());
    }

    @Test
    void routerBenchFollowsTheHeaderAndKeepsMultiLineCells(@TempDir Path dir) throws IOException {
        Path f = dir.resolve("t.csv.gz");
        try (var out = new GZIPOutputStream(Files.newOutputStream(f))) {
            out.write(("""
                    ,sample_id,prompt,eval_name,m1,m2,m2|model_response,m1|model_response,m1|total_cost,m2|total_cost,oracle_model_to_route_to
                    0,s.1,"line one
                    line two, with comma",arc,1.0,0.0,"resp m2","resp m1",0.5,0.25,m1
                    """).getBytes(StandardCharsets.UTF_8));
        }
        RecordedDataset d = RouterBenchReader.read(f);
        assertEquals(java.util.List.of("m1", "m2"), d.models());
        RecordedQuestion q = d.questions().getFirst();
        assertEquals("line one\nline two, with comma", q.text());
        assertEquals("resp m1", q.outcomes().get("m1").text());
        assertEquals(0.25, q.outcomes().get("m2").cost());
        assertTrue(q.outcomes().get("m1").correct());
    }

    @Test
    void routerDcParsesPythonDictScores(@TempDir Path dir) throws IOException {
        Path f = dir.resolve("mmlu_test.json");
        Files.writeString(f, """
                [{"question": "Q?", "scores": "{'org/m-1': 0.9, 'org/m2': 0.1}"},
                 {"question": "Q2?", "scores": {"org/m-1": 0.2}},
                 {"question": "bad"}]
                """);
        RecordedDataset d = RouterDcReader.read(f);
        assertEquals(java.util.List.of("org/m-1", "org/m2"), d.models());
        assertEquals(2, d.questions().size());
        assertEquals(1, d.skippedEntries());
        assertEquals("mmlu", d.questions().getFirst().category());
        assertEquals(0.9, d.questions().getFirst().outcomes().get("org/m-1").score());
    }

    @Test
    void realMmluProOutputs() {
        Path dir = SharedData.require("data/mmlu-pro-outputs");
        RecordedDataset d = MmluProOutputsReader.read(dir, MmluProOutputsReader.Options.OUTCOMES_ONLY);
        assertEquals(29, d.models().size());
        assertEquals(9195, d.questions().size());
        assertEquals(43, d.skippedEntries(), "DeepSeek-Coder-V2's 43 stray strings");
        // DeepSeek-Coder-V2 covers part of the set and the two gemini runs miss a few questions each.
        assertEquals(26, d.completeModels().size(), d.completeModels().toString());
        assertEquals(14, d.questions().stream().map(RecordedQuestion::category).distinct().count());
    }

    @Test
    void realRouterBenchAndRouterDc() {
        RecordedDataset arc = RouterBenchReader.read(SharedData.require("data/routerbench/arc_challenge_test.csv.gz"));
        assertEquals(11, arc.models().size());
        assertEquals(445, arc.questions().size());
        RecordedDataset dc = RouterDcReader.read(SharedData.require("data/routerdc-7b/mmlu_test.json.gz"));
        assertEquals(7, dc.models().size());
        assertEquals(4213, dc.questions().size());
    }
}
