package io.dynod.supervisor.logs;

/** Who wrote a log line: the app's own output, or the agent about a dyno (Heroku's {@code heroku} source). */
public enum LogSource {
    APP("app"),
    DYNOD("dynod");

    private final String word;

    LogSource(String word) {
        this.word = word;
    }

    public String word() {
        return word;
    }

    public static LogSource fromWord(String word) {
        for (LogSource source : values()) {
            if (source.word.equals(word)) {
                return source;
            }
        }
        throw new IllegalArgumentException("unknown log source '" + word + "': expected app or dynod");
    }
}
