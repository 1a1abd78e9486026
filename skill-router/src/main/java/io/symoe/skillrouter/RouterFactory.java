package io.symoe.skillrouter;

import io.symoe.skillrouter.recruit.SequentialRecruiter;
import io.symoe.skillrouter.adaptive.ServedStop;

import io.symoe.core.config.RecruiterKind;
import io.symoe.core.config.RouterConfig;
import io.symoe.skillrouter.recruit.AdaptiveRecruiter;
import io.symoe.skillrouter.recruit.CompetenceWeightedRecruiter;
import io.symoe.skillrouter.recruit.CostAwareRecruiter;
import io.symoe.skillrouter.recruit.Recruiter;
import io.symoe.skillrouter.recruit.SymbolicRecruiter;
import io.symoe.skillrouter.recruit.TopKRecruiter;
import io.symoe.skillrouter.skills.CategoryProfiler;
import io.symoe.skillrouter.skills.KeywordProfiler;
import io.symoe.skillrouter.skills.NearestQuestionProfiler;
import io.symoe.skillrouter.skills.SkillProfiler;

/** Builds the {@link Router} a {@link RouterConfig} selects, from the resources it needs. */
public final class RouterFactory {
    private RouterFactory() {
    }

    public static Router create(RouterConfig config, RouterResources resources) {
        if (resources == null || resources.profiles() == null) {
            throw new IllegalArgumentException("a router needs model profiles (router.profiles)");
        }
        return new Router(profiler(config, resources), recruiter(config, resources), resources.aggregators());
    }

    public static SkillProfiler profiler(RouterConfig config, RouterResources r) {
        return switch (config.skills()) {
            case CATEGORY -> new CategoryProfiler();
            case KEYWORDS -> {
                if (r.generator() == null) {
                    throw new IllegalArgumentException("router.skills = keywords needs a generator for keyword model "
                            + config.keywordModel());
                }
                yield new KeywordProfiler(r.generator(), config.keywordModel(), r.keywordMapper(), config.seed());
            }
            case EMBEDDING -> {
                if (r.embedder() == null || r.questionIndex() == null) {
                    throw new IllegalArgumentException("router.skills = embedding needs an embedder and a question index");
                }
                yield new NearestQuestionProfiler(r.embedder(), r.questionIndex());
            }
        };
    }

    public static Recruiter recruiter(RouterConfig config, RouterResources r) {
        RecruiterKind kind = config.recruiter();
        int k = config.k();
        return switch (kind) {
            case SYMBOLIC -> new SymbolicRecruiter(r.profiles(), k, config.seed());
            case TOP_K -> new TopKRecruiter(r.profiles(), k);
            case COMPETENCE_WEIGHTED -> new CompetenceWeightedRecruiter(r.profiles(), k);
            case COST_AWARE -> new CostAwareRecruiter(r.profiles(), k, r.costs(),
                    r.costWeight() == null ? CostAwareRecruiter.DEFAULT_LAMBDA : r.costWeight());
            case ADAPTIVE -> new AdaptiveRecruiter(r.profiles(), k, AdaptiveRecruiter.Policy.DEFAULT);
            case SEQUENTIAL -> new SequentialRecruiter(r.profiles(), ServedStop.choose(config, null), k);
        };
    }
}
