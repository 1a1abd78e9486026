package io.symoe.skillrouter.jmh;

import io.symoe.core.recorded.RecordedQuestion;
import io.symoe.testsupport.SharedData;
import io.symoe.modelpool.recorded.MmluProOutputsReader;
import io.symoe.skillrouter.embedding.CachingEmbedder;
import io.symoe.skillrouter.embedding.EmbedderKind;
import io.symoe.skillrouter.embedding.LangChain4jMiniLmEmbedder;
import io.symoe.skillrouter.embedding.StaticEmbedder;
import io.symoe.skillrouter.embedding.StaticTokenTable;
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
 * MiniLM embedding throughput on real MMLU-Pro questions (a seeded random sample of {@value #BATCH}, from
 * ../shared when present; otherwise synthetic sentences of MMLU-Pro's median length). {@code embedBatch} embeds
 * all {@value #BATCH} per operation (questions/s = {@value #BATCH} / seconds per op: a cold cache, a batch
 * request); {@code embedOne} embeds one question per operation, cycling through them (what the service pays per
 * request). {@code impl}: {@code langchain4j} is the pre-issue-17 path ({@link LangChain4jMiniLmEmbedder}:
 * {@code embedAll} over a pool of {@code threads}), {@code session} the current {@link MiniLmEmbedder}
 * (one reused session with {@code threads} intra-op threads), {@code static} the distilled {@link StaticEmbedder}
 * (one thread whatever {@code threads} says): old and new in the same run.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 1, time = 5)
@Measurement(iterations = 3, time = 5)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector", "--enable-native-access=ALL-UNNAMED"})
public class EmbeddingBenchmark {
    static final int BATCH = 256;

    @Param({"langchain4j", "session", "static"})
    public String impl;

    @Param({"2"})
    public int threads;

    private TextEmbedder embedder;
    private List<String> texts;
    private int next;

    @Setup(Level.Trial)
    public void setup() {
        texts = questions();
        embedder = switch (impl) {
            case "langchain4j" -> new LangChain4jMiniLmEmbedder(threads);
            case "session" -> new MiniLmEmbedder(threads);
            // The distilled table (built into the embedding cache on first use); its weights from the sample
            // itself, which changes the vectors but not the work per token. Single-threaded: one lookup-add per token.
            case "static" -> EmbedderKind.distilled(
                    StaticTokenTable.loadOrBuild(CachingEmbedder.defaultDir(), System.err::println), texts);
            default -> throw new IllegalArgumentException("impl must be langchain4j, session or static, got " + impl);
        };
    }

    @TearDown(Level.Trial)
    public void close() throws Exception {
        ((AutoCloseable) embedder).close();
    }

    @Benchmark
    public float[][] embedBatch() {
        return embedder.embed(texts);
    }

    @Benchmark
    public float[] embedOne() {
        next = (next + 1) % BATCH;
        return embedder.embed(texts.get(next));
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
