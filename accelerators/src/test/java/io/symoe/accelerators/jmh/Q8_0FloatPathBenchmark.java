package io.symoe.accelerators.jmh;

import io.symoe.accelerators.gguf.GGMLType;
import io.symoe.accelerators.kernel.MatMul;
import io.symoe.accelerators.kernel.Parallel;
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
 * The Q8_0 kernel's float path (int8 weights widened to float, times the activations' quants as floats), which
 * {@code Q8_0Tensor} selects once per JVM from {@code -Dsymoe.q8_0.float-dot=true}: hence a fork of its own.
 * Compared with {@link KernelBenchmark}'s Q8_0 (the int8 × int8 path) and its scalar baseline in the same run.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 2, time = 500, timeUnit = TimeUnit.MILLISECONDS)
@Measurement(iterations = 3, time = 500, timeUnit = TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector", "-Dsymoe.q8_0.float-dot=true"})
public class Q8_0FloatPathBenchmark {
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
        ring = new WeightRing(GGMLType.Q8_0);
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
    public float[][] floatPath() {
        MatMul.apply(pool, ring.matrices[ring.advance()], x, out, batch);
        return out;
    }
}
