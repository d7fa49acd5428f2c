package io.dynod.supervisor.logs;

/**
 * How far a dyno's log file has been read: the file's identity ({@code dev:inode}, so a rotated
 * file is told from its successor) and the byte offset just after the last line delivered.
 * The agent persists it with the dyno's state.
 */
public record LogPosition(String fileId, long offset) {
    /** Whatever file is at the path, from its first byte. */
    public static final LogPosition START = new LogPosition("", 0);

    public LogPosition {
        if (fileId == null) {
            throw new IllegalArgumentException("log position needs a file id (empty for any)");
        }
        if (offset < 0) {
            throw new IllegalArgumentException("log offset cannot be negative: " + offset);
        }
    }
}
