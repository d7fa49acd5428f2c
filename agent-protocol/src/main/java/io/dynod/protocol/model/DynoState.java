package io.dynod.protocol.model;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** A dyno's state as Heroku's Platform API names it. */
public enum DynoState {
    STARTING,
    UP,
    CRASHED,
    DOWN,
    IDLE;

    @JsonValue
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    @Override
    public String toString() {
        return wireName();
    }
}
