package io.dynod.supervisor.launch;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The shim on its own: it records the exit status in a file that outlives the agent. Runs anywhere. */
class ShimScriptIT {
    @TempDir
    Path base;

    @Test
    void exitStatusIsRecordedInTheGivenFile() throws Exception {
        Path shim = ShimScript.install(base.resolve("run"));
        Path dynoDir = Files.createDirectories(base.resolve("dyno"));
        ShimCommand command = new ShimCommand(shim, false, "web.1", dynoDir, base, 0, 1024, dynoDir.resolve("exit"), List.of(), List.of(),
                Map.of("A", "1"), Path.of("/usr/bin/tini"), "echo \"$A\"; exit 42");

        Process process = new ProcessBuilder(command.argv()).redirectErrorStream(true).start();

        assertThat(process.waitFor(10, TimeUnit.SECONDS)).isTrue();
        assertThat(new String(process.getInputStream().readAllBytes())).isEqualTo("1\n");
        assertThat(process.exitValue()).isEqualTo(42);
        assertThat(Files.readString(dynoDir.resolve("exit")).strip()).isEqualTo("42");
        assertThat(Files.getPosixFilePermissions(shim)).hasSize(3);
    }
}
