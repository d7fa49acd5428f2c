package io.dynod.supervisor.logs;

import java.time.Instant;
import java.util.Objects;

/** One line of an app's log: when, who ({@code app} or {@code dynod}), which dyno, and the text. */
public record LogLine(Instant at, LogSource source, String dyno, String text) {
    public LogLine {
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(dyno, "dyno");
        Objects.requireNonNull(text, "text");
    }

    /** The logplex text form, see {@link LogFormat}. */
    @Override
    public String toString() {
        return LogFormat.format(this);
    }
}
