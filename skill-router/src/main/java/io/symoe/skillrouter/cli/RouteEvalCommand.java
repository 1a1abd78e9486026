package io.symoe.skillrouter.cli;

import io.symoe.core.config.RecruiterKind;
import io.symoe.core.config.SkillSource;
import io.symoe.core.recorded.RecordedDataset;
import io.symoe.core.recorded.RecordedQuestion;
import io.symoe.modelpool.recorded.MmluProOutputsReader;
import io.symoe.skillrouter.embedding.CachingEmbedder;
import io.symoe.skillrouter.embedding.MiniLmEmbedder;
import io.symoe.skillrouter.eval.Pools;
import io.symoe.skillrouter.eval.RoutingEvaluation;
import io.symoe.skillrouter.eval.Split;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code route-eval}: replays routing strategies on the recorded MMLU-Pro outputs and compares them with
 * {@code topk-vote} on questions the profiles never saw.
 */
@Command(name = "route-eval", mixinStandardHelpOptions = true,
        description = "Compare routing strategies against topk-vote on recorded MMLU-Pro outputs.")
public final class RouteEvalCommand implements Callable<Integer> {
    @Option(names = "--data", description = "MMLU-Pro outputs folder (default: ../shared/data/mmlu-pro-outputs)")
    Path data = Path.of("../shared/data/mmlu-pro-outputs");

    @Option(names = "--pool", description = "small | full | comma-separated model ids (default: ${DEFAULT-VALUE})")
    String pool = "small";

    @Option(names = "--split", description = "random | paper (the Symbolic-MoE 350/2100 split) (default: ${DEFAULT-VALUE})")
    String split = "random";

    @Option(names = "--paper-data", description = "folder of MMLU_Pro_{train,test}.json (default: ../shared/data/symbolic-moe)")
    Path paperData = Path.of("../shared/data/symbolic-moe");

    @Option(names = "--profile-fraction", description = "share of questions that build the profiles (default: ${DEFAULT-VALUE})")
    double profileFraction = 0.8;

    @Option(names = "--seed", description = "split and sampling seed (default: ${DEFAULT-VALUE})")
    long seed = 1;

    @Option(names = "-k", description = "experts per question (default: ${DEFAULT-VALUE})")
    int k = 3;

    @Option(names = "--skills", split = ",", description = "skill sources to evaluate (default: category,embedding)")
    List<String> skills = List.of("category", "embedding");

    @Option(names = "--recruiters", split = ",",
            description = "recruiters to evaluate (default: symbolic,top-k,competence-weighted,adaptive)")
    List<String> recruiters = List.of("symbolic", "top-k", "competence-weighted", "adaptive");

    @Option(names = "--cache", description = "embedding cache folder (default: $SYMOE_CACHE/embeddings or ~/.cache/symoe/embeddings)")
    Path cache = CachingEmbedder.defaultDir();

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        RecordedDataset ds = MmluProOutputsReader.read(data, MmluProOutputsReader.Options.OUTCOMES_ONLY);
        List<String> models = Pools.resolve(pool, ds.models());
        Split s = split.equals("paper")
                ? Split.paper(ds, paperData.resolve("MMLU_Pro_train.json"), paperData.resolve("MMLU_Pro_test.json"))
                : Split.random(ds, profileFraction, seed);
        List<SkillSource> sources = skills.stream().map(RouteEvalCommand::skillSource).toList();
        Map<String, float[]> embeddings = sources.contains(SkillSource.EMBEDDING) ? embed(ds, cache) : null;
        RoutingEvaluation eval = new RoutingEvaluation(ds, models, s, embeddings);
        out.printf("pool=%s (%d models)  split=%s  profile=%d  eval=%d  seed=%d%n", pool, models.size(), split,
                s.profile().size(), s.eval().size(), seed);
        RoutingEvaluation.Result base = eval.topkVote(k);
        out.println(base);
        for (SkillSource src : sources) {
            for (String r : recruiters) {
                var res = eval.evaluate(RoutingEvaluation.config(src, recruiterKind(r), k, seed));
                out.printf("%s  Δvote=%+.2f  Δweighted=%+.2f%n", res, 100 * (res.accuracy() - base.accuracy()),
                        100 * (res.weightedAccuracy() - base.accuracy()));
            }
        }
        out.flush();
        return 0;
    }

    /** MiniLM vectors of every recorded question, through the on-disk cache (one batch, keyed by all texts). */
    public static Map<String, float[]> embed(RecordedDataset ds, Path cacheDir) {
        List<String> texts = ds.questions().stream().map(RecordedQuestion::text).toList();
        float[][] v;
        try (MiniLmEmbedder e = new MiniLmEmbedder()) {
            v = new CachingEmbedder(e, cacheDir).embed(texts);
        }
        Map<String, float[]> byId = new HashMap<>(texts.size() * 2);
        for (int i = 0; i < v.length; i++) {
            byId.put(ds.questions().get(i).id(), v[i]);
        }
        return byId;
    }

    static SkillSource skillSource(String s) {
        return SkillSource.valueOf(s.trim().toUpperCase(java.util.Locale.ROOT).replace('-', '_'));
    }

    static RecruiterKind recruiterKind(String s) {
        return RecruiterKind.valueOf(s.trim().toUpperCase(java.util.Locale.ROOT).replace('-', '_'));
    }
}
