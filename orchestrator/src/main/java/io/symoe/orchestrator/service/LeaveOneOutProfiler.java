package io.symoe.orchestrator.service;

import io.symoe.core.Instance;
import io.symoe.modelpool.backend.replay.QuestionMatch;
import io.symoe.modelpool.backend.replay.QuestionMatcher;
import io.symoe.skillrouter.profile.ProfileBuilder;
import io.symoe.skillrouter.skills.SkillProfiler;
import io.symoe.skillrouter.skills.SkillsLeftOut;

import java.util.HashSet;
import java.util.Set;

/**
 * Replay mode serves the very recordings the profiles are built from. A recorded question asked again would find
 * itself as its nearest neighbour and route on its own known outcome — an answer key, not a routing decision. This
 * drops a question's own skill (and those of exact duplicates), so it is routed only on evidence from other
 * questions, as a new question would be. It finds "its own" with the replay backend's {@link QuestionMatcher}, so a
 * question is left out exactly when replay would serve it; when several recorded questions fit, all are left out.
 */
final class LeaveOneOutProfiler {
    private LeaveOneOutProfiler() {}

    static SkillProfiler of(SkillProfiler delegate, QuestionMatcher matcher) {
        return new SkillsLeftOut(delegate, instance -> own(matcher, instance));
    }

    private static Set<String> own(QuestionMatcher matcher, Instance instance) {
        Set<String> own = new HashSet<>();
        switch (matcher.match(instance.text())) {
            case QuestionMatch.Found f -> {
                own.add(ProfileBuilder.questionSkillName(f.question().id()));
                f.copies().forEach(c -> own.add(ProfileBuilder.questionSkillName(c.id())));
            }
            case QuestionMatch.Ambiguous a -> a.candidates().forEach(c -> own.add(ProfileBuilder.questionSkillName(c.id())));
            case QuestionMatch.Unrecorded u -> { }
        }
        return own;
    }
}
