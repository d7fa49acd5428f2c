package io.dynod.supervisor.release;

/** A line of an input file that was skipped, with where it is and why: {@code Procfile:3: warning: ...}. */
public record SourceWarning(String file, int line, String message) {
    @Override
    public String toString() {
        return file + ":" + line + ": warning: " + message;
    }
}
