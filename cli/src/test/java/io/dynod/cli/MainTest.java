package io.dynod.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class MainTest {

    @Test
    void helpListsEveryCommandOfTheProductSpec() {
        StringWriter out = new StringWriter();
        CommandLine cli = Main.commandLine();
        cli.setOut(new PrintWriter(out));
        int code = cli.execute("--help");
        assertThat(code).isZero();
        for (PlannedCommands.Entry planned : PlannedCommands.CATALOG) {
            assertThat(out.toString()).contains(planned.name());
        }
    }

    @Test
    void unknownCommandIsAUsageError() {
        CommandLine cli = Main.commandLine();
        cli.setErr(new PrintWriter(new StringWriter()));
        assertThat(cli.execute("no-such-command")).isEqualTo(2);
    }
}
