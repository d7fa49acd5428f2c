package io.dynod.protocol.model;

import java.time.Instant;

/**
 * A dyno, shaped like Heroku's dyno resource; {@code updatedAt} is when it entered its state.
 * {@code host} and {@code port} say where a web dyno listens (null when it has no port).
 */
public record Dyno(
        String name,
        String type,
        DynoState state,
        DynoSize size,
        String command,
        ReleaseRef release,
        String host,
        Integer port,
        Instant createdAt,
        Instant updatedAt) {

    public Dyno {
        Names.dynoName(name);
        Names.processType(type);
    }
}
