package io.symoe.skillrouter.jmh;

import io.symoe.core.Skill;
import io.symoe.core.recorded.RecordedQuestion;
import io.symoe.modelpool.recorded.MmluProOutputsReader;
import io.symoe.skillrouter.embedding.CachingEmbedder;
import io.symoe.skillrouter.embedding.MiniLmEmbedder;
import io.symoe.skillrouter.embedding.PrecomputedEmbedder;
import io.symoe.skillrouter.embedding.QuestionIndex;
import io.symoe.skillrouter.embedding.Vectors;
import io.symoe.skillrouter.skills.NearestQuestionProfiler;
import io.symoe.testsupport.SharedData;
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

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

/**
 * µs per nearest-neighbour query over the real MMLU-Pro index (all 9 195 questions of ../shared, MiniLM vectors
 * from the embedding cache; seeded random unit vectors of the same shape without ../shared). Queries are 256 of
 * the index's own questions, as in the service's leave-one-out routing. {@code oldExact} is the pre-issue-17
 * search ({@link ColumnScanBaseline}), measured in the same run as the new one.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector", "--enable-native-access=ALL-UNNAMED"})
public class NeighbourBenchmark {
    static final int QUERIES = 256;

    @Param({"400"})
    public int neighbours;

    private QuestionIndex index;
    private ColumnScanBaseline baseline;
    private NearestQuestionProfiler profiler;
    private float[][] queries;
    private int next;

    @Setup
    public void setup() {
        float[][] vectors = vectors();
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < vectors.length; i++) {
            ids.add("q" + i);
        }
        index = new QuestionIndex(MiniLmEmbedder.MODEL_ID, ids, vectors);
        baseline = new ColumnScanBaseline(vectors);
        // Vectors are given, never embedded here: the profiler only checks the model id.
        profiler = new NearestQuestionProfiler(new PrecomputedEmbedder(MiniLmEmbedder.MODEL_ID, List.of(), new float[0][], null), index, neighbours,
                NearestQuestionProfiler.DEFAULT_TEMPERATURE);
        SplittableRandom rng = new SplittableRandom(3);
        queries = new float[QUERIES][];
        for (int i = 0; i < QUERIES; i++) {
            queries[i] = vectors[rng.nextInt(vectors.length)];
        }
        System.out.println("\nindex " + vectors.length + " x " + vectors[0].length + ", kernel " + QuestionIndex.kernel());
    }

    static float[][] vectors() {
        Path root = SharedData.root();
        Path dir = root == null ? null : root.resolve("data/mmlu-pro-outputs");
        if (dir != null && Files.isDirectory(dir)) {
            var ds = MmluProOutputsReader.read(dir, MmluProOutputsReader.Options.OUTCOMES_ONLY.only(m -> m.equals("Yi-6B")));
            try (MiniLmEmbedder minilm = new MiniLmEmbedder()) {
                return new CachingEmbedder(minilm, CachingEmbedder.defaultDir())
                        .embed(ds.questions().stream().map(RecordedQuestion::text).toList());
            }
        }
        SplittableRandom rng = new SplittableRandom(42);
        float[][] v = new float[9195][384];
        for (float[] row : v) {
            for (int j = 0; j < row.length; j++) {
                row[j] = (float) rng.nextGaussian();
            }
        }
        for (int i = 0; i < v.length; i++) {
            v[i] = Vectors.normalised(v[i]);
        }
        return v;
    }

    private float[] nextQuery() {
        next = (next + 1) & (QUERIES - 1);
        return queries[next];
    }

    @Benchmark
    public int[] oldExact() {
        return baseline.nearest(nextQuery(), neighbours);
    }

    @Benchmark
    public List<QuestionIndex.Neighbour> newExact() {
        return index.nearest(nextQuery(), neighbours);
    }

    /** The similarity scan alone (no selection), to show where the time goes. */
    @Benchmark
    public float[] newScanOnly() {
        return index.similarities(nextQuery());
    }

    /** What the router calls: neighbours and their skill weights. */
    @Benchmark
    public List<Skill> profilerSkills() {
        return profiler.skillsOf(nextQuery());
    }
}
