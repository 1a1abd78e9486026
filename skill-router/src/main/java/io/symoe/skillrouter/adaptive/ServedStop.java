package io.symoe.skillrouter.adaptive;

import io.symoe.core.config.RecruiterKind;
import io.symoe.core.config.RouterConfig;
import io.symoe.core.recorded.RecordedQuestion;
import io.symoe.skillrouter.Router;
import io.symoe.skillrouter.recruit.SequentialRecruiter;
import io.symoe.skillrouter.recruit.StopPolicy;

import java.util.List;

/**
 * Which stop rule a {@code recruiter: sequential} pipeline serves: an explicit {@code router.threshold} wins, else
 * the rule learned on the profiles' questions, else {@link StopPolicy#fallback()}.
 */
public final class ServedStop {
    private ServedStop() {}

    /** @param learned the rule learned with the profiles, or null */
    public static StopPolicy choose(RouterConfig config, StopPolicy learned) {
        if (config.threshold() != null) {
            return StopPolicy.configured(config.threshold());
        }
        return learned != null ? learned : StopPolicy.fallback();
    }

    /** Whether this pipeline would serve a learned rule: sequential, with no explicit threshold. */
    public static boolean wantsLearned(RouterConfig config) {
        return config.recruiter() == RecruiterKind.SEQUENTIAL && config.threshold() == null;
    }

    /** The mean calls per question to learn for: {@code router.target-calls}, else 0.6·k. */
    public static double targetCalls(RouterConfig config) {
        return config.targetCalls() != null ? config.targetCalls() : StopLearner.defaultTargetCalls(config.k());
    }

    /**
     * Learns the rule on recorded questions routed by {@code router}, whose profiler must leave each question's
     * own outcome out (otherwise the traces read the answer key and the threshold is learned too optimistic).
     */
    public static StopLearner.Learned learn(Router router, RouterConfig config, List<RecordedQuestion> questions) {
        return StopLearner.learn(StopTraces.of(router, questions), targetCalls(config), config.k());
    }

    /** {@code router} serving {@code policy} instead of its recruiter's rule; other recruiters are left alone. */
    public static Router serving(Router router, RouterConfig config, StopPolicy policy) {
        if (!(router.recruiter() instanceof SequentialRecruiter s)) {
            return router;
        }
        return new Router(router.profiler(), new SequentialRecruiter(s.profiles(), choose(config, policy), config.k()),
                router.aggregators(), router.topics());
    }
}
