package io.dynod.supervisor.dyno;

import io.dynod.supervisor.release.DynoSize;
import java.nio.file.Path;
import java.time.Instant;

/**
 * A running one-off dyno ({@code run.N}): what {@code ps} shows of it (command, size, release,
 * start), its process, and the file its output goes to.
 */
public record OneOffDyno(String app, DynoName name, String command, DynoSize size, int release, Instant startedAt,
                         DynoHandle handle, Path logFile, Path exitStatusFile) {
}
