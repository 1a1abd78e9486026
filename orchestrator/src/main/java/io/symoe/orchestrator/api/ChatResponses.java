package io.symoe.orchestrator.api;

import io.symoe.aggregator.strategy.VoteTally;
import io.symoe.core.ExpertOutput;
import io.symoe.core.RecruitedExpert;
import io.symoe.core.Skill;
import io.symoe.core.TokenCounts;
import io.symoe.orchestrator.pipeline.SolveResult;
import io.symoe.skillrouter.profile.ProfileBuilder;
import io.symoe.skillrouter.skills.SkillTopics;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes OpenAI chat-completion objects. The ensemble's provenance travels in an extra top-level {@code symoe}
 * object, which OpenAI clients ignore.
 */
public final class ChatResponses {
    private ChatResponses() {}

    public static JsonObject completion(String id, String model, long createdEpochSeconds, String content,
                                        String finishReason, TokenCounts usage, JsonObject symoe) {
        JsonObject o = new JsonObject()
                .put("id", id)
                .put("object", "chat.completion")
                .put("created", createdEpochSeconds)
                .put("model", model)
                .put("choices", new JsonArray().add(new JsonObject()
                        .put("index", 0)
                        .put("message", new JsonObject().put("role", "assistant").put("content", content))
                        .put("logprobs", (Object) null)
                        .put("finish_reason", finishReason)))
                .put("usage", usage(usage));
        if (symoe != null) {
            o.put("symoe", symoe);
        }
        return o;
    }

    /** One SSE chunk; {@code delta} carries the role on the first chunk and content after. */
    public static JsonObject chunk(String id, String model, long created, JsonObject delta, String finishReason) {
        return new JsonObject()
                .put("id", id)
                .put("object", "chat.completion.chunk")
                .put("created", created)
                .put("model", model)
                .put("choices", new JsonArray().add(new JsonObject()
                        .put("index", 0)
                        .put("delta", delta)
                        .put("logprobs", (Object) null)
                        .put("finish_reason", finishReason)));
    }

    public static JsonObject usage(TokenCounts t) {
        return new JsonObject()
                .put("prompt_tokens", t.prompt())
                .put("completion_tokens", t.completion())
                .put("total_tokens", t.total());
    }

    /** Neighbour questions listed in the provenance: the closest few say why; hundreds would only add bytes. */
    public static final int MAX_NEIGHBOURS_SHOWN = 10;

    /**
     * The {@code symoe} provenance object of an ensemble answer; the README documents it field by field
     * ("The symoe object").
     */
    public static JsonObject provenance(String pipeline, SolveResult r) {
        JsonObject o = new JsonObject()
                .put("pipeline", pipeline)
                .put("skills", skills(r));
        List<Skill> neighbours = r.skills().stream().filter(s -> ProfileBuilder.isQuestionSkill(s.name())).toList();
        if (!neighbours.isEmpty()) {
            JsonArray closest = new JsonArray();
            neighbours.stream().sorted(Comparator.comparingDouble(Skill::weight).reversed())
                    .limit(MAX_NEIGHBOURS_SHOWN)
                    .forEach(s -> closest.add(new JsonObject().put("id", s.name()).put("weight", s.weight())));
            o.put("neighbours", closest).put("neighbours_total", neighbours.size());
        }
        o.put("experts", experts(r))
                .put("answer", r.answer().extractedAnswer().orElse(null))
                .put("aggregation", aggregation(r));
        // Only when something happened: an empty object invited the question what it was for.
        if (!r.rerouted().isEmpty()) {
            o.put("rerouted", new JsonObject(new LinkedHashMap<>(r.rerouted())));
        }
        return o.put("timings_ms", new JsonObject(new LinkedHashMap<>(r.timingsMs())));
    }

    private static JsonArray skills(SolveResult r) {
        JsonArray skills = new JsonArray();
        for (SkillTopics.Topic t : r.topics()) {
            JsonObject tj = new JsonObject().put("name", t.name()).put("share", round(t.share()));
            if (t.neighbours() > 0) {
                tj.put("neighbours", t.neighbours());
            }
            skills.add(tj);
        }
        return skills;
    }

    private static JsonArray experts(SolveResult r) {
        JsonArray experts = new JsonArray();
        List<RecruitedExpert> recruited = r.assignment().experts();
        List<ExpertOutput> outputs = answersOf(r);
        for (int i = 0; i < recruited.size(); i++) {
            RecruitedExpert e = recruited.get(i);
            JsonObject ej = new JsonObject().put("model", e.modelId()).put("weight", e.weight());
            ExpertOutput out = outputs.get(i);
            if (out != null) {
                ej.put("answered_by", out.modelId())
                        .put("answer", out.extractedAnswer().orElse(null))
                        .put("latency_ms", out.latency().toMillis())
                        .put("completion_tokens", out.tokens().completion());
            }
            experts.add(ej);
        }
        return experts;
    }

    /**
     * Each recruited expert's output, aligned with {@code r.assignment().experts()} ({@code null} where it gave
     * none). Outputs are matched by model id, following {@code r.rerouted()} from a failed expert to the model that
     * answered in its place, never by list position: an expert that failed for good has no output, and pairing by
     * position would then show every later answer, latency and token count under the wrong model.
     */
    public static List<ExpertOutput> answersOf(SolveResult r) {
        Map<String, java.util.ArrayDeque<ExpertOutput>> byModel = new LinkedHashMap<>();
        for (ExpertOutput o : r.answer().experts()) {
            byModel.computeIfAbsent(o.modelId(), k -> new java.util.ArrayDeque<>()).add(o);
        }
        List<ExpertOutput> paired = new java.util.ArrayList<>();
        for (RecruitedExpert e : r.assignment().experts()) {
            String model = e.modelId();
            ExpertOutput out = null;
            // Bounded: a reroute chain visits each model at most once.
            for (int hops = 0; hops <= r.rerouted().size() && model != null; hops++) {
                var queue = byModel.get(model);
                if (queue != null && !queue.isEmpty()) {
                    out = queue.removeFirst();
                    break;
                }
                model = r.rerouted().get(model);
            }
            paired.add(out);
        }
        return paired;
    }

    private static JsonObject aggregation(SolveResult r) {
        JsonObject a = new JsonObject()
                .put("strategy", r.answer().strategy())
                .put("aggregator", r.assignment().aggregatorId())
                .put("aggregator_skipped", !r.answer().aggregatorCalled());
        r.aggregation().ifPresent(p -> {
            VoteTally tally = p.tally();
            JsonObject votes = new JsonObject();
            tally.support().forEach((answer, support) -> votes.put(answer, round(support)));
            a.put("votes", votes).put("tie", tally.tie());
            tally.decidedBy().ifPresent(rule -> {
                JsonObject weights = new JsonObject();
                tally.tied().forEach(answer -> weights.put(answer, round(tally.competence().get(answer))));
                // A synthesis that succeeded answered on its own; the tally's tie-break did not pick its answer.
                boolean modelDecided = p.modelCalled() && p.fallbackReason().isEmpty();
                a.put("tied_answers", new JsonArray(tally.tied()))
                        .put("tie_break", p.learned().isPresent() ? "learned-model"
                                : modelDecided ? "aggregator-model" : rule.label())
                        .put("tie_weights", weights);
            });
            p.learned().ifPresent(l -> {
                JsonObject scores = new JsonObject();
                l.scores().forEach((answer, score) -> scores.put(answer, round(score)));
                // Whether the model picked another answer than the plain vote would have: what it adds, visibly.
                boolean overruled = !tally.tied().contains(r.answer().extractedAnswer().orElse(null));
                a.put("learned", new JsonObject().put("scores", scores)
                        .put("training_questions", l.trainingQuestions()).put("overruled_vote", overruled));
            });
        });
        return a;
    }

    /** Four decimals: enough to compare weights, without float noise like 2.4779999999999998. */
    private static double round(double v) {
        return Math.round(v * 10_000) / 10_000.0;
    }
}
