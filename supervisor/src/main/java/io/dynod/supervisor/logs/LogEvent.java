package io.dynod.supervisor.logs;

/** What a log subscriber receives: a line, or word that it was too slow and lost some. */
public sealed interface LogEvent {

    record Line(LogLine line) implements LogEvent {
    }

    /** {@code count} lines were dropped here because the subscriber's buffer was full. */
    record Lost(long count) implements LogEvent {
        /** Heroku's wording for a slow tail client (L11). */
        public String message() {
            return "Error L11 (Tail buffer overflow) -> " + count + " messages dropped: this tail client is too slow";
        }
    }
}
