package io.dynod.supervisor.dyno;

import io.dynod.supervisor.release.DynoSize;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalInt;

/**
 * Everything a {@link DynoRuntime} needs to start one dyno process: which app and dyno, the
 * release it runs, the shell command, the complete environment (config vars, {@code PORT},
 * {@code DYNO}, ...), its size, the app directory, the file its output is appended to, and the
 * file the exit status is to be written to (one per launch).
 */
public record DynoSpec(String app, DynoName name, int release, String command, Map<String, String> env,
                       OptionalInt port, DynoSize size, Path appDir, Path logFile, Path exitStatusFile) {
    public DynoSpec {
        Objects.requireNonNull(app, "app");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(command, "command");
        env = Map.copyOf(env);
        Objects.requireNonNull(port, "port");
        Objects.requireNonNull(size, "size");
        Objects.requireNonNull(appDir, "appDir");
        Objects.requireNonNull(logFile, "logFile");
        Objects.requireNonNull(exitStatusFile, "exitStatusFile");
    }
}
