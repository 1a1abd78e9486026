package io.symoe.skillrouter.embedding;

import io.symoe.core.recorded.RecordedQuestion;
import io.symoe.modelpool.recorded.MmluProOutputsReader;
import io.symoe.testsupport.SharedData;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The distilled static embedder: its table is the real MiniLM run on single tokens. */
class StaticEmbedderTest {
    /** Ids below this cover [PAD], the unused slots, punctuation and the commonest English words ("the" is 1996). */
    private static final int SUBSET = 2_100;
    private static MiniLmEmbedder minilm;
    private static StaticTokenTable subset;

    @BeforeAll
    static void build() {
        minilm = new MiniLmEmbedder(2);
        subset = StaticTokenTable.build(minilm, SUBSET, line -> { });
    }

    @AfterAll
    static void close() {
        minilm.close();
    }

    @Test
    void tableRowIsMiniLmsEmbeddingOfTheOneTokenText() {
        assertEquals(SUBSET, subset.vocabulary());
        assertEquals(384, subset.dimension());
        int the = 1996;
        float[] row = row(subset, the);
        assertEquals(1.0, Vectors.dot(row, row), 1e-4);
        // The table runs 256 tokens per call (one activation-quantisation scale per call), MiniLM one text.
        double cos = Vectors.dot(row, minilm.embed("the"));
        assertTrue(cos > 0.98, "cosine to MiniLM('the') " + cos);
        assertTrue(Vectors.dot(row, minilm.embed("photosynthesis")) < cos - 0.1);
    }

    @Test
    void buildIsDeterministicAndSurvivesTheCacheFile(@TempDir Path dir) throws Exception {
        StaticTokenTable once = StaticTokenTable.build(minilm, 300, line -> { });
        StaticTokenTable again = StaticTokenTable.build(minilm, 300, line -> { });
        assertArrayEquals(once.vectors(), again.vectors());
        // Rows depend on their call's batch-mates (one quantisation scale per call): the first full batch of 256
        // is the same call in both builds, the rest is not.
        int fullBatch = StaticTokenTable.BATCH * 384;
        assertArrayEquals(java.util.Arrays.copyOf(subset.vectors(), fullBatch), java.util.Arrays.copyOf(again.vectors(), fullBatch));
        Path f = StaticTokenTable.cacheFile(dir, again.modelId());
        again.write(f);
        StaticTokenTable read = StaticTokenTable.read(f);
        assertEquals(again.modelId(), read.modelId());
        assertArrayEquals(again.vectors(), read.vectors());
    }

    @Test
    void sifWeightsFadeFrequentTokensAndSpareUnseenOnes() {
        TokenWeights w = TokenWeights.sif(new long[] {0, 1, 999}, 1e-3);
        assertEquals(1.0f, w.weight(0));
        assertEquals(1e-3 / (1e-3 + 0.001), w.weight(1), 1e-6);
        assertEquals(1e-3 / (1e-3 + 0.999), w.weight(2), 1e-6);
        assertThrows(IllegalArgumentException.class, () -> TokenWeights.sif(new long[] {1}, 0));
        assertThrows(IllegalArgumentException.class, () -> TokenWeights.sif(new long[] {-1}, 1e-3));
    }

    @Test
    void questionVectorIsTheWeightedMeanOfItsTokenRows() {
        // A synthetic 4-d table over the real vocabulary, so the real tokenizer's ids index it.
        int vocab = StaticTokenTable.vocabularySize();
        float[] rows = new float[vocab * 4];
        Random rnd = new Random(7);
        for (int i = 0; i < rows.length; i++) {
            rows[i] = (float) rnd.nextGaussian();
        }
        StaticTokenTable table = new StaticTokenTable("synthetic", 4, rows);
        long[] counts = StaticEmbedder.tokenCounts(List.of("the cell", "the the the cell"), vocab);
        int the = 1996;
        int cell = 3526;
        assertEquals(4, counts[the]);
        assertEquals(2, counts[cell]);
        TokenWeights sif = TokenWeights.sif(counts, 1e-3);
        try (StaticEmbedder e = new StaticEmbedder(table, sif)) {
            float[] expected = new float[4];
            for (int d = 0; d < 4; d++) {
                expected[d] = sif.weight(the) * rows[the * 4 + d] + sif.weight(cell) * rows[cell * 4 + d];
            }
            assertArrayEquals(Vectors.normalised(expected), e.embed("the cell"), 1e-5f);
            assertArrayEquals(e.embed("the cell"), e.embed("the cell"));
            assertEquals(1.0, Vectors.dot(e.embed(""), e.embed("")), 1e-5);
        }
        // Uniform weights give the plain mean, which differs once the counts differ.
        try (StaticEmbedder u = new StaticEmbedder(table, TokenWeights.uniform(vocab));
             StaticEmbedder s = new StaticEmbedder(table, sif)) {
            assertNotEquals(Vectors.dot(u.embed("the cell"), s.embed("the cell")), 1.0, 1e-4);
        }
        assertThrows(IllegalArgumentException.class, () -> new StaticEmbedder(table, TokenWeights.uniform(10)));
    }

    /**
     * On the real questions, the distilled embedder's 10 nearest questions overlap MiniLM's by ~0.31 and its
     * nearest question shares the category 71-72 % of the time (MiniLM: 80 %); the bars sit a little below.
     */
    @Test
    void neighboursAgreeWithMiniLmOnRealQuestions() {
        Path dir = SharedData.require("data/mmlu-pro-outputs");
        List<RecordedQuestion> qs = MmluProOutputsReader.read(dir, MmluProOutputsReader.Options.OUTCOMES_ONLY).questions();
        List<String> texts = qs.stream().map(RecordedQuestion::text).toList();
        float[][] m = new CachingEmbedder(minilm, CachingEmbedder.defaultDir()).embed(texts);
        StaticTokenTable table = StaticTokenTable.loadOrBuild(CachingEmbedder.defaultDir(), line -> { });
        float[][] s;
        try (StaticEmbedder e = EmbedderKind.distilled(table, texts)) {
            s = e.embed(texts);
        }
        double overlap = 0;
        int sameCategory = 0;
        int probes = 0;
        for (int q = 0; q < texts.size(); q += 40, probes++) {
            Set<Integer> mine = new HashSet<>(nearest(m, q, 10));
            List<Integer> theirs = nearest(s, q, 10);
            overlap += theirs.stream().filter(mine::contains).count() / 10.0;
            if (java.util.Objects.equals(qs.get(theirs.getFirst()).category(), qs.get(q).category())) {
                sameCategory++;
            }
        }
        overlap /= probes;
        double cat = (double) sameCategory / probes;
        assertTrue(overlap > 0.25, "overlap@10 with MiniLM " + overlap);
        assertTrue(cat > 0.65, "1-NN same category " + cat);
    }

    private static List<Integer> nearest(float[][] v, int q, int k) {
        int[] best = new int[k];
        double[] score = new double[k];
        java.util.Arrays.fill(score, Double.NEGATIVE_INFINITY);
        for (int i = 0; i < v.length; i++) {
            if (i == q) {
                continue;
            }
            double d = Vectors.dot(v[q], v[i]);
            if (d > score[k - 1]) {
                int j = k - 1;
                while (j > 0 && score[j - 1] < d) {
                    score[j] = score[j - 1];
                    best[j] = best[j - 1];
                    j--;
                }
                score[j] = d;
                best[j] = i;
            }
        }
        return java.util.Arrays.stream(best).boxed().toList();
    }

    private static float[] row(StaticTokenTable t, int id) {
        return java.util.Arrays.copyOfRange(t.vectors(), id * t.dimension(), (id + 1) * t.dimension());
    }
}
