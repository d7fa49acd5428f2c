package io.dynod.protocol.model;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;

/**
 * One line of {@code GET /v1/events} (NDJSON). The stream starts with the current state (an
 * {@code app} event per app, an {@code endpoint} event per routable web dyno), then one
 * {@link Synced}; after that, changes as they happen. Clients skip event types they don't know.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, include = JsonTypeInfo.As.PROPERTY, property = "type")
@JsonSubTypes({
    @JsonSubTypes.Type(value = AppChanged.class, name = "app"),
    @JsonSubTypes.Type(value = AppDestroyed.class, name = "app.destroyed"),
    @JsonSubTypes.Type(value = DynoStateChanged.class, name = "dyno.state"),
    @JsonSubTypes.Type(value = EndpointChanged.class, name = "endpoint"),
    @JsonSubTypes.Type(value = Synced.class, name = "synced")
})
public sealed interface Event permits AppChanged, AppDestroyed, DynoStateChanged, EndpointChanged, Synced {}
