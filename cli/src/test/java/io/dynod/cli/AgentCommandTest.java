package io.dynod.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** Bad agent settings stop {@code dynod agent} before it starts: exit 2, one line naming the problem. */
class AgentCommandTest {
    @TempDir
    Path dir;

    @Test
    void aMissingConfigFileIsAUsageError() {
        assertThat(run("agent", "--config", dir.resolve("missing.env").toString()))
                .isEqualTo("2 dynod agent: config file " + dir.resolve("missing.env") + " does not exist\n");
    }

    @Test
    void aBadLineNamesFileAndLine() throws Exception {
        Path file = Files.writeString(dir.resolve("agent.env"), "DYNOD_HOME=" + dir + "\nDYNOD_STOP_GRACE=forever\n");
        assertThat(run("agent", "--config", file.toString()))
                .isEqualTo("2 dynod agent: " + file + ":2: \"forever\": expected a duration like 500ms, 30s, 5m or 1h\n");
        assertThat(dir.resolve("agent.token")).as("nothing started").doesNotExist();
    }

    @Test
    void aBadListenFlagIsAUsageError() {
        assertThat(run("agent", "--home", dir.toString(), "--listen", "nowhere"))
                .startsWith("2 dynod agent: flag for DYNOD_API_LISTEN: \"nowhere\": expected HOST:PORT");
    }

    private static String run(String... args) {
        StringWriter err = new StringWriter();
        CommandLine cli = Main.commandLine();
        cli.setErr(new PrintWriter(err));
        int code = cli.execute(args);
        return code + " " + err;
    }
}
