package io.dynod.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.dynod.router.table.RouteTable;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class RouterCommandTest {

    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        CommandLine cli = Main.commandLine();
        cli.setErr(new PrintWriter(err));
        return cli.execute(args);
    }

    @Test
    void routesOrBackendsAreRequired() {
        assertThat(run("router")).isEqualTo(2);
        assertThat(run("router", "--routes", "x", "--backends", "127.0.0.1:1")).isEqualTo(2);
    }

    @Test
    void badRoutesFileIsOneClearLine(@TempDir Path dir) throws Exception {
        Path routes = dir.resolve("routes");
        Files.writeString(routes, "app a 127.0.0.1:x\n");
        assertThat(run("router", "--routes", routes.toString(), "--port", "0")).isEqualTo(1);
        assertThat(err.toString().strip()).isEqualTo("dynod router: " + routes + ":1: port of '127.0.0.1:x' is not a number");
    }

    @Test
    void backendsBecomeOneCatchAllApp() throws Exception {
        CommandLine cli = Main.commandLine();
        cli.parseArgs("router", "--backends", "127.0.0.1:18081,127.0.0.1:18082");
        RouterCommand command = cli.getSubcommands().get("router").getCommand();
        RouteTable table = command.table();
        assertThat(table.defaultApp()).hasValue("default");
        assertThat(table.apps().get(0).endpoints()).extracting(e -> e.dyno() + "=" + e.port())
                .containsExactly("web.1=18081", "web.2=18082");
    }

    @Test
    void etcdIsAThirdWayToGetRoutes() {
        assertThat(run("router", "--routes", "x", "--etcd", "http://127.0.0.1:2379")).isEqualTo(2);
    }

    @Test
    void aBadEtcdUrlIsOneClearLine() {
        assertThat(run("router", "--etcd", "https://127.0.0.1:2379", "--port", "0")).isEqualTo(1);
        assertThat(err.toString().strip()).isEqualTo("dynod router: etcd endpoint \"https://127.0.0.1:2379\" must start "
                + "with http:// (TLS to etcd is not supported yet)");
    }

    @Test
    void aBadTrafficIntervalIsOneClearLine() {
        int exit = run("router", "--agent", "http://127.0.0.1:1", "--traffic-interval", "off", "--port", "0");
        assertThat(err.toString().strip()).isEqualTo("dynod router: --traffic-interval must be a duration, not off");
        assertThat(exit).isEqualTo(2);
    }
}
