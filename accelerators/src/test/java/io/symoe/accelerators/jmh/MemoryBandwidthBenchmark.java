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

/** The machine's streaming read bandwidth from Java: a vector sum over 512 MiB off-heap, split over the pool. */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector"})
public class MemoryBandwidthBenchmark {
    static final long BYTES = 512L << 20;
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;

    @Param({"1", "2"})
    public int threads;

    private Arena arena;
    private MemorySegment seg;
    private Parallel pool;

    @Setup(Level.Trial)
    public void setup() {
        arena = Arena.ofShared();
        seg = arena.allocate(BYTES, 64);
        seg.fill((byte) 1);
        pool = new Parallel(threads);
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
}
