package io.dynod.supervisor.release;

import java.util.regex.Pattern;

/** A slug in the content-addressed slug cache, named by the sha256 of its archive. */
public record SlugRef(String sha256) {
    private static final Pattern HEX64 = Pattern.compile("[0-9a-f]{64}");

    public SlugRef {
        if (sha256 == null || !HEX64.matcher(sha256).matches()) {
            throw new IllegalArgumentException("bad slug sha256 '" + sha256 + "': expected 64 lower-case hex digits");
        }
    }
}
