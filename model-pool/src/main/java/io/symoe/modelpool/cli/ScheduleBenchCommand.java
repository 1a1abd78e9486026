package io.symoe.modelpool.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.symoe.core.recorded.RecordedDataset;
import io.symoe.core.recorded.RecordedQuestion;
import io.symoe.modelpool.recorded.MmluProOutputsReader;
import io.symoe.modelpool.schedule.CostModel;
import io.symoe.modelpool.schedule.GroupedScheduler;
import io.symoe.modelpool.schedule.Request;
import io.symoe.modelpool.simulation.ArrivalTrace;
import io.symoe.modelpool.simulation.CategoryTopKRecruiter;
import io.symoe.modelpool.simulation.ScheduleBenchmark;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.function.Function;

/**
 * {@code symoe bench schedule}: replays MMLU-Pro instances, routed to k = 3 experts, through the FIFO, online and
 * offline schedulers in simulated time and reports loads and waits. The flags and the JSON keys are a contract.
 *
 * <p>The questions are shuffled with {@code --seed}; the first half is the profile set the recruiter learns from,
 * the instances are drawn from the other half, so no instance routes on its own outcome.
 */
@Command(name = "schedule", mixinStandardHelpOptions = true,
        description = "Simulate FIFO vs online vs offline batch-by-expert scheduling on recorded MMLU-Pro routing.")
public final class ScheduleBenchCommand implements Callable<Integer> {

    /** Builds the recruiter from the profile questions; the default is the per-category top-k by accuracy. */
    private final Function<List<RecordedQuestion>, Function<RecordedQuestion, List<String>>> recruiterFactory;

    @Spec
    CommandSpec spec;

    @Option(names = "--outputs", required = true, description = "Directory of TIGER model_outputs_*.zip files.")
    Path outputs;

    @Option(names = "--instances", defaultValue = "2000", description = "Instances to replay (default ${DEFAULT-VALUE}).")
    int instances;

    @Option(names = "--load-seconds", defaultValue = "30", description = "Seconds to load a model (default ${DEFAULT-VALUE}).")
    double loadSeconds;

    @Option(names = "--gen-seconds", defaultValue = "2", description = "Seconds per generation (default ${DEFAULT-VALUE}).")
    double genSeconds;

    @Option(names = "--arrival-rate", description = "Poisson arrivals in instances per second; omitted: every instance arrives at time 0 (a batch).")
    Double arrivalRate;

    @Option(names = "--budget-models", defaultValue = "1", description = "Models resident at once (default ${DEFAULT-VALUE}).")
    int budgetModels;

    @Option(names = "--json", description = "Write the result as JSON to this file.")
    Path json;

    @Option(names = "--max-wait-seconds", description = "Online max wait per request (default: 10 x --load-seconds).")
    Double maxWaitSeconds;

    @Option(names = "--min-work-per-load", defaultValue = "1.0",
            description = "Online: swap when the batch's generation time >= this x load time (default ${DEFAULT-VALUE}).")
    double minWorkPerLoad;

    @Option(names = "--seed", defaultValue = "42", description = "Seed for the profile split and arrivals (default ${DEFAULT-VALUE}).")
    long seed;

    public ScheduleBenchCommand() {
        this(profile -> new CategoryTopKRecruiter(profile, 3));
    }

    public ScheduleBenchCommand(Function<List<RecordedQuestion>, Function<RecordedQuestion, List<String>>> recruiterFactory) {
        this.recruiterFactory = Objects.requireNonNull(recruiterFactory, "recruiterFactory");
    }

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        if (!Files.isDirectory(outputs)) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--outputs " + outputs + " is not a directory");
        }
        if (instances < 1 || budgetModels < 1 || !(loadSeconds >= 0) || !(genSeconds > 0)
                || (arrivalRate != null && !(arrivalRate > 0))) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(),
                    "need --instances >= 1, --budget-models >= 1, --load-seconds >= 0, --gen-seconds > 0, --arrival-rate > 0");
        }
        RecordedDataset data = MmluProOutputsReader.read(outputs, MmluProOutputsReader.Options.OUTCOMES_ONLY);
        List<RecordedQuestion> shuffled = new ArrayList<>(data.questions());
        shuffled.sort(Comparator.comparing(RecordedQuestion::id));
        Collections.shuffle(shuffled, new Random(seed));
        int half = shuffled.size() / 2;
        List<RecordedQuestion> profile = shuffled.subList(0, half);
        List<RecordedQuestion> pool = shuffled.subList(half, shuffled.size());
        if (instances > pool.size()) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(),
                    "--instances " + instances + " exceeds the " + pool.size() + " held-out questions of " + outputs);
        }
        Function<RecordedQuestion, List<String>> recruiter = recruiterFactory.apply(List.copyOf(profile));
        List<Request> trace = ArrivalTrace.build(pool.subList(0, instances), recruiter,
                arrivalRate == null ? 0 : arrivalRate, seed);
        double maxWait = maxWaitSeconds != null ? maxWaitSeconds : 10 * loadSeconds;
        ScheduleBenchmark.Report r = ScheduleBenchmark.run(trace, CostModel.uniform(loadSeconds, genSeconds), budgetModels,
                new GroupedScheduler.Settings(maxWait, minWorkPerLoad, Integer.MAX_VALUE));

        out.printf("%d instances, %d requests, %d distinct models (lower bound loads), load %.1fs, gen %.1fs, budget %d, %s%n",
                instances, r.requests(), r.lowerBoundLoads(), loadSeconds, genSeconds, budgetModels,
                arrivalRate == null ? "batch arrival at t=0" : "Poisson " + arrivalRate + " instances/s");
        out.printf("%-8s %8s %14s %14s %14s%n", "", "loads", "wait p50 (s)", "wait p95 (s)", "makespan (s)");
        print(out, "fifo", r.fifo());
        print(out, "online", r.online());
        print(out, "offline", r.offline());
        out.flush();
        if (json != null) {
            ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
            ObjectNode root = mapper.createObjectNode();
            root.put("lower_bound_loads", r.lowerBoundLoads());
            row(root.putObject("fifo"), r.fifo());
            row(root.putObject("online"), r.online());
            row(root.putObject("offline"), r.offline());
            Path parent = json.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            mapper.writeValue(json.toFile(), root);
        }
        return 0;
    }

    private static void print(PrintWriter out, String name, ScheduleBenchmark.Row row) {
        out.printf("%-8s %8d %14.1f %14.1f %14.1f%n", name, row.loads(), row.waitP50Seconds(), row.waitP95Seconds(), row.makespanSeconds());
    }

    private static void row(ObjectNode node, ScheduleBenchmark.Row row) {
        node.put("loads", row.loads());
        node.put("wait_p50_s", row.waitP50Seconds());
        node.put("wait_p95_s", row.waitP95Seconds());
    }
}
