package io.dynod.protocol.model;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** For enums whose wire name is their constant in lowercase: {@code UP} is {@code "up"}. */
public interface WireName {

    String name();

    @JsonValue
    default String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
