package io.symoe.accelerators.jmh;

import io.symoe.accelerators.gguf.GGMLType;
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

import java.util.concurrent.TimeUnit;

/**
 * {@link PrefillBenchmark}'s matmul with the 4 rows × 4 tokens folded tile ({@code MatMul.blockDot4x4}) for every
 * whole tile of four tokens, which {@code MatMul} selects once per JVM from {@code -Dsymoe.prefill.tile=fold}:
 * hence a fork of its own. The "before" of {@code tokenTiles} in the same run (if the switch is renamed, this
 * row silently measures the token tiles again).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1000, timeUnit = TimeUnit.MILLISECONDS)
@Measurement(iterations = 5, time = 1000, timeUnit = TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector", "-Dsymoe.prefill.tile=fold"})
public class PrefillFoldBenchmark {
    @Param({"Q8_0", "Q4_0"})
    public String type;

    @Param({"1"})
    public int threads;

    @Param({"32", "128"})
    public int batch;

    private PrefillBenchmark.Input in;

    @Setup(Level.Trial)
    public void setup() {
        in = new PrefillBenchmark.Input(GGMLType.valueOf(type), threads, batch);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        in.close();
    }

    @Benchmark
    public float[][] foldedTile() {
        return in.multiply();
    }
}
