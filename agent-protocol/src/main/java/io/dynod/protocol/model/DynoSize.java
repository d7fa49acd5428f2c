package io.dynod.protocol.model;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** Heroku's dyno sizes and their memory quotas (PRODUCT.md §3). On the wire: {@code standard-2x}. */
public enum DynoSize {
    ECO("eco", 512),
    BASIC("basic", 512),
    STANDARD_1X("standard-1x", 512),
    STANDARD_2X("standard-2x", 1024),
    PERFORMANCE_M("performance-m", 2560),
    PERFORMANCE_L("performance-l", 14336);

    /** The size of a process type whose formation names none, as on Heroku's paid tiers. */
    public static final DynoSize DEFAULT = STANDARD_1X;

    private final String wireName;
    private final int memoryQuotaMb;

    DynoSize(String wireName, int memoryQuotaMb) {
        this.wireName = wireName;
        this.memoryQuotaMb = memoryQuotaMb;
    }

    @JsonValue
    public String wireName() {
        return wireName;
    }

    public int memoryQuotaMb() {
        return memoryQuotaMb;
    }

    /** Parses a size case-insensitively, so Heroku's spelling {@code Standard-2X} works too. */
    @JsonCreator
    public static DynoSize parse(String name) {
        Names.required("dyno size", name);
        String wanted = name.toLowerCase(Locale.ROOT);
        for (DynoSize size : values()) {
            if (size.wireName.equals(wanted)) {
                return size;
            }
        }
        throw new InvalidInputException("dyno size \"" + name + "\": must be one of " + allNames());
    }

    static String allNames() {
        return Arrays.stream(values()).map(DynoSize::wireName).collect(Collectors.joining(", "));
    }

    @Override
    public String toString() {
        return wireName;
    }
}
