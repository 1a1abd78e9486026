package io.symoe.accelerators.jmh;

import io.symoe.accelerators.tensor.ActivationFormat;
import io.symoe.accelerators.tensor.QuantizedActivation;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

/**
 * Quantising one activation vector ({@link QuantizedActivation}: Q8_0 for Q8_0/Q4_0 weights, Q8_K for Q6_K), done
 * once per matmul input: against a 4096-wide matvec it should be a small fraction of the kernel's time.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 2, time = 500, timeUnit = TimeUnit.MILLISECONDS)
@Measurement(iterations = 3, time = 500, timeUnit = TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector"})
public class ActivationQuantBenchmark {
    @Param({"Q8_0", "Q8_K"})
    public String format;

    @Param({"4096"})
    public int n;

    private ActivationFormat f;
    private float[] x;

    @Setup
    public void setup() {
        f = ActivationFormat.valueOf(format);
        x = WeightRing.gaussian(new SplittableRandom(3), n);
    }

    @Benchmark
    public QuantizedActivation quantize() {
        return f.quantize(x, n);
    }
}
