package io.symoe.skillrouter.embedding;

import io.symoe.core.recorded.RecordedQuestion;
import io.symoe.modelpool.recorded.MmluProOutputsReader;
import io.symoe.skillrouter.skills.NearestKeywordMapper;
import io.symoe.testsupport.SharedData;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.symoe.core.recorded.RecordedQuestion;
import io.symoe.modelpool.recorded.MmluProOutputsReader;
import io.symoe.testsupport.SharedData;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The real all-MiniLM-L6-v2 model, loaded from the Maven artifact (no network). */
class MiniLmEmbedderTest {
    private static MiniLmEmbedder embedder;

    @BeforeAll
    static void load() {
        embedder = new MiniLmEmbedder(2);
    }

    @AfterAll
    static void close() {
        embedder.close();
    }

    @Test
    void vectorsAreUnitLengthAndSimilarTextsAreCloser() {
        float[][] v = embedder.embed(List.of("the mitochondria is the powerhouse of the cell",
                "cellular respiration happens in mitochondria", "the court ruled the contract void"));
        assertEquals(384, v[0].length);
        assertEquals(1.0, Vectors.dot(v[0], v[0]), 1e-4);
        assertTrue(Vectors.dot(v[0], v[1]) > Vectors.dot(v[0], v[2]) + 0.2);
    }

    @Test
    void keywordVocabularyPersistsAsVersionedJson(@TempDir Path dir) {
        var mapper = new NearestKeywordMapper(embedder, List.of("chemistry", "property law", "finance"));
        Path f = dir.resolve("vocabulary.json");
        QuestionIndexJson.write(mapper.asIndex(), f);
        var restored = new NearestKeywordMapper(embedder, QuestionIndexJson.read(f));
        assertEquals(mapper.vocabulary(), restored.vocabulary());
        assertEquals(List.of("chemistry", "property law"), restored.map(List.of("organic chemistry", "real estate law")));
    }

    @Test
    void nearestKeywordMappingBehavesOnRealWords() {
        var mapper = new NearestKeywordMapper(embedder, List.of("chemistry", "property law", "psychology",
                "microbiology", "finance", "political science"));
        assertEquals("chemistry", mapper.nearest("organic chemistry"));
        assertEquals("property law", mapper.nearest("real estate law"));
        assertEquals("finance", mapper.nearest("corporate investment"));
        // duplicates are kept: two chemistry keywords map to the same validation keyword twice
        assertEquals(List.of("chemistry", "chemistry", "microbiology"),
                mapper.map(List.of("organic chemistry", "chemical reactions", "bacteria")));
    }

    @Test
    void givesLangChain4jsVectorsInTextOrder() {
        String window = "The reaction rate doubles when the temperature of the vessel rises by ten kelvin. ";
        List<String> texts = List.of("organic chemistry", "What is the derivative of x squared with respect to x?",
                "property law", window.repeat(60), // ~1 000 word pieces, of which both keep the first 126
                "the court ruled the contract void because one party lacked capacity");
        try (var reference = new LangChain4jMiniLmEmbedder(1)) {
            assertSameVectors(reference.embed(texts), embedder.embed(texts), texts);
            assertEquals(reference.modelId(), embedder.modelId(), "same vectors, same cache key");
        }
        assertEquals(1.0, Vectors.dot(embedder.embed(""), embedder.embed(" ")), 1e-6, "blank embeds as [CLS][SEP]");
    }

    /** The issue-17 bar: cosine ≥ 0.999 with the old path on real questions, so caches and indexes stay valid. */
    @Test
    void givesLangChain4jsVectorsOnRealQuestions() {
        Path dir = SharedData.require("data/mmlu-pro-outputs");
        var ds = MmluProOutputsReader.read(dir, MmluProOutputsReader.Options.OUTCOMES_ONLY.only(m -> m.equals("Yi-6B")));
        List<String> all = new ArrayList<>(ds.questions().stream().map(RecordedQuestion::text).toList());
        Collections.shuffle(all, new Random(17));
        List<String> sample = new ArrayList<>(all.subList(0, 150));
        // The longest questions too: truncated at 128 word pieces.
        all.sort(Comparator.comparingInt(String::length).reversed());
        sample.addAll(all.subList(0, 10));
        try (var reference = new LangChain4jMiniLmEmbedder(2)) {
            assertSameVectors(reference.embed(sample), embedder.embed(sample), sample);
        }
    }

    private static void assertSameVectors(float[][] expected, float[][] actual, List<String> texts) {
        assertEquals(expected.length, actual.length);
        double worst = 1;
        for (int i = 0; i < expected.length; i++) {
            double cos = Vectors.dot(expected[i], actual[i]);
            worst = Math.min(worst, cos);
            assertTrue(cos >= 0.999, "cosine " + cos + " for text " + i + ": "
                    + texts.get(i).substring(0, Math.min(60, texts.get(i).length())));
        }
        System.out.printf("MiniLmEmbedder vs langchain4j on %d texts: worst cosine %.6f%n", texts.size(), worst);
    }

    @Test
    void cacheServesRepeatedTextsWithoutReEmbedding(@TempDir Path dir) throws Exception {
        AtomicInteger embedded = new AtomicInteger();
        TextEmbedder counting = new TextEmbedder() {
            public String modelId() { return embedder.modelId(); }
            public int dimension() { return embedder.dimension(); }
            public float[][] embed(List<String> texts) {
                embedded.addAndGet(texts.size());
                return embedder.embed(texts);
            }
        };
        float[][] first = new CachingEmbedder(counting, dir).embed(List.of("alpha", "beta", "alpha"));
        assertEquals(2, embedded.get(), "a repeated text is embedded once");
        CachingEmbedder fresh = new CachingEmbedder(counting, dir); // a new process reading the file
        float[][] again = fresh.embed(List.of("beta", "alpha", "gamma"));
        assertEquals(3, embedded.get(), "only the new text is embedded");
        assertArrayEquals(first[1], again[0]);
        assertArrayEquals(first[0], again[1]);
        // a torn record at the end (interrupted run) is dropped, the rest still serves
        Path f = fresh.file();
        Files.write(f, new byte[]{1, 2, 3}, java.nio.file.StandardOpenOption.APPEND);
        new CachingEmbedder(counting, dir).embed(List.of("alpha", "beta", "gamma"));
        assertEquals(3, embedded.get());
    }
}
