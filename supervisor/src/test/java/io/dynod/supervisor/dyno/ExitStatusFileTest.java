package io.dynod.supervisor.dyno;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExitStatusFileTest {
    @TempDir
    Path dir;

    @Test
    void readsTheRecordedStatus() throws IOException {
        Files.writeString(dir.resolve("web.1.3.exit"), "137\n");
        assertThat(ExitStatusFile.read(dir.resolve("web.1.3.exit"))).isEqualTo(137);
    }

    /** The dyno is then handled as ended with an unknown status ("Process exited"), i.e. restarted by policy. */
    @Test
    void aMissingEmptyOrDamagedFileIsAnUnknownStatus() throws IOException {
        Path file = dir.resolve("web.1.4.exit");
        assertThat(ExitStatusFile.read(file)).isEqualTo(DynoRuntime.UNKNOWN_STATUS);
        Files.writeString(file, "");
        assertThat(ExitStatusFile.read(file)).isEqualTo(DynoRuntime.UNKNOWN_STATUS);
        Files.writeString(file, "1x\n");
        assertThat(ExitStatusFile.read(file)).isEqualTo(DynoRuntime.UNKNOWN_STATUS);
    }
}
