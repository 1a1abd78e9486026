package io.symoe.accelerators.jmh;

import io.symoe.accelerators.kernel.Parallel;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;
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
import java.nio.ByteOrder;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.DoubleAdder;

/**
 * The machine's memory bandwidth from Java, the roofline the kernels are read against: {@code streamRead}, a vector
 * sum over 512 MiB off-heap, and {@code triad}, STREAM's {@code a = b + s·c} over three 128 MiB float arrays
 * (12 bytes per element, as STREAM counts; the loop of {@code kernel.StreamTriad}, which {@code bench engine}
 * uses), both split over the pool.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 500, timeUnit = TimeUnit.MILLISECONDS)
@Measurement(iterations = 3, time = 500, timeUnit = TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector"})
public class MemoryBandwidthBenchmark {
    static final long BYTES = 512L << 20;
    static final int TRIAD_N = 32 << 20;
    /** Bytes one triad pass moves as STREAM counts them: read b and c, write a. */
    static final long TRIAD_BYTES = 3L * 4 * TRIAD_N;
    private static final int TRIAD_CHUNK = 1 << 20;
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;

    @Param({"1", "2"})
    public int threads;

    private Arena arena;
    private MemorySegment seg;
    private Parallel pool;
    private float[] a;
    private float[] b;
    private float[] c;

    @Setup(Level.Trial)
    public void setup() {
        arena = Arena.ofShared();
        seg = arena.allocate(BYTES, 64);
        seg.fill((byte) 1);
        pool = new Parallel(threads);
        a = new float[TRIAD_N];
        b = new float[TRIAD_N];
        c = new float[TRIAD_N];
        java.util.Arrays.fill(b, 1f);
        java.util.Arrays.fill(c, 2f);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        pool.close();
        arena.close();
    }

    @Benchmark
    public double streamRead() {
        int chunks = 1024;
        long chunkBytes = BYTES / chunks;
        DoubleAdder total = new DoubleAdder();
        pool.forRange(chunks, (from, to) -> {
            FloatVector acc = FloatVector.zero(S);
            for (long o = from * chunkBytes; o < to * chunkBytes; o += S.vectorByteSize()) {
                acc = acc.add(FloatVector.fromMemorySegment(S, seg, o, ByteOrder.LITTLE_ENDIAN));
            }
            total.add(acc.reduceLanes(VectorOperators.ADD));
        });
        return total.sum();
    }

    @Benchmark
    public float[] triad() {
        float scalar = 3f;
        pool.forRange(TRIAD_N / TRIAD_CHUNK, (from, to) -> {
            for (int k = from; k < to; k++) {
                int lo = k * TRIAD_CHUNK, hi = lo + TRIAD_CHUNK;
                for (int i = lo; i < hi; i += S.length()) {
                    FloatVector.fromArray(S, c, i).mul(scalar).add(FloatVector.fromArray(S, b, i)).intoArray(a, i);
                }
            }
        });
        return a;
    }
}
