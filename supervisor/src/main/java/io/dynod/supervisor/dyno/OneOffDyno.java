package io.dynod.supervisor.dyno;

import java.nio.file.Path;

/** A running one-off dyno ({@code run.N}): its process, and the file its output goes to. */
public record OneOffDyno(String app, DynoName name, DynoHandle handle, Path logFile, Path exitStatusFile) {
}
