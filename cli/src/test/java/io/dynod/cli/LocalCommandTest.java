package io.dynod.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The command line of {@code dynod local}: exit codes and one-line errors, without starting anything. */
class LocalCommandTest {

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        CommandLine cli = Main.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        return cli.execute(args);
    }

    @Test
    void isARealCommandWithTheForemanOptions() {
        assertThat(run("local", "--help")).isZero();
        assertThat(out.toString()).contains("PROCESS", "--procfile", "--env", "--formation", "--port", "--restart",
                "--can-die", "--timeout").doesNotContain("not built yet");
    }

    @Test
    void badFormationIsAUsageErrorNamingThePart() {
        assertThat(run("local", "-m", "web=two")).isEqualTo(2);
        assertThat(err.toString()).contains("count for \"web\" must be a number from 0 to 100, not \"two\"");
    }

    @Test
    void negativeGraceTimeAndBadPortAreUsageErrors() {
        assertThat(run("local", "-t", "-1")).isEqualTo(2);
        assertThat(err.toString()).contains("-t must be 0 or more seconds, not -1");
        assertThat(run("local", "-p", "70000")).isEqualTo(2);
        assertThat(err.toString()).contains("-p must be a port from 1 to 65535, not 70000");
    }

    @Test
    void missingProcfileFailsWithOneLineNamingIt(@TempDir Path dir) {
        Path procfile = dir.resolve("Procfile");
        assertThat(run("local", "-f", procfile.toString())).isEqualTo(1);
        assertThat(err.toString()).isEqualTo("dynod local: " + procfile + ": no such file" + System.lineSeparator());
    }
}
