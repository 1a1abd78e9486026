package io.symoe.orchestrator.eventbus;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.MessageCodec;

import java.io.IOException;

/**
 * Event-bus codec for one core record type: the record itself is delivered locally (records are immutable, so
 * no copy is needed), JSON across the cluster.
 */
public final class RecordCodec<T extends Record> implements MessageCodec<T, T> {
    private final Class<T> type;

    public RecordCodec(Class<T> type) {
        this.type = type;
    }

    @Override
    public void encodeToWire(Buffer buffer, T value) {
        try {
            byte[] json = DomainJson.mapper().writeValueAsBytes(value);
            buffer.appendInt(json.length).appendBytes(json);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot encode " + type.getSimpleName(), e);
        }
    }

    @Override
    public T decodeFromWire(int pos, Buffer buffer) {
        int length = buffer.getInt(pos);
        try {
            return DomainJson.mapper().readValue(buffer.getBytes(pos + 4, pos + 4 + length), type);
        } catch (IOException e) {
            throw new IllegalStateException("cannot decode " + type.getSimpleName(), e);
        }
    }

    @Override
    public T transform(T value) {
        return value;
    }

    @Override
    public String name() {
        return "symoe." + type.getSimpleName();
    }

    @Override
    public byte systemCodecID() {
        return -1;
    }
}
