package io.dynod.supervisor.logs;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Logplex's line format: {@code 2026-11-26T11:02:03.123456+00:00 app[web.1]: line} — an RFC 5424
 * timestamp in UTC with microseconds, the source, the dyno in brackets, then the text.
 */
public final class LogFormat {
    private static final DateTimeFormatter TIMESTAMP =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSSxxx").withZone(ZoneOffset.UTC);
    private static final Pattern LINE = Pattern.compile("(\\S+) (app|dynod)\\[([^\\]]+)\\]: (.*)", Pattern.DOTALL);

    private LogFormat() {
    }

    public static String timestamp(Instant at) {
        return TIMESTAMP.format(at.truncatedTo(ChronoUnit.MICROS));
    }

    public static String format(LogLine line) {
        return timestamp(line.at()) + ' ' + line.source().word() + '[' + line.dyno() + "]: " + line.text();
    }

    /** Reads a line written by {@link #format}; throws naming the line when it is not one. */
    public static LogLine parse(String text) {
        Matcher m = LINE.matcher(text);
        if (!m.matches()) {
            throw new IllegalArgumentException("not a log line: '" + text + "'");
        }
        try {
            Instant at = TIMESTAMP.parse(m.group(1), Instant::from);
            return new LogLine(at, LogSource.fromWord(m.group(2)), m.group(3), m.group(4));
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("bad timestamp in log line: '" + text + "'", e);
        }
    }
}
