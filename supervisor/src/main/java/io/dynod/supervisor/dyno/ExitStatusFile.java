package io.dynod.supervisor.dyno;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The file a dyno's shim writes its command's exit status to, read by an agent that was not its parent. */
final class ExitStatusFile {
    private ExitStatusFile() {}

    /** The status the shim recorded, or {@link DynoRuntime#UNKNOWN_STATUS} when it was killed before it could. */
    static int read(Path file) {
        try {
            return Integer.parseInt(Files.readString(file).trim());
        } catch (IOException | NumberFormatException e) {
            return DynoRuntime.UNKNOWN_STATUS; // no file: killed before the shim could write it
        }
    }
}
