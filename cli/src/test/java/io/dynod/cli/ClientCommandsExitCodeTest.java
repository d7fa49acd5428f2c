package io.dynod.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** Exit codes and the one error line of the client commands, without an agent. */
class ClientCommandsExitCodeTest {

    private final StringWriter err = new StringWriter();

    @Test
    void badInputIsAUsageErrorBeforeAnyCall() {
        assertThat(run("apps:create", "Bad_Name")).isEqualTo(2);
        assertThat(err.toString()).isEqualTo("dynod apps:create: app name \"Bad_Name\": must be 2 to 30 lowercase"
                + " letters, digits and dashes, starting with a letter\n");
    }

    @Test
    void badFormationIsAUsageError() {
        assertThat(run("ps:scale", "-a", "hello", "web=two")).isEqualTo(2);
        assertThat(err.toString()).isEqualTo("dynod ps:scale: formation \"web=two\": expected TYPE=QUANTITY[:SIZE],"
                + " like web=2:standard-2x (or web+1, web-1)\n");
    }

    @Test
    void badIdleAfterAndMissingAppAreUsageErrors() {
        assertThat(run("apps:update", "-a", "hello", "--idle-after", "soon")).isEqualTo(2);
        assertThat(err.toString()).contains("idle-after \"soon\": must be a duration like 90s, 5m or 2h, or \"off\"");
        assertThat(run("ps")).isEqualTo(2);
    }

    @Test
    void anUnreachableAgentFailsWithOneLineNamingIt() throws IOException {
        int port;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = socket.getLocalPort();
        }
        String url = "http://127.0.0.1:" + port;
        assertThat(run("apps", "--agent", url)).isEqualTo(1);
        assertThat(err.toString()).isEqualTo(
                "dynod apps: cannot connect to the agent at " + url + ": connection refused (is the agent running?)\n");
    }

    private int run(String... args) {
        CommandLine cli = Main.commandLine();
        cli.setErr(new PrintWriter(err, true));
        cli.setOut(new PrintWriter(new StringWriter(), true));
        return cli.execute(args);
    }
}
