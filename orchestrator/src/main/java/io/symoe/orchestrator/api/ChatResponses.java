package io.symoe.orchestrator.api;

import io.symoe.core.ExpertOutput;
import io.symoe.core.RecruitedExpert;
import io.symoe.core.Skill;
import io.symoe.core.TokenCounts;
import io.symoe.orchestrator.pipeline.SolveResult;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.List;

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

    /** Skills listed in the provenance: the strongest few say why; hundreds of neighbours would only add bytes. */
    public static final int MAX_SKILLS_SHOWN = 10;

    /** The {@code symoe} provenance object of an ensemble answer. */
    public static JsonObject provenance(String pipeline, SolveResult r) {
        JsonArray skills = new JsonArray();
        List<Skill> strongest = r.skills().stream()
                .sorted(java.util.Comparator.comparingDouble(Skill::weight).reversed())
                .limit(MAX_SKILLS_SHOWN).toList();
        for (Skill s : strongest) {
            skills.add(new JsonObject().put("name", s.name()).put("weight", s.weight()));
        }
        JsonArray experts = new JsonArray();
        List<RecruitedExpert> recruited = r.assignment().experts();
        List<ExpertOutput> outputs = r.answer().experts();
        for (int i = 0; i < recruited.size(); i++) {
            RecruitedExpert e = recruited.get(i);
            JsonObject ej = new JsonObject().put("model", e.modelId()).put("weight", e.weight());
            if (i < outputs.size()) {
                ExpertOutput out = outputs.get(i);
                ej.put("answered_by", out.modelId())
                        .put("answer", out.extractedAnswer().orElse(null))
                        .put("latency_ms", out.latency().toMillis())
                        .put("completion_tokens", out.tokens().completion());
            }
            experts.add(ej);
        }
        return new JsonObject()
                .put("pipeline", pipeline)
                .put("skills", skills)
                .put("skills_total", r.skills().size())
                .put("experts", experts)
                .put("answer", r.answer().extractedAnswer().orElse(null))
                .put("aggregation", new JsonObject()
                        .put("strategy", r.answer().strategy())
                        .put("aggregator", r.assignment().aggregatorId())
                        .put("aggregator_skipped", !r.answer().aggregatorCalled()))
                .put("rerouted", new JsonObject(new java.util.LinkedHashMap<>(r.rerouted())))
                .put("timings_ms", new JsonObject(new java.util.LinkedHashMap<>(r.timingsMs())));
    }
}
