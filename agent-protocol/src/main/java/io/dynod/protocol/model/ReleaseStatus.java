package io.dynod.protocol.model;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** A release's status as Heroku's Platform API names it. */
public enum ReleaseStatus {
    PENDING,
    SUCCEEDED,
    FAILED;

    @JsonValue
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    @Override
    public String toString() {
        return wireName();
    }
}
