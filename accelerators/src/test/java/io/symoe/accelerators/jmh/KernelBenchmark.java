package io.symoe.accelerators.jmh;

import io.symoe.accelerators.gguf.GGMLType;
import io.symoe.accelerators.kernel.MatMul;
import io.symoe.accelerators.kernel.Parallel;
import io.symoe.accelerators.tensor.FloatTensor;
import io.symoe.accelerators.tensor.Matrix;
import io.symoe.accelerators.tensor.Quantizer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

/**
 * Matrix-vector product (one decode step's kernel) per tensor type, on a weight larger than the caches so the
 * number measures streaming: GFLOP/s = 2·rows·cols / time, GB/s = weight bytes / time ({@link KernelBenchmarks}
 * prints both). {@code batch} > 1 is the prefill shape (weights streamed once for the whole batch).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector"})
public class KernelBenchmark {
    @Param({"F32", "F16", "BF16", "Q8_0", "Q4_0"})
    public String type;

    @Param({"2"})
    public int threads;

    /** 1 = decode (matrix-vector), 16 = a prefill batch (weights streamed once for 16 tokens). */
    @Param({"1", "16"})
    public int batch;

    public static final int ROWS = 4096;
    public static final int COLS = 4096;

    private Arena arena;
    private Parallel pool;
    private Matrix w;
    private float[][] x;
    private float[][] out;

    @Setup(Level.Trial)
    public void setup() {
        GGMLType t = GGMLType.valueOf(type);
        SplittableRandom r = new SplittableRandom(1);
        float[] weights = new float[ROWS * COLS];
        for (int i = 0; i < weights.length; i++) {
            weights[i] = (float) r.nextGaussian();
        }
        byte[] bytes = Quantizer.quantize(t, weights);
        arena = Arena.ofShared();
        MemorySegment seg = arena.allocate(bytes.length, 64);
        seg.copyFrom(MemorySegment.ofArray(bytes));
        w = new Matrix(FloatTensor.of(t, seg, (long) ROWS * COLS), 0, ROWS, COLS);
        x = new float[batch][COLS];
        out = new float[batch][ROWS];
        for (float[] row : x) {
            for (int i = 0; i < COLS; i++) {
                row[i] = (float) r.nextGaussian();
            }
        }
        pool = new Parallel(threads);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        pool.close();
        arena.close();
    }

    @Benchmark
    public float[][] matmul() {
        MatMul.apply(pool, w, x, out, batch);
        return out;
    }

    static long weightBytes(String type) {
        return GGMLType.valueOf(type).bytesFor((long) ROWS * COLS);
    }
}
