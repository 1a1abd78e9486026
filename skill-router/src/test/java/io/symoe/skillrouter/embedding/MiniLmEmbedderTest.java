package io.symoe.skillrouter.embedding;

import io.symoe.skillrouter.skills.NearestKeywordMapper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
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
    void paddedBatchesAgreeWithTheOneByOnePathOnShortTextsAndKeepOrder() {
        List<String> texts = List.of("organic chemistry", "What is the derivative of x squared with respect to x?",
                "property law", "the court ruled the contract void because one party lacked capacity");
        try (var batched = new BatchedMiniLmEmbedder(2, 2)) { // batch of 2 forces several padded, length-sorted calls
            float[][] b = batched.embed(texts);
            float[][] r = embedder.embed(texts);
            for (int i = 0; i < texts.size(); i++) {
                assertEquals(1.0, Vectors.dot(b[i], r[i]), 0.01, "text " + i + " under 256 tokens embeds the same");
            }
            assertTrue(!batched.modelId().equals(embedder.modelId()), "different truncation, different cache key");
        }
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
