package io.symoe.orchestrator.eventbus;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jdk8.Jdk8Module;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.symoe.core.AnswerFormat;

/**
 * JSON for core's records on the wire (event bus, cluster). core stays free of Jackson, so the polymorphism of
 * {@link AnswerFormat} is declared here with a mix-in.
 */
public final class DomainJson {
    private DomainJson() {}

    @JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
    @JsonSubTypes({
            @JsonSubTypes.Type(value = AnswerFormat.MultipleChoice.class, name = "multiple-choice"),
            @JsonSubTypes.Type(value = AnswerFormat.IntegerAnswer.class, name = "integer"),
            @JsonSubTypes.Type(value = AnswerFormat.FreeText.class, name = "free-text")})
    private interface AnswerFormatMixin {}

    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .addModule(new Jdk8Module())
            .addModule(new JavaTimeModule())
            .addMixIn(AnswerFormat.class, AnswerFormatMixin.class)
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(SerializationFeature.WRITE_DURATIONS_AS_TIMESTAMPS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    public static ObjectMapper mapper() {
        return MAPPER;
    }
}
