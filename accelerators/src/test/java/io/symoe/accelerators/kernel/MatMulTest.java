package io.symoe.accelerators.kernel;

import io.symoe.accelerators.gguf.GGMLType;
import io.symoe.accelerators.tensor.FloatTensor;
import io.symoe.accelerators.tensor.ActivationFormat;
import io.symoe.accelerators.tensor.Matrix;
import io.symoe.accelerators.tensor.QuantizedActivation;
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

    /**
     * Q8_0/Q4_0 weights with Q8_0 activations: the batched kernels (8 and 4 rows × 16 tokens in the lanes, 4 rows
     * × 4 tokens folded into one register, and their row and token remainders) give every (token, row) exactly
     * the bits of llama.cpp's block order, acc = fma(isum_b, d_w·d_x, acc) over the blocks in turn, computed here
     * by scalar loops from the unpacked quants; and decode (the int8 16-lane dots) agrees with them to
     * float-summation noise. 100 rows (two threads' chunks of 13 and 9: 8-, 4- and one-row tiles) and batches of
     * 3–9, 17, 20, 24 (a whole group and a rest too small or large enough to pad), 33 and 40 reach every path.
     */
    @ParameterizedTest
    @EnumSource(value = GGMLType.class, names = {"Q8_0", "Q4_0"})
    void quantisedBatchesSumBlockByBlockInLlamaCppOrder(GGMLType type) {
        int rows = 100, cols = 512;
        SplittableRandom r = new SplittableRandom(8);
        float[] w = new float[rows * cols];
        for (int i = 0; i < w.length; i++) {
            w[i] = (float) r.nextGaussian();
        }
        FloatTensor tensor = FloatTensor.of(type, MemorySegment.ofArray(Quantizer.quantize(type, w)), w.length);
        Matrix m = new Matrix(tensor, 0, rows, cols);
        float[][] wq = new float[rows][cols];
        float[][] wd = new float[rows][cols / 32];
        for (int i = 0; i < rows; i++) {
            tensor.unpackBlocks((long) i * cols, wq[i], wd[i], cols);
        }
        try (Parallel pool = new Parallel(2)) {
            for (int batch : new int[]{3, 4, 5, 6, 7, 8, 9, 17, 20, 24, 33, 40}) {
                float[][] x = new float[batch][cols];
                for (float[] row : x) {
                    for (int i = 0; i < cols; i++) {
                        row[i] = (float) r.nextGaussian();
                    }
                }
                float[][] together = new float[batch][rows];
                MatMul.apply(pool, m, x, together, batch);
                for (int t = 0; t < batch; t++) {
                    QuantizedActivation xq = ActivationFormat.Q8_0.quantize(x[t], cols);
                    float[] alone = new float[rows];
                    MatMul.apply(pool, m, x[t], alone);
                    for (int i = 0; i < rows; i++) {
                        float acc = 0;
                        for (int b = 0; b < cols / 32; b++) {
                            float isum = 0; // exact: integers far below 2^24
                            for (int j = b * 32; j < b * 32 + 32; j++) {
                                isum += wq[i][j] * xq.quants()[j];
                            }
                            acc = Math.fma(isum, wd[i][b] * xq.scales()[b], acc);
                        }
                        assertEquals(Float.floatToRawIntBits(acc), Float.floatToRawIntBits(together[t][i]),
                                type + " batch " + batch + " token " + t + " row " + i + ": " + acc + " vs " + together[t][i]);
                        assertEquals(acc, alone[i], 1e-5f * (1 + Math.abs(acc)), "decode, token " + t + " row " + i);
                    }
                }
            }
        }
    }
}
