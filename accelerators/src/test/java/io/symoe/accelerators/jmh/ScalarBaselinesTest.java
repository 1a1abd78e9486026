package io.symoe.accelerators.jmh;

import io.symoe.accelerators.gguf.GGMLType;
import io.symoe.accelerators.tensor.FloatTensor;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The benchmarks' scalar baselines compute the engine's dot products (float activations, so up to float
 * summation order): a ratio against them compares two implementations of the same sum.
 */
class ScalarBaselinesTest {
    @ParameterizedTest
    @EnumSource(GGMLType.class)
    void baselineDotEqualsTheEnginesFloatDot(GGMLType type) {
        int rows = 4, cols = 512;
        byte[] bytes = type == GGMLType.Q6_K ? WeightRing.randomQ6K(new SplittableRandom(7), rows * cols)
                : io.symoe.accelerators.tensor.Quantizer.quantize(type, WeightRing.gaussian(new SplittableRandom(5), rows * cols));
        float[] x = WeightRing.gaussian(new SplittableRandom(6), cols);
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment seg = arena.allocate(bytes.length, 64);
            seg.copyFrom(MemorySegment.ofArray(bytes));
            FloatTensor t = FloatTensor.of(type, seg, (long) rows * cols);
            for (int r = 0; r < rows; r++) {
                float engine = t.dot((long) r * cols, x, 0, cols);
                float baseline = ScalarBaselines.dot(type, seg, (long) r * cols, x, cols);
                double scale = 0;
                for (int i = 0; i < cols; i++) {
                    scale += Math.abs(t.get((long) r * cols + i) * x[i]);
                }
                assertEquals(engine, baseline, 1e-5 * scale, type + " row " + r);
            }
        }
    }
}
