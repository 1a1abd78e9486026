package io.symoe.accelerators.jmh;

import io.symoe.accelerators.gguf.GGMLType;
import io.symoe.accelerators.kernel.MatMul;
import io.symoe.accelerators.kernel.Parallel;
import io.symoe.accelerators.tensor.ActivationFormat;
import io.symoe.accelerators.tensor.Matrix;
import io.symoe.accelerators.tensor.QuantizedActivation;
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

import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

/**
 * The engine's matrix-vector kernel per weight type ({@code kernel}: {@link MatMul}, the path a decode step
 * takes, activations quantised as the type asks) against {@link ScalarBaselines} ({@code scalarBaseline}) on the
 * same bytes, the same rows split over the same threads. The weights rotate through a {@link WeightRing} so
 * both stream from memory; {@link KernelBenchmarks} prints GB/s of weights and the kernel / baseline ratio.
 * For Q8_0 this is the default path (int8 × int8 with 512-bit vectors); {@link Q8_0FloatPathBenchmark} runs the
 * float path. {@code batch} > 1 is the prefill shape (each weight row read once for the batch).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 2, time = 500, timeUnit = TimeUnit.MILLISECONDS)
@Measurement(iterations = 3, time = 500, timeUnit = TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector"})
public class KernelBenchmark {
    @Param({"F32", "F16", "BF16", "Q8_0", "Q4_0", "Q6_K"})
    public String type;

    @Param({"1"})
    public int threads;

    @Param({"1"})
    public int batch;

    private WeightRing ring;
    private Parallel pool;
    private float[][] x;
    private float[][] out;

    @Setup(Level.Trial)
    public void setup() {
        ring = new WeightRing(GGMLType.valueOf(type));
        SplittableRandom r = new SplittableRandom(2);
        x = new float[batch][];
        for (int t = 0; t < batch; t++) {
            x[t] = WeightRing.gaussian(r, WeightRing.COLS);
        }
        out = new float[batch][WeightRing.ROWS];
        pool = new Parallel(threads);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        pool.close();
        ring.close();
    }

    @Benchmark
    public float[][] kernel() {
        MatMul.apply(pool, ring.matrices[ring.advance()], x, out, batch);
        return out;
    }

    /**
     * The decode kernel before rows were grouped: each row through the one-row quantised dot ({@code dotRow}),
     * activations quantised once per multiply as {@link MatMul} does, rows split over the same threads. The
     * before of {@code kernel} in the same run (quantised types, batch 1; others run the float dot per row).
     */
    @Benchmark
    public float[][] oneRowKernel() {
        Matrix w = ring.matrices[ring.advance()];
        ActivationFormat f = w.tensor().activationFormat();
        QuantizedActivation[] xq = new QuantizedActivation[batch];
        for (int b = 0; b < batch; b++) {
            xq[b] = f == ActivationFormat.FLOAT ? null : f.quantize(x[b], w.cols());
        }
        pool.forRange(w.rows(), (from, to) -> {
            for (int row = from; row < to; row++) {
                for (int b = 0; b < batch; b++) {
                    out[b][row] = xq[b] == null ? w.dotRow(row, x[b], 0) : w.dotRow(row, xq[b]);
                }
            }
        });
        return out;
    }

    @Benchmark
    public float[][] scalarBaseline() {
        int i = ring.advance();
        Matrix w = ring.matrices[i];
        var seg = ring.segments[i];
        GGMLType t = ring.type;
        pool.forRange(w.rows(), (from, to) -> {
            for (int row = from; row < to; row++) {
                for (int b = 0; b < batch; b++) {
                    out[b][row] = ScalarBaselines.dot(t, seg, (long) row * w.cols(), x[b], w.cols());
                }
            }
        });
        return out;
    }
}
