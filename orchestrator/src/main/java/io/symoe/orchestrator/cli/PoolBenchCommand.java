package io.symoe.orchestrator.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.symoe.core.AnswerFormat;
import io.symoe.core.Assignment;
import io.symoe.core.Instance;
import io.symoe.core.Task;
import io.symoe.core.config.SymoeConfig;
import io.symoe.core.generation.GenerationParams;
import io.symoe.core.generation.Prompt;
import io.symoe.modelpool.pool.ModelPool;
import io.symoe.modelpool.pool.ModelPoolFactory;
import io.symoe.modelpool.poolbench.PoolBenchmark;
import io.symoe.modelpool.resilience.BackendResilience;
import io.symoe.modelpool.schedule.GroupedScheduler;
import io.symoe.orchestrator.config.ConfigException;
import io.symoe.orchestrator.config.ConfigLoader;
import io.symoe.skillrouter.Router;
import io.symoe.skillrouter.RouterFactory;
import io.symoe.skillrouter.RouterResources;
import io.vertx.core.Vertx;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

/**
 * {@code symoe bench pool} (a contract): routed questions through the config's real pool — FIFO, the online grouped
 * dispatcher, the offline batch plan — counting real loads. With {@code ops/config/llama-server.yaml} every load is a
 * llama-server process start.
 */
@Command(name = "pool", mixinStandardHelpOptions = true,
        description = {"Batch-by-expert measured on the config's real pool: FIFO vs online grouped vs offline plan.",
                "Prints a Markdown table; --json writes {\"lower_bound_loads\",\"fifo\":{\"loads\",\"wall_s\",\"p95_s\",...},"
                        + "\"online\":{...},\"offline\":{...}}."})
public final class PoolBenchCommand implements Callable<Integer> {
    @Option(names = "--config", required = true, paramLabel = "FILE", description = "symoe config with pool and router.profiles")
    Path config;

    @Option(names = "--instances", defaultValue = "60", description = "questions to send (default: ${DEFAULT-VALUE})")
    int instances;

    @Option(names = "--questions", paramLabel = "FILE", defaultValue = "../shared/data/symbolic-moe/MMLU_Pro_test.json",
            description = "Symbolic-MoE question set, [{question, category, ...}] (default: ${DEFAULT-VALUE})")
    Path questions;

    @Option(names = "--max-tokens", defaultValue = "8", description = "tokens generated per call (default: ${DEFAULT-VALUE})")
    int maxTokens;

    @Option(names = "--max-wait-seconds", defaultValue = "60",
            description = "online dispatcher: longest a request waits for its model's turn (default: ${DEFAULT-VALUE})")
    double maxWaitSeconds;

    @Option(names = "--seed", defaultValue = "42", description = "question shuffle (default: ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--json", paramLabel = "FILE", description = "write the results as JSON")
    Path json;

    @Override
    public Integer call() throws Exception {
        SymoeConfig cfg;
        try {
            cfg = new ConfigLoader().load(config);
        } catch (ConfigException e) {
            System.err.println("symoe: invalid configuration: " + e.getMessage());
            return 2;
        }
        if (cfg.router().profiles() == null) {
            System.err.println("bench pool: " + config + " has no router.profiles; the questions must be routed "
                    + "(build profiles with symoe profiles-build, or see ops/config/llama-server.yaml)");
            return 2;
        }
        if (!Files.isRegularFile(questions)) {
            System.err.println("bench pool: no question set at " + questions + "; pass --questions FILE "
                    + "(a Symbolic-MoE JSON such as ../shared/data/symbolic-moe/MMLU_Pro_test.json)");
            return 2;
        }
        Router router = RouterFactory.create(cfg.router(), RouterResources.fromFiles(Path.of(cfg.router().profiles()), null));
        List<Instance> sample = sample(questions, instances, seed);
        List<Assignment> assignments = router.route(sample);
        Map<String, Prompt> prompts = new LinkedHashMap<>();
        sample.forEach(i -> prompts.put(i.id(), Prompt.ofUser(i.id(), i.text())));

        Vertx vertx = Vertx.vertx();
        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
        try (ModelPool pool = ModelPoolFactory.create(cfg.pool(), vertx, new BackendResilience(), timer,
                ModelPoolFactory.Options.DEFAULTS)) {
            PoolBenchmark.Result r = PoolBenchmark.run(pool, assignments, prompts,
                    GenerationParams.GREEDY.withMaxTokens(maxTokens),
                    new GroupedScheduler.Settings(maxWaitSeconds, 1.0, Integer.MAX_VALUE));
            System.out.print(PoolBenchmark.table(r));
            if (json != null) {
                Files.writeString(json, PoolBenchmark.json(r) + "\n");
            }
            return 0;
        } finally {
            timer.shutdownNow();
            vertx.close();
        }
    }

    /** {@code n} questions of the set, shuffled with the seed, each with its category for category routing. */
    static List<Instance> sample(Path file, int n, long seed) throws java.io.IOException {
        JsonNode all = new ObjectMapper().readTree(file.toFile());
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < all.size(); i++) {
            order.add(i);
        }
        Collections.shuffle(order, new Random(seed));
        Task task = new Task("mmlu-pro", new AnswerFormat.MultipleChoice(10));
        List<Instance> out = new ArrayList<>();
        for (int i : order.subList(0, Math.min(n, order.size()))) {
            JsonNode q = all.get(i);
            String category = q.path("category").asText("");
            out.add(new Instance("q" + i, q.path("question").asText(), task, List.of(),
                    category.isEmpty() ? Map.of() : Map.of("category", category)));
        }
        return out;
    }
}
