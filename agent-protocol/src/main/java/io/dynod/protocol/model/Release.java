package io.dynod.protocol.model;

import java.time.Instant;
import java.util.Map;

/** Release {@code vN} of an app: slug + config vars + process types, shaped like Heroku's release. */
public record Release(
        Integer version,
        String description,
        ReleaseStatus status,
        Boolean current,
        SlugRef slug,
        Map<String, String> processTypes,
        Instant createdAt,
        Instant updatedAt) {

    public Release {
        checkVersion(version);
        processTypes = ReleaseCreate.checkedProcessTypes(processTypes);
    }

    static Integer checkVersion(Integer version) {
        Names.required("release version", version);
        if (version < 1) {
            throw new InvalidInputException("release version " + version + ": must be 1 or more");
        }
        return version;
    }

    /** Parses {@code v12} or {@code 12}, as {@code dynod rollback -a APP v12} takes it. */
    public static int parseVersion(String text) {
        Names.required("release version", text);
        String digits = text.startsWith("v") ? text.substring(1) : text;
        if (!digits.matches("[1-9][0-9]{0,8}")) {
            throw new InvalidInputException("release version \"" + text + "\": must be like v12");
        }
        return Integer.parseInt(digits);
    }
}
