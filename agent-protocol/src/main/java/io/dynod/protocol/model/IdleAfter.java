package io.dynod.protocol.model;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.time.Duration;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How long an app's web dynos may go without requests before they sleep: {@code 30m}, {@code 90s},
 * {@code 2h}, or {@code off} (never). On the wire it is that same string.
 */
public record IdleAfter(Optional<Duration> duration) {

    private static final Pattern SYNTAX = Pattern.compile("([1-9][0-9]{0,5})([smh])");
    private static final IdleAfter OFF = new IdleAfter(Optional.empty());

    public IdleAfter {
        Names.required("idle-after", duration);
    }

    public static IdleAfter off() {
        return OFF;
    }

    public static IdleAfter of(Duration duration) {
        if (duration.isZero() || duration.isNegative()) {
            throw new InvalidInputException("idle-after " + duration + ": must be positive");
        }
        return new IdleAfter(Optional.of(duration));
    }

    @JsonCreator
    public static IdleAfter parse(String text) {
        Names.required("idle-after", text);
        if (text.equals("off")) {
            return OFF;
        }
        Matcher matcher = SYNTAX.matcher(text);
        if (!matcher.matches()) {
            throw new InvalidInputException("idle-after \"" + text
                    + "\": must be a duration like 90s, 5m or 2h, or \"off\"");
        }
        long amount = Long.parseLong(matcher.group(1));
        return of(switch (matcher.group(2)) {
            case "s" -> Duration.ofSeconds(amount);
            case "m" -> Duration.ofMinutes(amount);
            default -> Duration.ofHours(amount);
        });
    }

    public boolean isOff() {
        return duration.isEmpty();
    }

    /** The shortest exact spelling: {@code 1h} rather than {@code 60m}, {@code 90s} stays. */
    @JsonValue
    @Override
    public String toString() {
        if (duration.isEmpty()) {
            return "off";
        }
        long seconds = duration.get().toSeconds();
        if (seconds % 3600 == 0) {
            return seconds / 3600 + "h";
        }
        if (seconds % 60 == 0) {
            return seconds / 60 + "m";
        }
        return seconds + "s";
    }
}
