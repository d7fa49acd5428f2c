package io.dynod.supervisor.dyno;

import java.time.Instant;
import java.util.OptionalInt;

/**
 * A dyno moved from {@code from} to {@code to} at {@code at}, running release {@code release};
 * {@code port} is where it listens (web dynos). What {@code /v1/events} and a router follow.
 */
public record DynoChange(String app, DynoName dyno, DynoState from, DynoState to, int release, Instant at,
                         OptionalInt port) {
}
