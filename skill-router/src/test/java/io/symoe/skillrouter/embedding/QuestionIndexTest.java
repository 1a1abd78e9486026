package io.symoe.skillrouter.embedding;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class QuestionIndexTest {
    private static final float S = (float) Math.sqrt(0.5);
    private static final QuestionIndex INDEX = new QuestionIndex("m", List.of("x", "y", "xy", "minus-x"),
            new float[][]{{1, 0}, {0, 1}, {S, S}, {-1, 0}});

    @Test
    void nearestAreExactAndOrderedBySimilarity() {
        var n = INDEX.nearest(new float[]{1, 0}, 3);
        assertEquals(List.of("x", "xy", "y"), n.stream().map(QuestionIndex.Neighbour::id).toList());
        assertEquals(1.0f, n.get(0).similarity(), 1e-6);
        assertEquals(S, n.get(1).similarity(), 1e-6);
        assertEquals(4, INDEX.nearest(new float[]{0, 1}, 10).size());
        assertThrows(IllegalArgumentException.class, () -> INDEX.nearest(new float[]{1, 0, 0}, 1));
    }

    @Test
    void jsonRoundTrip(@TempDir Path dir) {
        Path f = dir.resolve("index.json");
        QuestionIndexJson.write(INDEX, f);
        QuestionIndex back = QuestionIndexJson.read(f);
        assertEquals(INDEX.ids(), back.ids());
        assertEquals(INDEX.modelId(), back.modelId());
        assertEquals(INDEX.nearest(new float[]{S, -S}, 4), back.nearest(new float[]{S, -S}, 4));
    }

    @Test
    void duplicateIdsAreRefused() {
        assertThrows(IllegalArgumentException.class,
                () -> new QuestionIndex("m", List.of("a", "a"), new float[][]{{1}, {1}}));
    }
}
