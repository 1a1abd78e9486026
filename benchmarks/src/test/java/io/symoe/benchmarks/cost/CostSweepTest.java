package io.symoe.benchmarks.cost;

import io.symoe.core.recorded.RecordedDataset;
import io.symoe.modelpool.recorded.RouterBenchReader;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The sweep on the {@link RouterBenchFixture} recordings, whose right answers are known by construction. */
class CostSweepTest {
    @TempDir
    static Path dir;
    static RecordedDataset train;
    static RecordedDataset test;

    @BeforeAll
    static void write() throws Exception {
        train = RouterBenchReader.read(RouterBenchFixture.write(dir.resolve("train.csv.gz"), "train", 20));
        test = RouterBenchReader.read(RouterBenchFixture.write(dir.resolve("test.csv.gz"), "test", 10));
    }

    /** Hand-made "embeddings": one axis per topic, so nearest questions are exactly the same-topic ones. */
    static Map<String, float[]> topicVectors() {
        Map<String, float[]> v = new HashMap<>();
        for (String stem : CostSweep.stems(train, test)) {
            v.put(stem, stem.contains("chemistry") ? new float[] {1, 0, 0, 0} : new float[] {0, 1, 0, 0});
        }
        return v;
    }

    static Map<String, CostPoint> byName(List<CostPoint> points) {
        return points.stream().collect(Collectors.toMap(CostPoint::name, Function.identity()));
    }

    static void assertPoint(String kind, double cost, double accuracy, CostPoint p) {
        assertEquals(kind, p.kind(), p.name());
        assertEquals(cost, p.cost(), 1e-12, p.name());
        assertEquals(accuracy, p.accuracy(), 1e-9, p.name());
    }

    @Test
    void stemsArePromptsWithoutTheShots() {
        assertEquals(RouterBenchFixture.stem("test", 3), CostSweep.instance(test.questions().get(3)).text());
        assertEquals(30, CostSweep.stems(train, test).size());
    }

    @Test
    void singlesAndTopKVoteMatchTheFixture() {
        CostSweep sweep = new CostSweep(train, test, null);
        assertEquals(0.001, sweep.prices().get("cheap"), 1e-12);
        assertEquals(0.35, sweep.trainAccuracy().get("mid"), 1e-12);
        Map<String, CostPoint> p = byName(sweep.run(List.of(1, 2, 3), List.of(0.0)));
        assertPoint("single", 0.001, 50.0, p.get("cheap"));
        assertPoint("single", 0.002, 40.0, p.get("mid"));
        assertPoint("single", 0.01, 100.0, p.get("dear"));
        // dear + cheap: on history they disagree (A vs B) and dear's larger competence weight breaks the tie.
        assertEquals(100.0, p.get("topk-vote k=2").accuracy(), 1e-9);
        assertEquals(0.011, p.get("topk-vote k=2").cost(), 1e-12);
        assertEquals(0.013, p.get("topk-vote k=3").cost(), 1e-12);
        assertEquals(3 + 2 + 3, p.size());
    }

    @Test
    void globalCompetenceTradesAccuracyForPriceAsLambdaGrows() {
        CostSweep sweep = new CostSweep(train, test, null);
        CostPoint free = sweep.symoe(1, 0.0);
        CostPoint thrifty = sweep.symoe(1, 1.0);
        assertEquals(100.0, free.accuracy(), 1e-9, "λ = 0 takes the most accurate model");
        assertEquals(0.01, free.cost(), 1e-12);
        assertEquals(50.0, thrifty.accuracy(), 1e-9, "λ = 1 takes the cheap model everywhere");
        assertEquals(0.001, thrifty.cost(), 1e-12);
    }

    @Test
    void embeddingSkillsRouteEachTopicToItsCheapestCompetentModel() {
        CostSweep sweep = new CostSweep(train, test, topicVectors());
        CostPoint p = sweep.symoe(1, 0.5);
        // chemistry → cheap (right, $0.001), history → dear (right, $0.01): dear's accuracy at 55 % of its cost.
        assertEquals(100.0, p.accuracy(), 1e-9);
        assertEquals(0.0055, p.cost(), 1e-12);
        assertTrue(p.cost() < sweep.prices().get("dear"));
        assertEquals(100.0, sweep.symoe(1, 0.0).accuracy(), 1e-9);
    }
}
