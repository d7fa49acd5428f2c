package io.dynod.supervisor.logs;

import java.util.Optional;

/**
 * {@code logs --dyno web.1 --source app}: a dyno filter of {@code web} matches every web dyno,
 * {@code web.1} only that one; empty means everything.
 */
public record LogFilter(Optional<String> dyno, Optional<LogSource> source) {
    public static final LogFilter ALL = new LogFilter(Optional.empty(), Optional.empty());

    public static LogFilter of(String dynoOrNull, LogSource sourceOrNull) {
        return new LogFilter(Optional.ofNullable(dynoOrNull), Optional.ofNullable(sourceOrNull));
    }

    public boolean matches(LogLine line) {
        if (source.isPresent() && source.get() != line.source()) {
            return false;
        }
        return dyno.isEmpty() || line.dyno().equals(dyno.get()) || line.dyno().startsWith(dyno.get() + ".");
    }
}
