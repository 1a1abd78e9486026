package io.symoe.skillrouter.jmh;

import io.symoe.core.recorded.RecordedQuestion;
import io.symoe.testsupport.SharedData;
import io.symoe.modelpool.recorded.MmluProOutputsReader;
import io.symoe.skillrouter.embedding.BatchedMiniLmEmbedder;
import io.symoe.skillrouter.embedding.MiniLmEmbedder;
import io.symoe.skillrouter.embedding.TextEmbedder;
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

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;

/**
 * MiniLM embedding throughput on {@value #BATCH} real MMLU-Pro question stems per operation (a seeded random
 * sample, from ../shared when present; otherwise synthetic sentences of MMLU-Pro's median length). Questions/s =
 * {@value #BATCH} / (seconds per op). {@code impl}: langchain4j's {@code embedAll} over a thread pool of
 * {@code threads}, or {@link BatchedMiniLmEmbedder} (padded ONNX batches, {@code threads} intra-op threads).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 1, time = 5)
@Measurement(iterations = 3, time = 5)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector", "--enable-native-access=ALL-UNNAMED"})
public class EmbeddingBenchmark {
    static final int BATCH = 256;

    @Param({"langchain4j", "batched"})
    public String impl;

    @Param({"1", "2"})
    public int threads;

    private TextEmbedder embedder;
    private List<String> texts;

    @Setup(Level.Trial)
    public void setup() {
        texts = questions();
        embedder = impl.equals("batched") ? new BatchedMiniLmEmbedder(threads, 32) : new MiniLmEmbedder(threads);
    }

    @TearDown(Level.Trial)
    public void close() throws Exception {
        ((AutoCloseable) embedder).close();
    }

    @Benchmark
    public float[][] embedBatch() {
        return embedder.embed(texts);
    }

    static List<String> questions() {
        Path root = SharedData.root();
        Path dir = root == null ? null : root.resolve("data/mmlu-pro-outputs");
        if (dir != null && Files.isDirectory(dir)) {
            var ds = MmluProOutputsReader.read(dir, MmluProOutputsReader.Options.OUTCOMES_ONLY.only(m -> m.equals("Yi-6B")));
            List<String> all = new ArrayList<>(ds.questions().stream().map(RecordedQuestion::text).toList());
            Collections.shuffle(all, new Random(7));
            return List.copyOf(all.subList(0, BATCH));
        }
        List<String> synthetic = new ArrayList<>();
        for (int i = 0; i < BATCH; i++) {
            synthetic.add("Question " + i + ": which of the following best explains the observed change in the "
                    + "equilibrium constant when the temperature of the reaction vessel is raised?");
        }
        return synthetic;
    }
}
