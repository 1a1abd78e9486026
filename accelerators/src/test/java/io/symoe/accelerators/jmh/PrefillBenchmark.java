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
 * The batched Q8_0/Q4_0 matmul of prefill (4096 × 4096, {@code batch} tokens, block-by-block sums in llama.cpp's
 * order) through {@link MatMul}'s default kernels: tokens in the lanes, eight rows × 32 (or 16) tokens per pass. {@link
 * PrefillFoldBenchmark} runs the same shape in a fork with {@code -Dsymoe.prefill.tile=fold}, the 4 rows × 4
 * tokens folded tile it replaced; {@link KernelBenchmarks} prints both as GMAC/s. 128 tokens is a prompt through
 * the attention matrices, 32 about what one of moe-1g's 8 experts gets of a 128-token prompt at top-2.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1000, timeUnit = TimeUnit.MILLISECONDS)
@Measurement(iterations = 5, time = 1000, timeUnit = TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector"})
public class PrefillBenchmark {
    @Param({"Q8_0", "Q4_0"})
    public String type;

    @Param({"1"})
    public int threads;

    @Param({"32", "128"})
    public int batch;

    private Input in;

    @Setup(Level.Trial)
    public void setup() {
        in = new Input(GGMLType.valueOf(type), threads, batch);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        in.close();
    }

    @Benchmark
    public float[][] tokenTiles() {
        return in.multiply();
    }

    /** Weights (rotating through a {@link WeightRing}), activations and the pool of one trial. */
    static final class Input implements AutoCloseable {
        final WeightRing ring;
        final Parallel pool;
        final float[][] x;
        final float[][] out;
        final int batch;

        Input(GGMLType type, int threads, int batch) {
            this.batch = batch;
            ring = new WeightRing(type);
            SplittableRandom r = new SplittableRandom(2);
            x = new float[batch][];
            for (int t = 0; t < batch; t++) {
                x[t] = WeightRing.gaussian(r, WeightRing.COLS);
            }
            out = new float[batch][WeightRing.ROWS];
            pool = new Parallel(threads);
        }

        float[][] multiply() {
            MatMul.apply(pool, ring.matrices[ring.advance()], x, out, batch);
            return out;
        }

        /** Multiply-adds of one call. */
        static double macs(int batch) {
            return (double) WeightRing.ROWS * WeightRing.COLS * batch;
        }

        @Override
        public void close() {
            pool.close();
            ring.close();
        }
    }
}
