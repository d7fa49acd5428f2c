package io.dynod.cli;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;

/** Times as Heroku's CLI shows them: {@code 2026/11/26 11:02:03 +0000 (~ 8m ago)}. */
final class HumanTime {

    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyy/MM/dd HH:mm:ss Z");

    private HumanTime() {}

    static String withAge(Instant at, Instant now, ZoneId zone) {
        return STAMP.format(at.atZone(zone)) + " (~ " + ago(Duration.between(at, now)) + ")";
    }

    static String ago(Duration elapsed) {
        long seconds = Math.max(0, elapsed.toSeconds());
        if (seconds <= 60) {
            return seconds + "s ago";
        }
        if (seconds <= 3600) {
            return seconds / 60 + "m ago";
        }
        if (seconds <= 25 * 3600) {
            return seconds / 3600 + "h ago";
        }
        return seconds / 86400 + "d ago";
    }
}
