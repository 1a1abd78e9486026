package io.symoe.benchmarks.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.symoe.benchmarks.cost.CostPoint;
import io.symoe.benchmarks.cost.CostSweep;
import io.symoe.core.recorded.RecordedDataset;
import io.symoe.modelpool.recorded.RecordedDataException;
import io.symoe.modelpool.recorded.RouterBenchReader;
import io.symoe.skillrouter.embedding.CachingEmbedder;
import io.symoe.skillrouter.embedding.MiniLmEmbedder;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code symoe bench cost}: symoe's cost-aware recruiter swept over λ and k on RouterBench recordings, against
 * every single model and the top-k vote. Writes {@code {"cost_sweep":{"points":[…]}}}, which {@code bench report}
 * draws as the quality-vs-cost chart.
 */
@Command(name = "cost", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Quality vs cost on RouterBench: profiles and prices from the train file, evaluation on the",
                "test file; symoe's cost-aware recruiter over --lambdas x --k against every model and topk-vote."})
public final class CostSweepCommand implements Callable<Integer> {

    @Option(names = "--routerbench", required = true, paramLabel = "TRAIN.csv.gz", description = "RouterBench file that builds profiles and prices.")
    Path train;

    @Option(names = "--eval", required = true, paramLabel = "TEST.csv.gz", description = "RouterBench file to evaluate on (same models).")
    Path test;

    @Option(names = "--skills", defaultValue = "embedding", paramLabel = "embedding|none", description = "embedding = nearest train questions (MiniLM), none = global competence (default embedding).")
    String skills;

    @Option(names = "--k", split = ",", defaultValue = "1,2,3", paramLabel = "K[,K...]", description = "Experts per question (default 1,2,3).")
    List<Integer> ks;

    @Option(names = "--lambdas", split = ",", paramLabel = "L[,L...]", description = "λ values of the cost-aware recruiter (default 0,0.01,0.02,0.03,0.05,0.07,0.1,0.15,0.2,0.3,0.5,1).")
    List<Double> lambdas;

    @Option(names = "--json", paramLabel = "FILE", description = "Write the points as JSON.")
    Path json;

    @Override
    public Integer call() throws Exception {
        try {
            return run();
        } catch (IllegalArgumentException | IllegalStateException | RecordedDataException e) {
            System.err.println("symoe bench cost: " + e.getMessage());
            return 2;
        }
    }

    private int run() throws IOException {
        if (ks.isEmpty() || ks.stream().anyMatch(k -> k < 1)) {
            throw new IllegalArgumentException("--k values must be >= 1");
        }
        List<Double> ls = lambdas == null || lambdas.isEmpty() ? CostSweep.DEFAULT_LAMBDAS : lambdas;
        if (ls.stream().anyMatch(l -> !(l >= 0) || l.isInfinite())) {
            throw new IllegalArgumentException("--lambdas must be finite and >= 0");
        }
        boolean embedding = switch (skills.toLowerCase(Locale.ROOT)) {
            case "embedding" -> true;
            case "none" -> false;
            default -> throw new IllegalArgumentException("--skills must be embedding or none");
        };
        for (Path p : List.of(train, test)) {
            if (!Files.isRegularFile(p)) {
                throw new IllegalArgumentException("no such file: " + p);
            }
        }
        RecordedDataset trainData = RouterBenchReader.read(train);
        RecordedDataset testData = RouterBenchReader.read(test);
        Map<String, float[]> embeddings = embedding ? embed(CostSweep.stems(trainData, testData)) : null;
        CostSweep sweep = new CostSweep(trainData, testData, embeddings);
        int maxK = sweep.models().size();
        if (ks.stream().anyMatch(k -> k > maxK)) {
            throw new IllegalArgumentException("--k values must be <= the " + maxK + " models");
        }
        List<CostPoint> points = sweep.run(ks, ls);
        System.out.print(markdown(points));
        if (json != null) {
            writeJson(points, json);
            System.err.println("points written to " + json.toAbsolutePath());
        }
        return 0;
    }

    private static Map<String, float[]> embed(List<String> texts) {
        System.err.println("embedding " + texts.size() + " questions (cached in " + CachingEmbedder.defaultDir() + ") ...");
        try (MiniLmEmbedder minilm = new MiniLmEmbedder()) {
            float[][] v = new CachingEmbedder(minilm, CachingEmbedder.defaultDir()).embed(texts);
            Map<String, float[]> out = new LinkedHashMap<>();
            for (int i = 0; i < texts.size(); i++) {
                out.put(texts.get(i), v[i]);
            }
            return out;
        }
    }

    /**
     * The single models and baselines among {@code points} that dominate {@code p}: no dearer, no less accurate,
     * and strictly better at one of the two.
     */
    public static List<String> dominatedBy(CostPoint p, List<CostPoint> points) {
        List<String> by = new ArrayList<>();
        for (CostPoint o : points) {
            if (!o.kind().equals("symoe") && o != p && dominates(o, p)) {
                by.add(o.name());
            }
        }
        return by;
    }

    /** The single models and baselines {@code p} dominates: it is no dearer and no less accurate, and better at one. */
    public static List<String> dominates(CostPoint p, List<CostPoint> points) {
        List<String> out = new ArrayList<>();
        for (CostPoint o : points) {
            if (!o.kind().equals("symoe") && o != p && dominates(p, o)) {
                out.add(o.name());
            }
        }
        return out;
    }

    /** Whether {@code a} is no dearer and no less accurate than {@code b}, and strictly better at one. */
    static boolean dominates(CostPoint a, CostPoint b) {
        return a.cost() <= b.cost() && a.accuracy() >= b.accuracy()
                && (a.cost() < b.cost() || a.accuracy() > b.accuracy());
    }

    static String markdown(List<CostPoint> points) {
        StringBuilder sb = new StringBuilder("| name | kind | accuracy % | USD / question | dominated by | dominates |\n")
                .append("|---|---|---|---|---|---|\n");
        for (CostPoint p : points) {
            boolean symoe = p.kind().equals("symoe");
            String by = symoe ? String.join(", ", dominatedBy(p, points)) : "";
            String over = symoe ? String.join(", ", dominates(p, points)) : "";
            sb.append(String.format(Locale.ROOT, "| %s | %s | %.2f | %.6f | %s | %s |%n", p.name(), p.kind(),
                    p.accuracy(), p.cost(), by, over));
        }
        return sb.toString();
    }

    static void writeJson(List<CostPoint> points, Path file) throws IOException {
        ObjectMapper m = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        ObjectNode root = m.createObjectNode();
        ArrayNode arr = root.putObject("cost_sweep").putArray("points");
        for (CostPoint p : points) {
            arr.addObject().put("name", p.name()).put("kind", p.kind()).put("cost", p.cost()).put("accuracy", p.accuracy());
        }
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        m.writeValue(file.toFile(), root);
    }
}
