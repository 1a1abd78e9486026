package io.symoe.orchestrator.service;

import io.symoe.aggregator.AggregatorOptions;
import io.symoe.aggregator.Aggregators;
import io.symoe.aggregator.extract.ExtractionMode;
import io.symoe.aggregator.learned.StackingModelFile;
import io.symoe.aggregator.strategy.Aggregator;
import io.symoe.core.config.AggregationStrategy;
import io.symoe.core.config.AggregatorConfig;
import io.symoe.core.config.PipelineConfig;
import io.symoe.core.config.SymoeConfig;
import io.symoe.core.generation.GenerationParams;
import io.symoe.core.generation.Generator;
import io.symoe.modelpool.pool.ModelPool;
import io.symoe.modelpool.pool.OnlineDispatcher;
import io.symoe.orchestrator.metrics.SymoeMetrics;
import io.symoe.orchestrator.pipeline.Pipeline;
import io.symoe.orchestrator.pipeline.SymoePipeline;
import io.symoe.skillrouter.Router;
import io.vertx.core.Vertx;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

/**
 * Every configured pipeline, by name (default first): the one {@link SymoePipeline} that serves both its chat
 * requests (behind {@link RecordedQuestionPipeline} in replay mode) and its batches.
 */
record PipelineAssembly(Map<String, Pipeline> online, Map<String, SymoePipeline> batches) {
    private static final System.Logger LOG = System.getLogger(PipelineAssembly.class.getName());

    static PipelineAssembly build(Vertx vertx, SymoeConfig config, ModelPool pool, OnlineDispatcher dispatcher,
                                  UnaryOperator<Generator> expertRoute, RecordedQuestions recorded,
                                  SymoeMetrics metrics, Readiness readiness) {
        Generator experts = expertRoute.apply(dispatcher);
        Map<String, Pipeline> online = new LinkedHashMap<>();
        Map<String, SymoePipeline> batches = new LinkedHashMap<>();
        config.allPipelines().forEach((name, pc) -> {
            Supplier<Router> router = readiness.register(name);
            AggregatorConfig chosen = withModelFile(pc);
            if (chosen.strategy() == AggregationStrategy.LEARNED && !pc.aggregator().strategySet()) {
                String note = "aggregator learned (implicit default: " + chosen.modelFile()
                        + " beside the profiles; set aggregator.strategy to override)";
                LOG.log(System.Logger.Level.INFO, "pipeline " + name + ": " + note);
                readiness.aggregatorNote(name, note);
            }
            Aggregator aggregator = Aggregators.fromConfig(chosen, AggregatorOptions.DEFAULTS, dispatcher);
            if (aggregator instanceof io.symoe.aggregator.strategy.LearnedAggregator la && la.staged().isPresent()) {
                var st = la.staged().get();
                readiness.stagedStop(name, String.format(java.util.Locale.ROOT, "%d stages, thresholds %s (%s: for"
                        + " at most %.2f calls, %.2f on %d validation questions)", st.maxExperts(), st.thresholds(),
                        chosen.modelFile(), st.choice().targetCalls(), st.choice().validationCalls(),
                        st.choice().validationQuestions()));
            }
            // Batches resolve each question to its recording too: the replay backend would otherwise look up a
            // client-chosen instance id ("1", "run:70") as a recorded question id before reading the text.
            SymoePipeline pipeline = new SymoePipeline(vertx, router, experts, pool, aggregator, GenerationParams.GREEDY,
                    ExtractionMode.STRICT, metrics, () -> router.get() != null, readiness::reason,
                    recorded == null ? SymoePipeline.Resolver.AS_SENT : RecordedQuestionPipeline.batchResolver(recorded));
            online.put(name, recorded == null ? pipeline : new RecordedQuestionPipeline(vertx, pipeline, recorded));
            batches.put(name, pipeline);
        });
        return new PipelineAssembly(Collections.unmodifiableMap(online), Collections.unmodifiableMap(batches));
    }

    /**
     * The learned aggregator's model, unless configured, is the one {@code profiles-build} wrote beside the profiles;
     * with no strategy set and such a file there, the learned aggregator is the default (it beats the vote over the
     * same experts in cross-validation, see the benchmarks README). An explicit strategy always wins.
     */
    static AggregatorConfig withModelFile(PipelineConfig pc) {
        AggregatorConfig a = pc.aggregator();
        if (a.strategySet() && (a.strategy() != AggregationStrategy.LEARNED || a.modelFile() != null)) {
            return a;
        }
        Path file = a.modelFile() != null ? Path.of(a.modelFile()) : besideProfiles(pc);
        if (!a.strategySet()) {
            return file != null && Files.isRegularFile(file)
                    ? a.withStrategy(AggregationStrategy.LEARNED).withModelFile(file.toString()) : a;
        }
        return file == null ? a : a.withModelFile(file.toString());
    }

    private static Path besideProfiles(PipelineConfig pc) {
        if (pc.router().profiles() == null) {
            return null;
        }
        Path profiles = Path.of(pc.router().profiles());
        Path dir = Files.isDirectory(profiles) ? profiles : profiles.toAbsolutePath().getParent();
        return dir.resolve(StackingModelFile.FILE_NAME);
    }
}
