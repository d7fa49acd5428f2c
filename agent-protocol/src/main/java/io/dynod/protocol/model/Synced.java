package io.dynod.protocol.model;

import java.time.Instant;

/** The end of the initial snapshot of {@code GET /v1/events}: what came before is the whole state. */
public record Synced(Instant at) implements Event {}
