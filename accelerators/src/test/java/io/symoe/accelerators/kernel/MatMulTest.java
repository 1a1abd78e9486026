package io.symoe.accelerators.kernel;

import io.symoe.accelerators.gguf.GGMLType;
import io.symoe.accelerators.tensor.FloatTensor;
import io.symoe.accelerators.tensor.Matrix;
import io.symoe.accelerators.tensor.Quantizer;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.lang.foreign.MemorySegment;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The batched (row-reuse, 4-token tile) path agrees with the per-token decode path for every type. */
class MatMulTest {
    @ParameterizedTest
    @EnumSource(value = GGMLType.class, names = {"F32", "F16", "BF16", "Q8_0", "Q4_0"})
    void batchedPathMatchesOneTokenAtATime(GGMLType type) {
        int rows = 37, cols = 256, batch = 7;
        SplittableRandom r = new SplittableRandom(4);
        float[] w = new float[rows * cols];
        for (int i = 0; i < w.length; i++) {
            w[i] = (float) r.nextGaussian();
        }
        Matrix m = new Matrix(FloatTensor.of(type, MemorySegment.ofArray(Quantizer.quantize(type, w)), w.length), 0, rows, cols);
        float[][] x = new float[batch][cols];
        for (float[] row : x) {
            for (int i = 0; i < cols; i++) {
                row[i] = (float) r.nextGaussian();
            }
        }
        float[][] together = new float[batch][rows];
        try (Parallel pool = new Parallel(2)) {
            MatMul.apply(pool, m, x, together, batch);
            for (int t = 0; t < batch; t++) {
                float[] alone = new float[rows];
                MatMul.apply(pool, m, x[t], alone);
                for (int i = 0; i < rows; i++) {
                    assertEquals(alone[i], together[t][i], 1e-4f * (1 + Math.abs(alone[i])), type + " token " + t + " row " + i);
                }
            }
        }
    }
}
