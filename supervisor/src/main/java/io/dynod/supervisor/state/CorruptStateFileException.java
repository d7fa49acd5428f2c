package io.dynod.supervisor.state;

import java.io.IOException;
import java.nio.file.Path;

/** A state file exists but cannot be read back; the message names the file and how to recover. */
public final class CorruptStateFileException extends IOException {
    private final Path file;

    public CorruptStateFileException(Path file, String problem, Path previous, Throwable cause) {
        super("state file " + file + " is corrupt: " + problem + ". "
                + (previous != null
                        ? "The version before the last write is kept at " + previous + ": inspect both, then move the good one into place"
                        : "No previous version is kept: fix or remove the file")
                + "; the agent will not start over it, to avoid losing state", cause);
        this.file = file;
    }

    public Path file() {
        return file;
    }
}
